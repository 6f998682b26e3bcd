//! `add`: a new card in the user's own deck for a topic, so a gotcha met in a real incident
//! becomes a card without hand-writing TOML.
//!
//! The card goes to `<slug>.toml` in the user deck folder, a deck with the same `[topic]`
//! header as the topic's deck, which the loader folds into that topic. The new file text is
//! parsed with the deck schema before anything is written, so a bad answer writes nothing.

use super::{Context, user_path, write_atomically};
use crate::cli::AddArgs;
use crate::deck::{self, Deck, Kind};
use crate::error::{Error, Result};
use crate::session::Prompter;

/// What the person typed.
struct NewCard {
    kind: Kind,
    q: String,
    a: String,
    more: Option<String>,
    keys: Vec<String>,
}

/// A TOML string literal (quoted and escaped).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// An id from the question: its first words, lower case, joined by dashes.
fn id_from(q: &str) -> String {
    let words: Vec<String> = q
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "card".to_string()
    } else {
        words.join("-")
    }
}

/// The `[topic]` header a new user deck starts with: a copy of the topic's own.
fn header(deck: &Deck) -> String {
    let t = &deck.topic;
    format!(
        "# Your own cards for {}, written by `ecsdrill add`. The [topic] header is the same as\n\
         # the built-in deck's, so these cards are studied with that topic.\n\
         [topic]\nphase = {}\norder = {}\nslug = {}\ntitle = {}\nsource = {}\n",
        t.title,
        t.phase,
        t.order,
        quoted(&t.slug),
        quoted(&t.title),
        quoted(&t.source)
    )
}

fn card_toml(id: &str, c: &NewCard) -> String {
    let mut s = format!(
        "\n[[card]]\nid = {}\nkind = {}\nq = {}\na = {}\n",
        quoted(id),
        quoted(c.kind.as_str()),
        quoted(&c.q),
        quoted(&c.a)
    );
    if let Some(more) = &c.more {
        s += &format!("more = {}\n", quoted(more));
    }
    if !c.keys.is_empty() {
        let keys: Vec<String> = c.keys.iter().map(|k| quoted(k)).collect();
        s += &format!("keys = [{}]\n", keys.join(", "));
    }
    s += "tags = [\"mine\"]\n";
    s
}

/// Asks one field; `None` at the end of input.
fn field(prompter: &mut dyn Prompter, label: &str) -> Result<Option<String>> {
    Ok(prompter.input(label)?.map(|s| s.trim().to_string()))
}

fn required(prompter: &mut dyn Prompter, label: &str) -> Result<String> {
    match field(prompter, label)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(Error::Invalid(format!(
            "{label} is required; nothing was written"
        ))),
    }
}

fn ask(prompter: &mut dyn Prompter) -> Result<NewCard> {
    let kind_text = field(prompter, "kind (qa, gotcha, scenario) [qa]")?.unwrap_or_default();
    let kind = if kind_text.is_empty() {
        Kind::Qa
    } else {
        Kind::parse(&kind_text).ok_or_else(|| {
            Error::Invalid(format!(
                "kind must be qa, gotcha or scenario: {kind_text:?}; nothing was written"
            ))
        })?
    };
    let q = required(prompter, "question")?;
    let a = required(prompter, "answer")?;
    let more = field(prompter, "more (optional)")?.filter(|s| !s.is_empty());
    let keys = field(
        prompter,
        "key terms, comma-separated, 2-5, `|` for alternatives (optional)",
    )?
    .unwrap_or_default()
    .split(',')
    .map(str::trim)
    .filter(|k| !k.is_empty())
    .map(str::to_string)
    .collect();
    Ok(NewCard {
        kind,
        q,
        a,
        more,
        keys,
    })
}

pub fn add(ctx: &Context, args: &AddArgs, prompter: &mut dyn Prompter) -> Result<String> {
    let decks = deck::load(&ctx.decks)?;
    let Some(topic) = decks.decks.iter().find(|d| d.topic.slug == args.topic) else {
        return Err(Error::Invalid(format!(
            "unknown topic: {} (`ecsdrill decks` lists the topics)",
            args.topic
        )));
    };
    let dir = ctx.user_decks.clone().ok_or_else(|| {
        Error::Invalid("no home directory to keep your decks in; set XDG_DATA_HOME".into())
    })?;
    let taken = |id: &str| -> Result<()> {
        if topic.cards.iter().any(|c| c.id == id) {
            return Err(Error::Invalid(format!(
                "{}/{id} already exists; pass --id to choose another id; nothing was written",
                topic.topic.slug
            )));
        }
        Ok(())
    };
    if let Some(id) = &args.id {
        taken(id)?;
    }
    prompter.say(&format!(
        "New card for {} ({}); empty optional answers are skipped.",
        topic.topic.title, topic.topic.slug
    ))?;
    let card = ask(prompter)?;
    let id = args.id.clone().unwrap_or_else(|| id_from(&card.q));
    taken(&id)?;
    let path = dir.join(format!("{}.toml", topic.topic.slug));
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => header(topic),
        Err(e) => return Err(io(e)),
    };
    let text = existing + &card_toml(&id, &card);
    let shown = user_path(ctx, &path);
    deck::schema::parse(&shown, &text).map_err(Error::Deck)?;
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    write_atomically(&path, text.as_bytes())?;
    let full = format!("{}/{id}", topic.topic.slug);
    Ok(format!(
        "added {full} to {shown}\n`ecsdrill show {full}` shows it; `ecsdrill check` validates your decks.\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_question() {
        assert_eq!(
            id_from("Why does my task stop with CannotPullContainerError?"),
            "why-does-my-task-stop-with"
        );
        assert_eq!(id_from("¿?"), "card");
    }

    #[test]
    fn written_cards_parse_with_the_deck_schema() {
        let topic = deck::load(&deck::DeckSources {
            builtin: true,
            paths: vec![],
        })
        .unwrap()
        .decks
        .remove(0);
        let card = NewCard {
            kind: Kind::Gotcha,
            q: "A \"quoted\" question\nover two lines?".into(),
            a: "An answer with \\ and ''' inside.".into(),
            more: None,
            keys: vec!["one|uno".into(), "two".into()],
        };
        let text = header(&topic) + &card_toml("x-1", &card);
        let deck = deck::schema::parse("mine.toml", &text).unwrap();
        assert_eq!(deck.topic, topic.topic);
        assert_eq!(deck.cards[0].q, card.q);
        assert_eq!(deck.cards[0].a, card.a);
        assert_eq!(deck.cards[0].keys, card.keys);
        assert_eq!(deck.cards[0].kind, Kind::Gotcha);
    }
}
