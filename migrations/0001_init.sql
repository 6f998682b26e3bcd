-- ecsdrill schema, version 1. Append-only: later changes go in new numbered files.

-- One row per curriculum topic seen in any deck. `active` = 0 once no loaded deck holds it.
CREATE TABLE topics (
    slug    TEXT PRIMARY KEY,
    phase   INTEGER NOT NULL,
    ord     INTEGER NOT NULL,
    title   TEXT NOT NULL,
    source  TEXT NOT NULL,
    active  INTEGER NOT NULL DEFAULT 1
);

-- One row per card ever loaded, keyed by its full id "<topic slug>/<card id>".
-- Content columns follow the deck; schedule columns are ours and survive edits.
-- A card that leaves the decks is retired (hidden from study), never deleted.
CREATE TABLE cards (
    id             TEXT PRIMARY KEY,
    topic          TEXT NOT NULL REFERENCES topics(slug),
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    level          TEXT,
    q              TEXT NOT NULL,
    a              TEXT NOT NULL,
    more           TEXT,
    tags           TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    retired        INTEGER NOT NULL DEFAULT 0,
    suspended      INTEGER NOT NULL DEFAULT 0,
    reps           INTEGER NOT NULL DEFAULT 0,
    interval_days  INTEGER NOT NULL DEFAULT 0,
    ease           INTEGER NOT NULL DEFAULT 250, -- hundredths: 250 is EF 2.50
    due            TEXT,                         -- YYYY-MM-DD, NULL while new
    lapses         INTEGER NOT NULL DEFAULT 0,
    last_review    TEXT                          -- YYYY-MM-DD
);
CREATE INDEX cards_topic ON cards(topic, position);
CREATE INDEX cards_due ON cards(due) WHERE retired = 0 AND suspended = 0;

-- Every grade ever given. Rows are never deleted; `undone` marks a grade taken back.
-- The old_* columns hold the card's schedule before the grade, so undo restores it exactly.
CREATE TABLE reviews (
    id               INTEGER PRIMARY KEY,
    reviewed_at      TEXT NOT NULL,    -- RFC 3339 instant
    study_day        TEXT NOT NULL,    -- YYYY-MM-DD after the day rollover
    card_id          TEXT NOT NULL REFERENCES cards(id),
    phase            INTEGER NOT NULL,
    topic            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    grade            INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    mode             TEXT NOT NULL,    -- drill | repeat | grade | quiz
    scheduled        INTEGER NOT NULL, -- 1 when the grade moved the card's schedule
    old_reps         INTEGER NOT NULL,
    old_interval     INTEGER NOT NULL,
    old_ease         INTEGER NOT NULL,
    old_due          TEXT,
    old_lapses       INTEGER NOT NULL,
    old_last_review  TEXT,
    old_suspended    INTEGER NOT NULL,
    new_reps         INTEGER NOT NULL,
    new_interval     INTEGER NOT NULL,
    new_ease         INTEGER NOT NULL,
    new_due          TEXT,
    new_lapses       INTEGER NOT NULL,
    undone           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reviews_day ON reviews(study_day);
CREATE INDEX reviews_card ON reviews(card_id, id);

-- Small key/value settings the program keeps: deck content hash, interview date.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
