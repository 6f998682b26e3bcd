//! Fitting the shell: `add` into the user deck folder, `cards --grep`, `status --short`, the
//! bare command, usage lines, one-line deck clashes.

use crate::common::{TestEnv, fixture};

#[test]
fn add_writes_a_checked_card_that_is_studied_with_its_topic() {
    let env = TestEnv::mini();
    let out = env.ok(
        &["add", "--topic", "alpha", "--id", "from-incident"],
        "gotcha\nWhat broke at 3am?\nThe \"quoted\" cron.\n\nthree|3am, cron\n",
    );
    assert!(out.contains("added alpha/from-incident"), "{out}");
    let file = env.dir.path().join("home/data/ecsdrill/decks/alpha.toml");
    let text = std::fs::read_to_string(&file).expect("user deck written");
    assert!(text.contains("slug = \"alpha\""), "{text}");
    assert!(env.ok(&["check"], "").contains("ok: 2 deck(s), 6 card(s)"));
    let card = env.card("alpha/from-incident");
    assert_eq!(card["kind"], "gotcha");
    assert_eq!(card["a"], "The \"quoted\" cron.");
    let found = env.ok(&["cards", "--grep", "CRON"], "");
    assert!(
        found.contains("alpha/from-incident") && found.contains("1 card(s)"),
        "{found}"
    );
    // The same id again is refused and the file stays as it was.
    let err = env.fails(&["add", "--topic", "alpha", "--id", "from-incident"], 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    // A missing answer writes nothing either.
    let mut cmd = env.cmd();
    cmd.args(["add", "--topic", "beta"])
        .write_stdin("qa\nQ?\n\n");
    cmd.assert().code(2);
    assert!(
        !env.dir
            .path()
            .join("home/data/ecsdrill/decks/beta.toml")
            .exists()
    );
}

#[test]
fn short_status_is_one_line_and_silent_on_errors() {
    let env = TestEnv::mini();
    env.ok(&["drill"], "\n4\n");
    assert_eq!(
        env.ok(&["status", "--short"], ""),
        "ecsdrill: 0 due · 2 new · streak 1\n"
    );
    let broken = TestEnv::mini();
    std::fs::create_dir(broken.db()).unwrap();
    let out = broken.cmd().args(["status", "--short"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn bare_ecsdrill_gives_an_overview_with_the_next_command() {
    let env = TestEnv::mini();
    let out = env.ok(&[], "");
    assert!(out.contains("Today (2026-01-10): 0 due · 3 new"), "{out}");
    assert!(out.contains("Next: ecsdrill drill"), "{out}");
}

#[test]
fn usage_lines_do_not_claim_the_env_database_is_required() {
    let env = TestEnv::mini();
    let err = env.fails(&["show"], 2);
    assert!(err.contains("Usage: ecsdrill show"), "{err}");
    assert!(!err.contains("--db"), "{err}");
}

#[test]
fn decks_clashing_with_the_builtins_give_one_line_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for slug in ["what-is-ecr", "oci-standard", "ecs-security-model"] {
        let deck = std::fs::read_to_string(fixture("decks/mini/alpha.toml"))
            .unwrap()
            .replace("slug = \"alpha\"", &format!("slug = \"{slug}\""));
        std::fs::write(dir.path().join(format!("{slug}.toml")), deck).unwrap();
    }
    let mut env = TestEnv::builtin();
    env.decks = vec![dir.path().to_path_buf()];
    let err = env.fails(&["decks"], 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("3 deck(s) reuse built-in topic slugs"),
        "{err}"
    );
    assert!(err.contains("--no-builtin"), "{err}");
}

#[test]
fn completion_candidates_come_from_the_loaded_decks() {
    let env = TestEnv::mini();
    assert_eq!(env.ok(&["__complete", "topics"], ""), "alpha\nbeta\n");
    let cards = env.ok(&["__complete", "cards"], "");
    assert!(cards.lines().any(|l| l == "alpha/one"), "{cards}");
    assert!(cards.lines().all(|l| l.contains('/')), "{cards}");
}
