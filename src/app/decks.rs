//! The decks of one run, read only when they changed.
//!
//! Every command used to read and parse every deck file before opening the database (with
//! 50,000 user cards, ~170 ms of each run). Now [`load`] first compares the sources' `stat`
//! fingerprint with the one stored at the last sync: when they match, the database already
//! holds exactly these decks and stands in for them (card ids, topic slugs); nothing is read.
//! Otherwise the decks are loaded and validated as before, and [`super::open_store`] syncs
//! them and stores the new fingerprint.

use super::Context;
use crate::deck::{self, DeckSet};
use crate::error::Result;
use crate::store::{Access, Store};

/// The decks of a run: parsed (`set`), or known to be what the database holds (`set` is
/// `None` and `store` is open).
pub(crate) struct Decks {
    pub(super) set: Option<DeckSet>,
    pub(super) store: Option<Store>,
    pub(super) fingerprint: String,
}

impl Decks {
    /// Whether a topic of that slug is loaded.
    pub(crate) fn has_topic(&self, slug: &str) -> Result<bool> {
        match (&self.set, &self.store) {
            (Some(set), _) => Ok(set.decks.iter().any(|d| d.topic.slug == slug)),
            (None, Some(store)) => store.has_active_topic(slug),
            (None, None) => Ok(false),
        }
    }

    /// Whether a card of that full id (`<topic>/<card>`) is loaded.
    pub(crate) fn has_card(&self, id: &str) -> Result<bool> {
        match (&self.set, &self.store) {
            (Some(set), _) => Ok(id.split_once('/').is_some_and(|(slug, card)| {
                set.decks
                    .iter()
                    .any(|d| d.topic.slug == slug && d.cards.iter().any(|c| c.id == card))
            })),
            (None, Some(store)) => store.has_active_card(id),
            (None, None) => Ok(false),
        }
    }
}

/// The decks of `ctx`: from the database when its stored fingerprint matches the sources,
/// else loaded and validated. A database that does not exist yet is not created here, so bad
/// decks or arguments still write nothing.
pub(crate) fn load(ctx: &Context) -> Result<Decks> {
    let fingerprint = deck::fingerprint(&ctx.decks)?;
    // A peek that fails (a database another process is creating right now, say) only means
    // the decks are read as before; opening for real later reports any lasting problem.
    let store = ctx
        .db_path
        .is_file()
        .then(|| peek(ctx, &fingerprint))
        .flatten();
    match store {
        Some((store, true)) => Ok(Decks {
            set: None,
            store: Some(store),
            fingerprint,
        }),
        store => Ok(Decks {
            set: Some(deck::load(&ctx.decks)?),
            store: store.map(|(s, _)| s),
            fingerprint,
        }),
    }
}

/// The database, opened to read, and whether its stored fingerprint is `fingerprint`.
fn peek(ctx: &Context, fingerprint: &str) -> Option<(Store, bool)> {
    let store = Store::open_for(&ctx.db_path, Access::Read).ok()?;
    let same = store.deck_fingerprint().ok()?.as_deref() == Some(fingerprint);
    Some((store, same))
}
