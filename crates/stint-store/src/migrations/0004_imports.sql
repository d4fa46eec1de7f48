-- Imports from other trackers. Each imported source entry leaves its fingerprint (a SHA-256 of
-- the fields that identify it in its source, never the text itself), so importing the same file
-- again adds nothing. The fingerprint stays when the entry is removed here: a removed entry is
-- not brought back by the next import of the same file. `stint purge` deletes these with the rest.
CREATE TABLE imports (
    fingerprint TEXT    PRIMARY KEY,
    -- `timewarrior`, `watson`, `toggl`.
    source      TEXT    NOT NULL,
    entry_uid   TEXT    NOT NULL,
    imported_at INTEGER NOT NULL
) WITHOUT ROWID;
