//! Telling Stint's database from anything else at its path, before anything is changed.
//!
//! A file is Stint's when it carries Stint's SQLite `application_id` (set from schema 2 on), or,
//! for databases made before that, when it records a Stint schema version and holds Stint's
//! tables. An empty file, or an SQLite file with nothing in it, is new. Everything else (another
//! program's database, a file that is not SQLite) is refused and left exactly as it was.

use rusqlite::Connection;

use crate::migrations::SCHEMA_VERSION;

/// Stint's SQLite application id: `STNT`.
pub const APPLICATION_ID: i64 = 0x5354_4E54;

/// The columns every Stint schema has had in `entries` (schema 1).
const ENTRY_COLUMNS_V1: &[&str] = &[
    "id",
    "uid",
    "issue",
    "started_at",
    "utc_offset",
    "seconds",
    "note",
    "sync_state",
    "revision",
    "synced_revision",
    "worklog_id",
    "deleted_at",
    "last_seen_at",
    "gap_from",
    "gap_to",
    "created_at",
    "updated_at",
];

/// What a database file at Stint's path turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Nothing in it yet: Stint may create its tables.
    New,
    /// Stint's, at this schema version (up to `SCHEMA_VERSION`).
    Stint { version: i64 },
    /// Stint's, written by a newer Stint.
    Newer { found: i64 },
    /// Another program's SQLite database.
    Foreign(String),
    /// Stint's by its mark, but not in a shape Stint ever wrote.
    Damaged(String),
}

/// Reads (never writes) what the database behind `conn` is.
pub(crate) fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let marked = app_id == APPLICATION_ID;
    if app_id != 0 && !marked {
        return Ok(Identity::Foreign(format!("it belongs to another program (SQLite application id {app_id})")));
    }
    if version < 0 {
        let why = format!("its schema version {version} is not one Stint writes");
        return Ok(if marked { Identity::Damaged(why) } else { Identity::Foreign(why) });
    }
    if version == 0 {
        return Ok(match (marked, objects) {
            (false, 0) => Identity::New,
            (false, _) => Identity::Foreign("it holds another program's tables".into()),
            (true, _) => Identity::Damaged("it has Stint's mark but no schema version".into()),
        });
    }
    if version > SCHEMA_VERSION {
        return Ok(if marked {
            Identity::Newer { found: version }
        } else {
            Identity::Foreign(format!("its schema version {version} is not one Stint writes"))
        });
    }
    if !has_stint_tables(conn)? {
        let why = if objects == 0 {
            format!("it records Stint's schema version {version} but holds none of Stint's tables")
        } else {
            "its tables are not Stint's".to_string()
        };
        // Before the mark existed (schema 1), only the tables could say whose a file was.
        return Ok(if marked || objects == 0 { Identity::Damaged(why) } else { Identity::Foreign(why) });
    }
    Ok(Identity::Stint { version })
}

fn has_stint_tables(conn: &Connection) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('entries')")?;
    let columns: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let meta: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'", [], |r| r.get(0))?;
    Ok(meta == 1 && ENTRY_COLUMNS_V1.iter().all(|c| columns.iter().any(|have| have == c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::migrate;

    fn conn(sql: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        conn
    }

    #[test]
    fn what_a_file_is() {
        assert_eq!(identify(&conn("")).unwrap(), Identity::New);
        let mut stint = conn("");
        migrate(&mut stint).unwrap();
        assert_eq!(identify(&stint).unwrap(), Identity::Stint { version: SCHEMA_VERSION });
        stint.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        assert_eq!(identify(&stint).unwrap(), Identity::Newer { found: SCHEMA_VERSION + 1 });

        for (sql, foreign) in [
            ("CREATE TABLE notes (x);", true),
            ("CREATE TABLE entries (id, issue, started_at);", true),
            ("CREATE TABLE entries (id); PRAGMA user_version = 1;", true),
            ("PRAGMA application_id = 42;", true),
            ("PRAGMA user_version = -5;", true),
            ("PRAGMA user_version = 99;", true),
            ("PRAGMA user_version = 1;", false),
            ("PRAGMA application_id = 1398034004; PRAGMA user_version = 2;", false),
            ("PRAGMA application_id = 1398034004; PRAGMA user_version = -1;", false),
        ] {
            let found = identify(&conn(sql)).unwrap();
            match found {
                Identity::Foreign(_) => assert!(foreign, "{sql}: {found:?}"),
                Identity::Damaged(_) => assert!(!foreign, "{sql}: {found:?}"),
                other => panic!("{sql}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_mark_spells_stnt() {
        assert_eq!(APPLICATION_ID.to_be_bytes()[4..], *b"STNT");
    }

    #[test]
    fn a_schema_one_database_made_before_the_mark_is_still_stint_s() {
        let conn = conn(include_str!("migrations/0001_entries.sql"));
        conn.pragma_update(None, "user_version", 1).unwrap();
        assert_eq!(identify(&conn).unwrap(), Identity::Stint { version: 1 });
    }
}
