-- ecsdrill schema: indexes so that what every command start reads does not grow with the
-- collection.

-- `status` lists the leeches (lapses at or above the threshold): a seek, not a scan of every
-- card with its text.
CREATE INDEX cards_lapses ON cards(lapses) WHERE retired = 0;

-- `report`'s weakest cards of each topic: the first rows of this index per topic.
CREATE INDEX cards_weakest ON cards(topic, failures DESC, ease, reps, position)
    WHERE retired = 0 AND due IS NOT NULL;
