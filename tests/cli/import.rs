//! Import: Markdown notes -> deck TOML through the real binary: every format variant of the
//! fixtures, partial failure, dry run, the real curriculum against an independent count, and
//! review history surviving a re-import.

use crate::common::{
    TestEnv, count_questions_and_gotchas, curriculum, curriculum_topics, fixture, review_rows,
};
use ecsdrill::deck::{self, Deck, DeckSources, Kind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The decks in `dir`, validated by the same loader `drill` uses.
fn load(dir: &Path) -> Vec<Deck> {
    deck::load(&DeckSources {
        builtin: false,
        paths: vec![dir.to_path_buf()],
    })
    .expect("imported decks validate")
    .decks
}

fn import_args(inputs: &[&Path], out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["import".to_string()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.push("--out".into());
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// Runs `import`, asserting success; returns stdout.
fn import(env: &TestEnv, inputs: &[&Path], out: &Path, extra: &[&str]) -> String {
    let args = import_args(inputs, out, extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args, "")
}

/// An environment that studies only the decks in `dir`.
fn studying(dir: &Path) -> TestEnv {
    TestEnv {
        decks: vec![dir.to_path_buf()],
        builtin: false,
        ..TestEnv::mini()
    }
}

fn counts(d: &Deck) -> (usize, usize) {
    let n = |k| d.cards.iter().filter(|c| c.kind == k).count();
    (n(Kind::Qa), n(Kind::Gotcha))
}

fn card<'a>(decks: &'a [Deck], slug: &str, id: &str) -> &'a ecsdrill::deck::Card {
    decks
        .iter()
        .find(|d| d.topic.slug == slug)
        .and_then(|d| d.cards.iter().find(|c| c.id == id))
        .unwrap_or_else(|| panic!("no card {slug}/{id}"))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// What each Markdown shape of the `import/notes` fixture becomes in a card.
fn assert_card_shapes(decks: &[Deck]) {
    // Bold Q + blockquote: the label is dropped, the list kept.
    let c = card(decks, "bread-baking", "dough-need-rest");
    assert_eq!(c.q, "Why does dough need to rest?");
    assert!(c.a.starts_with("- Gluten relaxes"), "{}", c.a);
    // Code blocks and tables in answers stay Markdown.
    let c = card(decks, "bread-baking", "check-loaf-done");
    assert!(
        c.a.contains("```sh\nprobe --min 93 --unit C\n```"),
        "{}",
        c.a
    );
    assert!(c.a.contains("| soft  | 88 C |"), "{}", c.a);
    // `**Q:**` label with the question after it, answer in a plain paragraph.
    assert_eq!(
        card(decks, "bread-baking", "salt-bread").a,
        "Salt tightens gluten and slows the yeast down."
    );
    // `### Q<n>:` headings under difficulty headings, `**Power Answer:**` dropped.
    let c = card(decks, "knife-skills", "claw-grip");
    assert!(c.a.starts_with("Curl the fingertips"), "{}", c.a);
    assert!(!c.a.contains("Power Answer"));
    let c = card(decks, "knife-skills", "sharpen-whetstone");
    assert!(c.a.starts_with("```text\n1. Soak the stone"), "{}", c.a);
    // Gotcha subsections, an indented code block fenced.
    let c = card(decks, "oven-gotchas", "dial-lies");
    assert_eq!(
        c.q,
        "Gotcha: The Dial Lies. What is the catch, and why does it matter?"
    );
    let c = card(decks, "oven-gotchas", "convection-needs-lower-temperatures");
    assert!(
        c.a.ends_with("```\nfan_temp = recipe_temp - 15\n```"),
        "{}",
        c.a
    );
    // Top-level EDGE CASE sections, their sub-headings part of the body.
    let c = card(decks, "kitchen-incidents", "smoke-alarm-during-searing");
    assert!(
        c.q.starts_with("Edge case: Smoke Alarm During Searing."),
        "{}",
        c.q
    );
    assert!(
        c.a.contains("### Scenario B: Residue Burning Off"),
        "{}",
        c.a
    );
    // Emoji and other-language headings.
    for id in [
        "zu-viel-mehl",
        "kalte-butter",
        "pourquoi-laisser-reposer-la-pate",
        "por-que-se-anade-sal-al-pan",
    ] {
        card(decks, "kueche-und-cuisine", id);
    }
    // Bold questions outside interview sections are not questions.
    assert!(
        decks
            .iter()
            .flat_map(|d| &d.cards)
            .all(|c| !c.q.contains("outside an interview") && !c.q.contains("is this")),
    );
}

#[test]
fn import_reads_every_format_variant() {
    let env = TestEnv::builtin();
    let out = env.dir.path().join("decks");
    let stdout = import(&env, &[&fixture("import/notes")], &out, &[]);

    let decks = load(&out);
    let by_source: BTreeMap<&str, (usize, usize)> = decks
        .iter()
        .map(|d| (d.topic.source.as_str(), counts(d)))
        .collect();
    let expected: BTreeMap<&str, (usize, usize)> = [
        ("Phase-1_Kitchen-Basics/01_Bread_Baking.md", (3, 0)),
        ("Phase-1_Kitchen-Basics/02_Knife_Skills.md", (3, 0)),
        ("Phase-2_Kitchen-Trouble/01_Oven_Gotchas.md", (1, 3)),
        ("Phase-2_Kitchen-Trouble/02_Kitchen_Incidents.md", (1, 2)),
        ("Phase-3_Kitchen-Abroad/01_Kueche_Und_Cuisine.md", (2, 2)),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_source, expected);

    // Phase, order, slug and title from the path and the first heading; file layout.
    let knives = decks
        .iter()
        .find(|d| d.topic.slug == "knife-skills")
        .unwrap();
    assert_eq!((knives.topic.phase, knives.topic.order), (1, 2));
    assert_eq!(knives.topic.title, "Knife Skills — Question Bank");
    assert!(out.join("phase-1/02-knife-skills.toml").is_file());
    assert!(
        files_under(&out).iter().all(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && name.ends_with(".toml")
        }),
        "no temp files are left behind"
    );

    // The table: one row per file, the file with nothing to import as a warning row.
    let shopping = stdout
        .lines()
        .find(|l| l.contains("02_Shopping_List.md"))
        .expect("a row for every file");
    assert!(
        shopping.contains("no interview or gotcha section"),
        "{shopping}"
    );
    let bread = stdout
        .lines()
        .find(|l| l.contains("01_Bread_Baking.md"))
        .unwrap();
    assert!(bread.contains("phase-1/01-bread-baking.toml"), "{bread}");
    assert!(
        stdout.contains("wrote 5 deck(s) with 17 card(s)"),
        "{stdout}"
    );

    assert_card_shapes(&decks);

    // The output passes `check`, and drill shows a code block on lines of its own.
    assert!(
        env.ok(&["check", out.to_str().unwrap()], "")
            .starts_with("ok: 5 deck(s), 17 card(s)")
    );
    let study = studying(&out);
    let shown = study.ok(&["show", "bread-baking/check-loaf-done"], "");
    assert!(
        shown.contains("\n```sh\nprobe --min 93 --unit C\n```\n"),
        "{shown}"
    );
    let drill = study.ok(
        &["drill", "--topic", "bread-baking", "--limit", "2"],
        "\n4\n\n4\n",
    );
    assert!(
        drill.contains("\n```sh\nprobe --min 93 --unit C\n```\n"),
        "{drill}"
    );
}

#[test]
fn dry_run_prints_the_table_and_writes_nothing() {
    let env = TestEnv::builtin();
    let out = env.dir.path().join("decks");
    let stdout = import(&env, &[&fixture("import/notes")], &out, &["--dry-run"]);
    assert!(stdout.contains("01_Bread_Baking.md"), "{stdout}");
    assert!(
        stdout.contains("dry run: 5 deck(s) with 17 card(s)"),
        "{stdout}"
    );
    assert!(!out.exists(), "dry run created {}", out.display());
}

#[test]
fn unreadable_files_fail_at_the_end_after_importing_the_rest() {
    let env = TestEnv::builtin();
    let out = env.dir.path().join("decks");
    let missing = env.dir.path().join("missing.md");
    let args = import_args(&[&fixture("import/broken"), &missing], &out, &[]);
    let run = env.cmd().args(&args).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stdout = String::from_utf8(run.stdout).unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    // One line per failed file, in the order of the inputs.
    assert!(
        lines[0].starts_with("error: file is not UTF-8 (byte 5): ")
            && lines[0].ends_with("01_Latin1.md:1:6"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("error: cannot read: ") && lines[1].ends_with("missing.md"),
        "{stderr}"
    );
    // The good file was still imported, and the table was printed.
    assert!(out.join("phase-0/02-fine.toml").is_file());
    assert!(stdout.contains("02_Fine.md"), "{stdout}");
    assert!(stdout.contains("2 file(s) failed"), "{stdout}");
    assert_eq!(load(&out).len(), 1);
}

#[test]
fn reimport_keeps_the_history_of_unchanged_cards() {
    let env = TestEnv::builtin();
    let notes = env.dir.path().join("notes/Phase-2_Kitchen");
    std::fs::create_dir_all(&notes).unwrap();
    let md = notes.join("01_Oven_Gotchas.md");
    std::fs::copy(
        fixture("import/notes/Phase-2_Kitchen-Trouble/01_Oven_Gotchas.md"),
        &md,
    )
    .unwrap();
    let root = env.dir.path().join("notes");
    let out = env.dir.path().join("decks");
    import(&env, &[&root], &out, &[]);

    let study = studying(&out);
    let drill = study.ok(&["drill", "--limit", "1"], "\n4\n");
    assert!(drill.contains("The Dial Lies"), "{drill}");
    let first = "oven-gotchas/dial-lies";
    assert!(!study.ok(&["show", first], "").contains("No reviews yet."));

    // Edit another card's answer and import again.
    let text = std::fs::read_to_string(&md).unwrap();
    let edited = text.replace(
        "Peek through the window instead.",
        "Look through the glass instead.",
    );
    assert_ne!(text, edited);
    std::fs::write(&md, edited).unwrap();
    let stdout = import(&env, &[&root], &out, &[]);
    assert!(stdout.contains("wrote 1 deck(s)"), "{stdout}");

    let shown = study.ok(&["show", first], "");
    assert!(!shown.contains("No reviews yet."), "{shown}");
    assert!(shown.contains("reps 1"), "{shown}");
    assert!(
        study.card("oven-gotchas/opening-door-drops-heat")["a"]
            .as_str()
            .unwrap()
            .contains("Look through the glass")
    );
    let rows = review_rows(&study.db());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, first);

    // Renumbering the file moves the deck; the old generated deck is replaced, not duplicated.
    std::fs::rename(&md, notes.join("03_Oven_Gotchas.md")).unwrap();
    let stdout = import(&env, &[&root], &out, &[]);
    assert!(
        stdout.contains("replaces phase-2/01-oven-gotchas.toml"),
        "{stdout}"
    );
    assert!(!out.join("phase-2/01-oven-gotchas.toml").exists());
    assert!(out.join("phase-2/03-oven-gotchas.toml").is_file());
    assert!(!study.ok(&["show", first], "").contains("No reviews yet."));
}

#[test]
fn curriculum_import_matches_an_independent_count() {
    let Some(root) = curriculum() else { return };
    let env = TestEnv::builtin();
    let out = env.dir.path().join("decks");
    let stdout = import(&env, &[&root], &out, &[]);
    let decks = load(&out);
    let topics = curriculum_topics(&root);
    assert_eq!(topics.len(), 32);
    assert_eq!(decks.len(), 32, "one deck per topic file");
    for file in &topics {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        let expected = count_questions_and_gotchas(&text);
        let deck = decks
            .iter()
            .find(|d| d.topic.source == rel)
            .unwrap_or_else(|| panic!("no deck for {rel}"));
        assert_eq!(counts(deck), expected, "{rel}: (questions, gotchas)");
        let name = Path::new(&rel).file_name().unwrap().to_string_lossy();
        assert_eq!(deck.topic.order, name[..2].parse::<u32>().unwrap(), "{rel}");
    }
    assert!(
        env.ok(&["check", out.to_str().unwrap()], "")
            .starts_with("ok: 32 deck(s)")
    );

    // The same slugs as the built-ins: together they clash, with a hint; alone they load.
    assert!(stdout.contains("--no-builtin --decks"), "{stdout}");
    let both = TestEnv {
        decks: vec![out.clone()],
        builtin: true,
        ..TestEnv::mini()
    };
    let stderr = both.fails(&["decks"], 2);
    assert!(
        stderr.lines().count() == 1
            && stderr.contains("reuse built-in topic slugs")
            && stderr.contains("--no-builtin"),
        "{stderr}"
    );
    studying(&out).ok(&["decks"], "");

    // Importing again gives the same ids (and the same files).
    let again = env.dir.path().join("again");
    import(&env, &[&root], &again, &[]);
    let ids = |decks: &[Deck]| -> Vec<String> {
        decks
            .iter()
            .flat_map(|d| {
                d.cards
                    .iter()
                    .map(move |c| format!("{}/{}", d.topic.slug, c.id))
            })
            .collect()
    };
    assert_eq!(ids(&load(&again)), ids(&decks));
    for f in files_under(&out) {
        let twin = again.join(f.strip_prefix(&out).unwrap());
        assert_eq!(
            std::fs::read_to_string(&f).unwrap(),
            std::fs::read_to_string(&twin).unwrap(),
            "{}",
            f.display()
        );
    }
    let stdout = import(&env, &[&root], &out, &[]);
    assert!(stdout.contains("(32 unchanged)"), "{stdout}");
}
