//! export-progress / import-progress: a backup restores the same schedules and history.

use crate::common::{TestEnv, review_rows};

#[test]
fn exported_progress_restores_into_a_new_database() {
    let mut env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "5"], "");
    env.ok(&["grade", "beta/two", "2"], "");
    env.ok(&["suspend", "alpha/three"], "");
    env.on("2026-01-11");
    env.ok(&["grade", "alpha/one", "4"], "");
    env.ok(&["grade", "beta/two", "3"], "");
    env.ok(&["undo"], "");
    env.ok(&["plan", "--interview", "2026-02-01"], "");
    let file = env.dir.path().join("backup.json");
    let out = env.ok(&["export-progress", file.to_str().unwrap()], "");
    assert!(
        out.contains("exported 3 card schedule(s) and 4 review(s)"),
        "{out}"
    );

    let other = TestEnv {
        now: env.now.clone(),
        ..TestEnv::mini()
    };
    let out = other.ok(&["import-progress", file.to_str().unwrap()], "");
    assert!(
        out.contains("imported 4 review(s) and recomputed 3 card(s)"),
        "{out}"
    );
    assert_eq!(
        other.json(&["cards", "--json"]),
        env.json(&["cards", "--json"])
    );
    assert_eq!(review_rows(&other.db()), review_rows(&env.db()));
    assert_eq!(
        other.ok(&["show", "beta/two"], ""),
        env.ok(&["show", "beta/two"], "")
    );
    assert_eq!(other.json(&["status", "--json"])["interview"], "2026-02-01");

    // Importing the same file again adds nothing.
    let out = other.ok(&["import-progress", file.to_str().unwrap()], "");
    assert!(
        out.contains("imported 0 review(s)") && out.contains("4 review(s) were already here"),
        "{out}"
    );
    assert_eq!(review_rows(&other.db()).len(), 4);
}

#[test]
fn bad_progress_files_are_refused_and_write_nothing() {
    let env = TestEnv::mini();
    let file = env.dir.path().join("bad.json");
    std::fs::write(
        &file,
        "{\n  \"format\": \"ecsdrill-progress\",\n  \"version\": 1,\n  oops\n}\n",
    )
    .unwrap();
    let err = env.fails(&["import-progress", file.to_str().unwrap()], 2);
    assert!(
        err.contains("not a valid progress file") && err.contains("bad.json:4:"),
        "{err}"
    );
    std::fs::write(
        &file,
        r#"{"format":"ecsdrill-progress","version":9,"exported_at":"x","interview_date":null,"cards":[],"reviews":[]}"#,
    )
    .unwrap();
    let err = env.fails(&["import-progress", file.to_str().unwrap()], 2);
    assert!(
        err.contains("version 9 is not one this ecsdrill reads"),
        "{err}"
    );
    env.fails(&["import-progress", "/nonexistent/progress.json"], 1);
    let err = env.fails(&["export-progress", env.dir.path().to_str().unwrap()], 2);
    assert!(
        err.contains("output is a directory, not a regular file"),
        "{err}"
    );
    assert!(!env.db().exists());
}
