-- Reading Jira's worklogs back.
--
-- What Jira says of an entry Stint pushed, when it needs the person: `jira_state` is NULL
-- (nothing to say), 'deleted' (its worklog is gone from Jira; the entry stays, marked, until the
-- person pushes it again or drops it) or 'conflict' (changed in Jira and here since the last sync:
-- Jira's values wait in the `theirs_` columns until the person keeps theirs or takes Jira's).
ALTER TABLE entries ADD COLUMN jira_state TEXT CHECK (jira_state IS NULL OR jira_state IN ('deleted', 'conflict'));
ALTER TABLE entries ADD COLUMN theirs_started_at INTEGER;
ALTER TABLE entries ADD COLUMN theirs_utc_offset INTEGER;
ALTER TABLE entries ADD COLUMN theirs_seconds INTEGER;
ALTER TABLE entries ADD COLUMN theirs_note TEXT;
ALTER TABLE entries ADD COLUMN theirs_updated TEXT;

-- The person's own worklogs in Jira that are not entries here, within the read-back window:
-- logged elsewhere (Jira's page, another app), or by Stint on another machine (`stint_uid`, the
-- uid property it carries). Read-only here. No comment is kept: the screens show the issue, the
-- start and the length. Rows whose start leaves the window are deleted at the next full read;
-- `stint purge` deletes the rest with the database.
CREATE TABLE jira_worklogs (
    worklog_id TEXT    PRIMARY KEY,
    issue      TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    utc_offset INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),
    seconds    INTEGER NOT NULL CHECK (seconds > 0),
    stint_uid  TEXT,
    updated    TEXT,
    read_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX jira_worklogs_started ON jira_worklogs (started_at);

-- Where the read-back stands (one row): the start of the window the last full read covered
-- (Unix seconds) and when it ran, Jira's mark for the next look at what changed (Unix
-- milliseconds), and when Jira last answered a read (shown as "as of" while offline).
CREATE TABLE read_back (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    window_from   INTEGER,
    full_read_at  INTEGER,
    changes_since INTEGER,
    read_at       INTEGER
);
INSERT INTO read_back (id) VALUES (1);
