//! Embedded, append-only schema migrations. `user_version` records how many have run.
//! Never edit a migration that has shipped: add a new one (a test pins the shipped ones).

use rusqlite::Connection;

pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_entries", include_str!("migrations/0001_entries.sql")),
    ("0002_ids_mark_counts", include_str!("migrations/0002_ids_mark_counts.sql")),
    ("0003_sync", include_str!("migrations/0003_sync.sql")),
    ("0004_imports", include_str!("migrations/0004_imports.sql")),
    ("0005_refusals_without_commands", include_str!("migrations/0005_refusals_without_commands.sql")),
    ("0006_read_back", include_str!("migrations/0006_read_back.sql")),
    ("0007_issue_ids", include_str!("migrations/0007_issue_ids.sql")),
    ("0008_to_settle", include_str!("migrations/0008_to_settle.sql")),
    ("0009_sites", include_str!("migrations/0009_sites.sql")),
    ("0010_site_scopes", include_str!("migrations/0010_site_scopes.sql")),
    ("0011_tempo", include_str!("migrations/0011_tempo.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What `migrate` found.
pub(crate) enum Migrated {
    UpToDate,
    Applied { from: i64 },
    Newer { found: i64 },
}

/// Brings the schema up to date inside one immediate transaction (so two processes opening a new
/// database at once cannot both apply the same step).
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == SCHEMA_VERSION {
        return Ok(Migrated::UpToDate);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Ok(Migrated::Newer { found });
    }
    // `Store::open` refuses a negative version before it gets here; never index with one.
    let first = usize::try_from(found).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, found))?;
    for (_, sql) in &MIGRATIONS[first..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(if found == SCHEMA_VERSION { Migrated::UpToDate } else { Migrated::Applied { from: found } })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a: a fixed hash, stable across Rust versions (std's hasher is not).
    fn fnv1a(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    #[test]
    fn shipped_migrations_are_never_edited() {
        // Append a line for each new migration; never change an existing line.
        let shipped: &[(&str, u64)] = &[
            ("0001_entries", 0x487272dbcdc893cb),
            ("0002_ids_mark_counts", 0x8dfe00c7651f77a5),
            ("0003_sync", 0x7256c45f44187aa6),
            ("0004_imports", 0x97136315df793f51),
            ("0005_refusals_without_commands", 0xcb1e8b96d7d5fa3e),
            ("0006_read_back", 0xcbfef284d2705e60),
            ("0007_issue_ids", 0x83e02cffc7fa8238),
            ("0008_to_settle", 0xc2065fcca383f3f4),
            ("0009_sites", 0x38e45735f696bd8f),
            ("0010_site_scopes", 0x93affe536a989fc4),
            ("0011_tempo", 0x8896e31eafd0800f),
        ];
        for ((name, sql), (shipped_name, hash)) in MIGRATIONS.iter().zip(shipped) {
            assert_eq!(name, shipped_name);
            assert_eq!(fnv1a(sql), *hash, "migration {name} changed after shipping: add a new migration instead");
        }
        assert_eq!(MIGRATIONS.len(), shipped.len(), "pin the new migration's hash in this test");
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(matches!(migrate(&mut conn).unwrap(), Migrated::Applied { from: 0 }));
        assert!(matches!(migrate(&mut conn).unwrap(), Migrated::UpToDate));
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('entries', 'meta')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 2);
    }

    #[test]
    fn schema_one_data_survives_the_rebuild_and_ids_are_never_reused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let insert = "INSERT INTO entries (id, uid, issue, started_at, utc_offset, seconds, note, sync_state, created_at, updated_at)
                      VALUES (?1, ?2, 'ABC-1', 1700000000, 3600, ?3, 'n', ?4, 0, 0)";
        for (id, seconds, state) in
            [(1, Some(600), "pending"), (2, Some(600), "synced"), (7, Some(900), "pending"), (8, None, "pending")]
        {
            conn.execute(insert, rusqlite::params![id, format!("u{id}"), seconds, state]).unwrap();
        }
        assert!(matches!(migrate(&mut conn).unwrap(), Migrated::Applied { from: 1 }));
        let counts: Vec<(String, i64)> = conn
            .prepare("SELECT sync_state, n FROM entry_counts ORDER BY sync_state")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(counts, [("pending".to_string(), 2), ("synced".to_string(), 1)], "the running timer does not count");
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(app_id, crate::identity::APPLICATION_ID);
        // Remove the newest finished entry and the running timer: their ids never come back.
        conn.execute("DELETE FROM entries WHERE id IN (7, 8)", []).unwrap();
        conn.execute(insert, rusqlite::params![None::<i64>, "u9", 600, "pending"]).unwrap();
        assert_eq!(conn.last_insert_rowid(), 9);
    }

    #[test]
    fn refusals_kept_before_schema_five_lose_their_commands() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (_, sql) in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        let refusals = [
            (1, "jira.bad_request", "Jira refused this worklog: Bad date. Fix the entry with `stint edit 1`; it then goes back in the queue"),
            (2, "jira.forbidden", "you may not log work on ABC-1 (No permission): ask a Jira administrator, or move the entry with `stint edit 2 --issue KEY`"),
            (3, "jira.not_found", "Jira no longer has this worklog on ABC-1 (Gone): `stint retry 3` creates it again"),
            (4, "jira.not_found", "ABC-1 was not found on x.atlassian.net, or you may not see it (No issue): correct it with `stint edit 4 --issue KEY`"),
            (5, "jira.too_many_worklogs", "ABC-1 has more worklogs than Jira allows (Full): log this on another issue with `stint edit 5 --issue KEY`"),
            (6, "jira.refused", "Jira refused it: Odd. `stint retry 6` tries again"),
        ];
        for (id, code, message) in refusals {
            conn.execute(
                "INSERT INTO entries (id, uid, issue, started_at, utc_offset, seconds, sync_state, error_code, error_message,
                                      created_at, updated_at) VALUES (?1, ?1, 'ABC-1', 1700000000, 0, 600, 'failed', ?2, ?3, 0, 0)",
                rusqlite::params![id, code, message],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let kept: Vec<(String, String)> = conn
            .prepare("SELECT error_code, error_message FROM entries ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want = [
            ("jira.bad_request", "Jira refused this worklog: Bad date"),
            ("jira.forbidden", "you may not log work on ABC-1 (No permission)"),
            ("jira.worklog_gone", "Jira no longer has this worklog on ABC-1 (Gone)"),
            ("jira.not_found", "ABC-1 was not found on x.atlassian.net, or you may not see it (No issue)"),
            ("jira.too_many_worklogs", "ABC-1 has more worklogs than Jira allows (Full)"),
            ("jira.refused", "Jira refused it: Odd"),
        ];
        let kept: Vec<(&str, &str)> = kept.iter().map(|(c, m)| (c.as_str(), m.as_str())).collect();
        assert_eq!(kept, want);
    }

    /// A schema-8 database (one Jira connection), with `entries` entries.
    fn schema_eight(connection: bool, entries: i64) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for (_, sql) in &MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 8).unwrap();
        if connection {
            conn.execute(
                "INSERT INTO jira_connection (id, mode, site, api_base, cloud_id, account_id, account_name, signed_in_at,
                                              needs_sign_in)
                 VALUES (1, 'cloud_oauth', 'https://acme.atlassian.net/', 'https://api.atlassian.com/ex/jira/c1/', 'c1',
                         'acc-1', 'Ada', 1700000000, 1)",
                [],
            )
            .unwrap();
        }
        for id in 1..=entries {
            conn.execute(
                "INSERT INTO entries (id, uid, issue, started_at, utc_offset, seconds, sync_state, created_at, updated_at)
                 VALUES (?1, ?1, 'ABC-1', 1700000000, 0, 600, 'pending', 0, 0)",
                [id],
            )
            .unwrap();
        }
        conn
    }

    fn site_ids(conn: &Connection) -> Vec<Option<i64>> {
        let mut stmt = conn.prepare("SELECT site_id FROM entries ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn the_one_connection_becomes_the_default_site_and_every_entry_belongs_to_it() {
        let mut conn = schema_eight(true, 3);
        migrate(&mut conn).unwrap();
        let site: String = conn
            .query_row(
                "SELECT concat_ws(' ', id, mode, site, api_base, cloud_id, account_id, account_name, signed_in_at,
                                  needs_sign_in, is_default, destination) FROM sites",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            site,
            "1 cloud_oauth https://acme.atlassian.net/ https://api.atlassian.com/ex/jira/c1/ c1 acc-1 Ada 1700000000 1 1 jira",
            "everything the connection held (its waiting for a sign-in too), the default, sending to Jira's own worklogs"
        );
        assert_eq!(site_ids(&conn), [Some(1), Some(1), Some(1)]);
        let old: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'jira_connection'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(old, 0, "the old table is gone");
    }

    #[test]
    fn without_a_connection_there_is_no_site_and_entries_wait_for_one() {
        let mut conn = schema_eight(false, 2);
        migrate(&mut conn).unwrap();
        let sites: i64 = conn.query_row("SELECT count(*) FROM sites", [], |r| r.get(0)).unwrap();
        assert_eq!(sites, 0);
        assert_eq!(site_ids(&conn), [None, None]);
    }

    #[test]
    fn what_the_read_back_kept_belongs_to_the_first_site() {
        for connection in [true, false] {
            let mut conn = schema_eight(connection, 1);
            conn.execute_batch(
                "INSERT INTO jira_worklogs (worklog_id, issue, started_at, utc_offset, seconds, read_at)
                     VALUES ('10001', 'ABC-1', 1700000000, 3600, 600, 1700000100);
                 INSERT INTO jira_issues (issue_id, key, read_at) VALUES ('100', 'ABC-1', 1700000100);
                 UPDATE read_back SET window_from = 1699000000, changes_since = 1700000000000 WHERE id = 1;",
            )
            .unwrap();
            migrate(&mut conn).unwrap();
            let kept = |table: &str| -> Vec<i64> {
                let sql = format!("SELECT site_id FROM {table}");
                conn.prepare(&sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
            };
            let want: &[i64] = if connection { &[1] } else { &[] };
            assert_eq!(kept("jira_worklogs"), want, "with a connection: {connection}");
            assert_eq!(kept("jira_issues"), want);
            assert_eq!(kept("read_back"), want);
            if connection {
                let (offset, mark): (i64, i64) = conn
                    .query_row("SELECT w.utc_offset, r.changes_since FROM jira_worklogs w, read_back r", [], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .unwrap();
                assert_eq!((offset, mark), (3600, 1700000000000), "the values come along");
            }
        }
    }

    #[test]
    fn a_negative_version_is_an_error_not_a_panic() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", -3).unwrap();
        assert!(migrate(&mut conn).is_err());
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        assert!(matches!(migrate(&mut conn).unwrap(), Migrated::Newer { .. }));
    }
}
