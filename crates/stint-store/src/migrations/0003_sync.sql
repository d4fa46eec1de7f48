-- The Jira sync. Entries move through explicit, stored states:
--   local          kept on this machine only, never sent
--   pending        queued: Jira does not have this revision (a create, an edit, a deletion, a move)
--   pushing        a request may be in flight (`push_op`, sent at `pushed_at`); a create in this
--                  state may have reached Jira, so it is looked for (by its uid) before any retry
--   synced         Jira has exactly this revision
--   failed         Jira refused it; `error_code` and Jira's own `error_message` say why
--   needs_sign_in  waiting for `stint login`
-- The outbox is every finished entry in the queue (pending, pushing, needs_sign_in). The CHECK on
-- sync_state changes, so the table is rebuilt with the same data.
CREATE TABLE entries_v3 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE,
    issue           TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    utc_offset      INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),
    seconds         INTEGER CHECK (seconds IS NULL OR seconds BETWEEN 60 AND 86400),
    note            TEXT,
    sync_state      TEXT    NOT NULL
                    CHECK (sync_state IN ('local', 'pending', 'pushing', 'synced', 'failed', 'needs_sign_in')),
    revision        INTEGER NOT NULL DEFAULT 1,
    synced_revision INTEGER,
    -- What Jira has: the worklog's id, the issue it is on, and what a later read-back needs.
    worklog_id      TEXT,
    remote_issue    TEXT,
    remote_author   TEXT,
    remote_updated  TEXT,
    -- The request that may be in flight.
    push_op         TEXT    CHECK (push_op IS NULL OR push_op IN ('create', 'update', 'delete')),
    pushed_at       INTEGER,
    pushed_revision INTEGER,
    -- Why Jira refused it (failed), in Jira's words.
    error_code      TEXT,
    error_message   TEXT,
    deleted_at      INTEGER,
    last_seen_at    INTEGER,
    gap_from        INTEGER,
    gap_to          INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

INSERT INTO entries_v3
    (id, uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision, worklog_id,
     remote_issue, deleted_at, last_seen_at, gap_from, gap_to, created_at, updated_at)
SELECT id, uid, issue, started_at, utc_offset, seconds, note, sync_state, revision, synced_revision, worklog_id,
       CASE WHEN worklog_id IS NOT NULL THEN issue END, deleted_at, last_seen_at, gap_from, gap_to, created_at,
       updated_at
FROM entries;

-- Dropping the table drops its indexes and triggers; they are made again below.
DROP TABLE entries;
ALTER TABLE entries_v3 RENAME TO entries;

CREATE UNIQUE INDEX entries_one_running ON entries ((seconds IS NULL)) WHERE seconds IS NULL;
CREATE INDEX entries_started ON entries (started_at);
-- The outbox, found without scanning the history.
CREATE INDEX entries_outbox ON entries (id) WHERE sync_state IN ('pending', 'pushing', 'needs_sign_in');

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

-- Where and as whom Stint is signed in. Nothing secret: tokens live only in the OS keychain,
-- under this database's install id.
CREATE TABLE jira_connection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    mode          TEXT    NOT NULL,
    site          TEXT    NOT NULL,
    api_base      TEXT    NOT NULL,
    cloud_id      TEXT,
    account_id    TEXT    NOT NULL,
    account_name  TEXT,
    signed_in_at  INTEGER NOT NULL,
    needs_sign_in INTEGER NOT NULL DEFAULT 0
);

-- Every push, update and delete, with its outcome: never the note.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    entry_id   INTEGER,
    action     TEXT    NOT NULL,
    issue      TEXT,
    worklog_id TEXT,
    outcome    TEXT    NOT NULL
);

-- Summaries of issues the user tracked, so recent issues show offline; dropped after a while.
CREATE TABLE issue_summaries (
    issue      TEXT    PRIMARY KEY,
    summary    TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A random id for this database: its keychain item is named after it.
INSERT OR IGNORE INTO meta (key, value) VALUES ('install_id', abs(random() % 9007199254740991));
