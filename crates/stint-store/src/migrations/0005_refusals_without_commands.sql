-- Until schema 5 a refusal was kept with what to do in the CLI's words ("Fix the entry with
-- `stint edit 5`"), and the window showed those commands to people who never open a terminal.
-- Since then an entry keeps what Jira refused and why; each shell says what to do, from the
-- refusal's code. This takes the old advice off the refusals kept so far, and gives a 404 to an
-- update (the worklog is gone from Jira, not the issue) its own code, as new refusals have it.
UPDATE entries
   SET error_code = 'jira.worklog_gone',
       error_message = replace(error_message, ': `stint retry ' || id || '` creates it again', '')
 WHERE sync_state = 'failed' AND instr(error_message, ': `stint retry ' || id || '` creates it again') > 0;

UPDATE entries
   SET error_message = replace(replace(replace(replace(replace(error_message,
         '. Fix the entry with `stint edit ' || id || '`; it then goes back in the queue', ''),
         ': ask a Jira administrator, or move the entry with `stint edit ' || id || ' --issue KEY`', ''),
         ': correct it with `stint edit ' || id || ' --issue KEY`', ''),
         ': log this on another issue with `stint edit ' || id || ' --issue KEY`', ''),
         '. `stint retry ' || id || '` tries again', '')
 WHERE sync_state = 'failed' AND error_message IS NOT NULL;
