-- ecsdrill schema: indexes so that what every command start reads does not grow with the
-- collection.

-- `status` lists the leeches (failures at or above the threshold): a seek, not a scan of every
-- card with its text.
CREATE INDEX cards_failures ON cards(failures) WHERE retired = 0;

-- `report`'s weakest cards of each topic: the first rows of this index per topic.
CREATE INDEX cards_weakest ON cards(topic, failures DESC, ease, reps, position)
    WHERE retired = 0 AND due IS NOT NULL;

-- `stats` and `report` count every active card by topic and state: this covering index holds
-- what they read, a few MB instead of the card table with all its text.
CREATE INDEX cards_state ON cards(topic, retired, suspended, due, interval_days, ease, lapses,
    failures, id);
