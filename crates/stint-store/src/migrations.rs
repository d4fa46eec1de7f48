//! Embedded, append-only schema migrations. `user_version` records how many have run.
//! Never edit a migration that has shipped: add a new one (a test pins the shipped ones).

use rusqlite::Connection;

pub(crate) const MIGRATIONS: &[(&str, &str)] = &[("0001_entries", include_str!("migrations/0001_entries.sql"))];

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
    for (_, sql) in &MIGRATIONS[found as usize..] {
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
        let shipped: &[(&str, u64)] = &[("0001_entries", 0x487272dbcdc893cb)];
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
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        assert!(matches!(migrate(&mut conn).unwrap(), Migrated::Newer { .. }));
    }
}
