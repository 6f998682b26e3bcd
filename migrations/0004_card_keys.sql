-- ecsdrill schema: each card keeps its key terms, so the drill can highlight them in the answer
-- and check a typed answer against them (`drill --type`).

-- JSON array of strings, as the deck lists them (`"cgroup|control group"` holds alternatives).
ALTER TABLE cards ADD COLUMN keys TEXT NOT NULL DEFAULT '[]';
