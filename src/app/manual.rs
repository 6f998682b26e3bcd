//! The manual page: clap's title, synopsis, description and options, then the sections clap
//! cannot know: the commands (all in this one page), the drill keys, the environment, the
//! files and the exit status.

use crate::cli::Cli;
use crate::error::Result;
use clap::CommandFactory;

/// `text` safe as roff text: backslashes and hyphens escaped, no control line.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with(['.', '\'']) {
        format!("\\&{t}")
    } else {
        t
    }
}

/// A section of `.TP` entries: (tag, text).
fn section(title: &str, entries: &[(&str, &str)]) -> String {
    let mut s = format!(".SH {title}\n");
    for (tag, text) in entries {
        s += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text));
    }
    s
}

const KEYS: &[(&str, &str)] = &[
    ("Space, Enter", "reveal the answer"),
    (
        "0 .. 5",
        "grade the card at once (0 blackout .. 5 perfect); below 4 it comes back in this session",
    ),
    (
        "m",
        "show the card's extra depth (commands, config, worked numbers)",
    ),
    (
        "u",
        "take back the last grade, at the question or the answer, and show that card again",
    ),
    ("s", "suspend this card (y confirms)"),
    (
        "q, Esc, Ctrl-D, Ctrl-C",
        "end the session with its summary; every grade is already saved",
    ),
    (
        "--type: Enter twice, Ctrl-D",
        "check the typed answer against the card's key terms (Esc quits while typing)",
    ),
    (
        "--type: Enter, Space",
        "accept the suggested grade (a digit gives another)",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("ECSDRILL_DB", "the database file (as --db)"),
    (
        "ECSDRILL_DECKS",
        "extra deck files or folders, ':'-separated (as --decks)",
    ),
    (
        "ECSDRILL_NOW",
        "\"now\" for every command: RFC 3339, or a local date and time without an offset",
    ),
    (
        "ECSDRILL_CONFIG",
        "the config file to read instead of the default one",
    ),
    ("NO_COLOR", "no colours unless --color always"),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME",
        "where the database, your decks and the config file live",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_DATA_HOME/ecsdrill/ecsdrill.db",
        "grades and schedules (SQLite)",
    ),
    (
        "$XDG_DATA_HOME/ecsdrill/decks/",
        "your own decks: written by `ecsdrill add`, loaded by every command",
    ),
    (
        "$XDG_CONFIG_HOME/ecsdrill/config.toml",
        "settings; `ecsdrill config` shows each one and where it comes from",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "success"),
    ("1", "runtime failure: I/O or database"),
    (
        "2",
        "invalid input: arguments, deck files, dates, grades, unknown ids",
    ),
    (
        "130",
        "interrupted by Ctrl-C outside a drill screen (every grade given is saved)",
    ),
];

/// The whole page in roff.
pub fn page() -> Result<String> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    let commands: Vec<(String, String)> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| {
            (
                format!("ecsdrill {}", s.get_name()),
                s.get_about().map(|a| a.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let commands: Vec<(&str, &str)> = commands
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    text += &section("COMMANDS", &commands);
    text += ".PP\n`ecsdrill COMMAND \\-\\-help` shows each command's options.\n";
    text += &section("KEYS", KEYS);
    text += ".PP\nWhen standard input is not a terminal, drill and quiz read one command a line instead: an empty line reveals, 0\\-5 grades, m, u, q. With \\-\\-type the answer is the lines up to an empty line, and an empty line then accepts the suggested grade.\n";
    text += &section("ENVIRONMENT", ENVIRONMENT);
    text += &section("FILES", FILES);
    text += &section("EXIT STATUS", EXIT_STATUS);
    let mut version = Vec::new();
    man.render_version_section(&mut version)?;
    text += &String::from_utf8_lossy(&version);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_its_sections_and_no_pages_that_do_not_exist() {
        let page = page().unwrap();
        for s in [
            "KEYS",
            "ENVIRONMENT",
            "FILES",
            "EXIT STATUS",
            "COMMANDS",
            "OPTIONS",
        ] {
            assert!(page.contains(&format!(".SH {s}\n")), "{s}");
        }
        assert!(
            !page.contains("ecsdrill-drill(1)") && !page.contains("(1)\n"),
            "{page}"
        );
        assert!(page.contains("ECSDRILL_NOW"));
        assert!(!page.contains("__complete"));
    }
}
