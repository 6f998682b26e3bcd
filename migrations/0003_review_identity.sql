-- ecsdrill schema, version 3: every review has its own identity and the day it was placed on,
-- and every card counts its failures.

-- A unique id per review (a UUID). New reviews get a UUIDv7 from the instant of the grade.
-- Rows written before this version are given a deterministic UUIDv8 by the program right after
-- this file runs (SHA-256 of card and instant, the row's rank among that card's rows at that
-- instant, SHA-256 of grade and mode), so two copies of one history give their old reviews the
-- same ids and merge.
ALTER TABLE reviews ADD COLUMN uid TEXT;

-- The due day the interview's final-window balancer placed the card on, when it moved it from
-- SM-2's own day (NULL otherwise): the placement depends on every card's load at that moment,
-- so the log keeps it and replaying the log reproduces it. Older rows were scheduled under
-- rules the log did not record (an interview cap), so their recorded due day is their placement.
ALTER TABLE reviews ADD COLUMN placed_due TEXT;
UPDATE reviews SET placed_due = new_due WHERE scheduled = 1;

-- Every scheduled grade below 3 (also before the card's first success): the leech count.
ALTER TABLE cards ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
UPDATE cards SET failures = (
    SELECT count(*) FROM reviews r
    WHERE r.card_id = cards.id AND r.undone = 0 AND r.scheduled = 1 AND r.grade < 3
);

CREATE UNIQUE INDEX reviews_uid ON reviews(uid);
