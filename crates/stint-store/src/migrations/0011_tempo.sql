-- Tempo for a site (issue 17): where the site's Tempo is (a region's API base, or a stand-in's),
-- set when its worklogs go to Tempo; the values a person chose for Tempo's required work
-- attributes (an Account, say) on an issue or a whole project, used where Tempo and Jira say none;
-- and the person's required time on each day as Tempo's schedule last said (holidays and days
-- off included), which the week counts against instead of the daily target.
ALTER TABLE sites ADD COLUMN tempo_api TEXT;

CREATE TABLE tempo_choices (
    site_id   INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- An issue key (ABC-1) or a project key (ABC).
    scope     TEXT    NOT NULL CHECK (length(scope) BETWEEN 1 AND 255),
    -- The work attribute's key (`_Account_`).
    attribute TEXT    NOT NULL CHECK (length(attribute) BETWEEN 1 AND 255),
    value     TEXT    NOT NULL CHECK (length(value) BETWEEN 1 AND 255),
    PRIMARY KEY (site_id, scope, attribute)
) WITHOUT ROWID;

CREATE TABLE tempo_days (
    site_id          INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    -- The person's own date (YYYY-MM-DD).
    day              TEXT    NOT NULL CHECK (length(day) = 10),
    required_seconds INTEGER NOT NULL CHECK (required_seconds BETWEEN 0 AND 86400),
    read_at          INTEGER NOT NULL,
    PRIMARY KEY (site_id, day)
) WITHOUT ROWID;
