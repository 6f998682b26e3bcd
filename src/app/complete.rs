//! Shell completion: clap's generated scripts, plus the topic slugs and card ids of the decks
//! you actually load, which a static script cannot know. The scripts ask the hidden
//! `ecsdrill __complete topics|cards` for them at completion time.

use super::Context;
use crate::cli::{Cli, CompleteWhat};
use crate::deck;
use clap_complete::Shell;

const BASH: &str = r#"
# Topic slugs after --topic and card ids after show/grade/suspend/unsuspend, from the decks.
_ecsdrill_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" sub="" w
    for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        case "$w" in -*) ;; *) sub="$w"; break ;; esac
    done
    if [[ "$prev" == "--topic" ]]; then
        COMPREPLY=($(compgen -W "$(ecsdrill __complete topics 2>/dev/null)" -- "$cur"))
        return 0
    fi
    case "$sub" in
        show|grade|suspend|unsuspend)
            if [[ "$cur" != -* && "$prev" == "$sub" ]]; then
                COMPREPLY=($(compgen -W "$(ecsdrill __complete cards 2>/dev/null)" -- "$cur"))
                return 0
            fi ;;
    esac
    _ecsdrill "$@"
}
complete -F _ecsdrill_dynamic -o nosort -o bashdefault -o default ecsdrill
"#;

const ZSH_HELPERS: &str = r#"
# Topic slugs and card ids from the decks ecsdrill loads.
_ecsdrill_topics() { local -a t; t=(${(f)"$(ecsdrill __complete topics 2>/dev/null)"}); compadd -a t }
_ecsdrill_cards() { local -a c; c=(${(f)"$(ecsdrill __complete cards 2>/dev/null)"}); compadd -a c }
"#;

const FISH: &str = r#"
# Topic slugs and card ids from the decks ecsdrill loads.
complete -c ecsdrill -n "__fish_seen_subcommand_from drill quiz cards add" -l topic -f -a "(ecsdrill __complete topics 2>/dev/null)"
complete -c ecsdrill -n "__fish_seen_subcommand_from show grade suspend unsuspend" -f -a "(ecsdrill __complete cards 2>/dev/null)"
"#;

/// Points zsh's value completers for topics and card ids at the helpers.
fn zsh(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + ZSH_HELPERS.len());
    for (i, line) in script.lines().enumerate() {
        let line = if line.starts_with("'*--topic=") || line.starts_with("'--topic=") {
            line.replace(":_default'", ":_ecsdrill_topics'")
        } else if line.starts_with("':id") {
            line.replace(":_default'", ":_ecsdrill_cards'")
        } else {
            line.to_string()
        };
        out += &line;
        out.push('\n');
        if i == 0 {
            out += ZSH_HELPERS;
        }
    }
    out
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ecsdrill", &mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => text + BASH,
        Shell::Zsh => zsh(&text),
        Shell::Fish => text + FISH,
        _ => text,
    }
}

/// `__complete topics|cards`: one slug or full card id a line; nothing when the decks cannot
/// be loaded (a completion must never print an error into the command line).
pub fn candidates(ctx: &Context, what: CompleteWhat) -> String {
    let Ok(set) = deck::load(&ctx.decks) else {
        return String::new();
    };
    let mut out = String::new();
    for d in &set.decks {
        match what {
            CompleteWhat::Topics => {
                out += &d.topic.slug;
                out.push('\n');
            }
            CompleteWhat::Cards => {
                for c in &d.cards {
                    out += &format!("{}/{}\n", d.topic.slug, c.id);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_complete_topics_and_ids_from_the_decks() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("complete -F _ecsdrill_dynamic"));
        let zsh = script(Shell::Zsh);
        assert!(zsh.starts_with("#compdef ecsdrill\n"));
        assert!(zsh.contains(":TOPIC:_ecsdrill_topics'"));
        assert!(zsh.contains(":_ecsdrill_cards'"));
        assert!(!zsh.contains(":TOPIC:_default'"));
        let fish = script(Shell::Fish);
        assert!(fish.contains("-l topic -f -a \"(ecsdrill __complete topics"));
    }
}
