-- Entries a read-back marked for the person to settle (changed in Jira and here, or deleted in
-- Jira), found without scanning the history: the reminders count them every minute.
CREATE INDEX entries_to_settle ON entries (id) WHERE jira_state IS NOT NULL;
