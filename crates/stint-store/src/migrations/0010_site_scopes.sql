-- Several sites at once (issue 17): what the read-back keeps is kept per site, since a worklog id
-- or an issue id means something only on its own site; and a person routes a project's entries
-- to a site. Kept rows belong to site 1, the only site earlier schemas knew (without it there
-- were none to keep).

-- Per-project rules: an entry of the project goes to the site, unless it was already sent.
CREATE TABLE site_rules (
    project TEXT    PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE jira_worklogs_by_site (
    site_id    INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    worklog_id TEXT    NOT NULL,
    issue      TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    utc_offset INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),
    seconds    INTEGER NOT NULL CHECK (seconds > 0),
    stint_uid  TEXT,
    updated    TEXT,
    read_at    INTEGER NOT NULL,
    PRIMARY KEY (site_id, worklog_id)
) WITHOUT ROWID;
INSERT INTO jira_worklogs_by_site
    SELECT 1, worklog_id, issue, started_at, utc_offset, seconds, stint_uid, updated, read_at FROM jira_worklogs
    WHERE EXISTS (SELECT 1 FROM sites WHERE id = 1);
DROP TABLE jira_worklogs;
ALTER TABLE jira_worklogs_by_site RENAME TO jira_worklogs;
CREATE INDEX jira_worklogs_started ON jira_worklogs (started_at);

CREATE TABLE jira_issues_by_site (
    site_id  INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    issue_id TEXT    NOT NULL,
    key      TEXT    NOT NULL,
    read_at  INTEGER NOT NULL,
    PRIMARY KEY (site_id, issue_id)
) WITHOUT ROWID;
INSERT INTO jira_issues_by_site
    SELECT 1, issue_id, key, read_at FROM jira_issues WHERE EXISTS (SELECT 1 FROM sites WHERE id = 1);
DROP TABLE jira_issues;
ALTER TABLE jira_issues_by_site RENAME TO jira_issues;

-- Where each site's read-back stands (no row: never read).
CREATE TABLE read_back_by_site (
    site_id       INTEGER PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    window_from   INTEGER,
    full_read_at  INTEGER,
    changes_since INTEGER,
    read_at       INTEGER
);
INSERT INTO read_back_by_site
    SELECT 1, window_from, full_read_at, changes_since, read_at FROM read_back
    WHERE EXISTS (SELECT 1 FROM sites WHERE id = 1);
DROP TABLE read_back;
ALTER TABLE read_back_by_site RENAME TO read_back;

CREATE INDEX entries_site ON entries (site_id);

-- The site the person moved an entry to (`stint edit ID --site`): its worklog leaves the site it
-- is on (`site_id`) before it is created there.
ALTER TABLE entries ADD COLUMN site_wanted INTEGER REFERENCES sites (id) ON DELETE SET NULL;
