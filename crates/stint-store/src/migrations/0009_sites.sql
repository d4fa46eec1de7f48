-- Several Jira sites (issue 17): each with its own sign-in, one of them the default. The one
-- connection earlier schemas kept becomes site 1, the default, and every entry belongs to it.
-- A signed-out site keeps its row, so its entries keep their site. Where a site's worklogs go
-- is Jira's own worklogs, or Tempo's.
CREATE TABLE sites (
    id            INTEGER PRIMARY KEY,
    mode          TEXT    NOT NULL,
    site          TEXT    NOT NULL UNIQUE,
    api_base      TEXT    NOT NULL,
    cloud_id      TEXT,
    account_id    TEXT    NOT NULL,
    account_name  TEXT,
    signed_in_at  INTEGER NOT NULL,
    needs_sign_in INTEGER NOT NULL DEFAULT 0,
    is_default    INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    destination   TEXT    NOT NULL DEFAULT 'jira' CHECK (destination IN ('jira', 'tempo'))
);
-- At most one default.
CREATE UNIQUE INDEX sites_default ON sites (is_default) WHERE is_default = 1;

INSERT INTO sites (id, mode, site, api_base, cloud_id, account_id, account_name, signed_in_at, needs_sign_in,
                   is_default)
    SELECT 1, mode, site, api_base, cloud_id, account_id, account_name, signed_in_at, needs_sign_in, 1
    FROM jira_connection;
DROP TABLE jira_connection;

-- The site an entry belongs to; none yet for an entry logged before any sign-in and never sent
-- (it goes to the default site, and belongs to it from its first request).
ALTER TABLE entries ADD COLUMN site_id INTEGER REFERENCES sites (id);
UPDATE entries SET site_id = 1 WHERE EXISTS (SELECT 1 FROM sites WHERE id = 1);
