-- Entries and the running timer share one table: the running timer is the one row whose
-- `seconds` is NULL, and it keeps its id when it becomes an entry.
CREATE TABLE entries (
    id              INTEGER PRIMARY KEY,
    -- Generated here at creation; sent to Jira with the worklog so a retry can find its own work.
    uid             TEXT    NOT NULL UNIQUE,
    issue           TEXT    NOT NULL,
    -- Unix seconds (UTC) and the UTC offset, in seconds, in force where the work began.
    started_at      INTEGER NOT NULL,
    utc_offset      INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),
    -- NULL while the timer runs; Jira's one-minute floor and a one-day cap otherwise.
    seconds         INTEGER CHECK (seconds IS NULL OR seconds BETWEEN 60 AND 86400),
    note            TEXT,
    sync_state      TEXT    NOT NULL CHECK (sync_state IN ('local', 'pending', 'failed', 'synced')),
    -- Bumped by every edit; Jira has `synced_revision` of the entry, under `worklog_id`.
    revision        INTEGER NOT NULL DEFAULT 1,
    synced_revision INTEGER,
    worklog_id      TEXT,
    -- Set when the user removes an entry Jira already has: the deletion waits to be sent.
    deleted_at      INTEGER,
    -- Running timer only: the last heartbeat, and a silence noticed but not yet settled.
    last_seen_at    INTEGER,
    gap_from        INTEGER,
    gap_to          INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- At most one running timer, enforced by the database itself.
CREATE UNIQUE INDEX entries_one_running ON entries ((seconds IS NULL)) WHERE seconds IS NULL;

-- Entries span at most a day, so "overlaps [a, b)" is the range started_at in [a - 1 day, b).
CREATE INDEX entries_started ON entries (started_at);

-- Small facts about this installation (the last heartbeat from any source).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
