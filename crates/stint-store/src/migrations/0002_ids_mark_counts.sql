-- Three changes, in one step because the first rebuilds the table.
--
-- 1. Ids are never reused. A plain INTEGER PRIMARY KEY hands out max(id) + 1, so after `rm` of
--    the newest entry its id came back, and a stale `rm 2` or `edit 2` from another window hit a
--    different entry. AUTOINCREMENT remembers the largest id ever given (in sqlite_sequence).
--    SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt with the same columns,
--    and the copy seeds sqlite_sequence with today's largest id.
CREATE TABLE entries_v2 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE,
    issue           TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    utc_offset      INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),
    seconds         INTEGER CHECK (seconds IS NULL OR seconds BETWEEN 60 AND 86400),
    note            TEXT,
    sync_state      TEXT    NOT NULL CHECK (sync_state IN ('local', 'pending', 'failed', 'synced')),
    revision        INTEGER NOT NULL DEFAULT 1,
    synced_revision INTEGER,
    worklog_id      TEXT,
    deleted_at      INTEGER,
    last_seen_at    INTEGER,
    gap_from        INTEGER,
    gap_to          INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

INSERT INTO entries_v2
    (id, uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision, worklog_id,
     deleted_at, last_seen_at, gap_from, gap_to, created_at, updated_at)
SELECT id, uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision, worklog_id,
       deleted_at, last_seen_at, gap_from, gap_to, created_at, updated_at
FROM entries;

DROP TABLE entries;
ALTER TABLE entries_v2 RENAME TO entries;

CREATE UNIQUE INDEX entries_one_running ON entries ((seconds IS NULL)) WHERE seconds IS NULL;
CREATE INDEX entries_started ON entries (started_at);

-- 2. The file says it is Stint's ('STNT'), so Stint can tell its own database from another
--    program's SQLite file before it changes anything in it.
PRAGMA application_id = 1398034004;

-- 3. How many finished entries stand in each sync state, kept as the entries change, so
--    `stint status` (which the tray runs every minute) costs the same at 100 entries and at a
--    million. Removed entries waiting for Jira keep their state ('pending') and count.
CREATE TABLE entry_counts (
    sync_state TEXT PRIMARY KEY,
    n          INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO entry_counts (sync_state, n)
SELECT sync_state, count(*) FROM entries WHERE seconds IS NOT NULL GROUP BY sync_state;

CREATE TRIGGER entries_count_insert AFTER INSERT ON entries WHEN NEW.seconds IS NOT NULL
BEGIN
    INSERT INTO entry_counts (sync_state, n) VALUES (NEW.sync_state, 1)
        ON CONFLICT (sync_state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER entries_count_delete AFTER DELETE ON entries WHEN OLD.seconds IS NOT NULL
BEGIN
    UPDATE entry_counts SET n = n - 1 WHERE sync_state = OLD.sync_state;
END;

CREATE TRIGGER entries_count_update AFTER UPDATE OF seconds, sync_state ON entries
    WHEN (OLD.seconds IS NULL) IS NOT (NEW.seconds IS NULL) OR OLD.sync_state IS NOT NEW.sync_state
BEGIN
    UPDATE entry_counts SET n = n - 1 WHERE OLD.seconds IS NOT NULL AND sync_state = OLD.sync_state;
    INSERT INTO entry_counts (sync_state, n) SELECT NEW.sync_state, 1 WHERE NEW.seconds IS NOT NULL
        ON CONFLICT (sync_state) DO UPDATE SET n = n + 1;
END;
