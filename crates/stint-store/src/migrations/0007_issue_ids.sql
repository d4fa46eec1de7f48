-- Jira's ids of the issues a read-back met, with their keys: a look at what changed on the site
-- reads worklogs by id, and those name their issue by its id only. Filled by every full read
-- (the search answers id and key; an issue's worklogs name its id), and by a lookup for an issue
-- met for the first time. A key that changed (an issue moved to another project) is replaced at
-- the next read of that issue. `stint purge` deletes it with the database.
CREATE TABLE jira_issues (
    issue_id TEXT    PRIMARY KEY,
    key      TEXT    NOT NULL,
    read_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Entries by their worklog's id: a look at what changed finds the entries its ids belong to.
CREATE INDEX entries_worklog ON entries (worklog_id) WHERE worklog_id IS NOT NULL;
