//! Stint's local store: one SQLite file holding the entries, the running timer and the sync queue.
//!
//! `Store::open` is the one place a connection is made and configured. Writes go through
//! `Store::write` (a short `BEGIN IMMEDIATE` transaction, retried only when another process holds
//! the lock); reads through `Store::read`. Everything here blocks: async callers run it on a
//! blocking thread (`tokio::task::spawn_blocking`), never on the runtime itself.

/// An entry's site in SQL, as a literal (so the entry columns can name it too): the first of the
/// two `entries` columns given that is set, else its project's rule, else the default site.
macro_rules! entry_site {
    ($first:literal, $second:literal) => {
        concat!(
            "COALESCE(entries.",
            $first,
            ", entries.",
            $second,
            ", (SELECT r.site_id FROM site_rules r
                WHERE r.project = substr(entries.issue, 1, instr(entries.issue, '-') - 1)),
              (SELECT s.id FROM sites s WHERE s.is_default = 1))"
        )
    };
}

/// Where an entry belongs: see `sync::SITE_OF_ENTRY`.
macro_rules! site_of_entry {
    () => {
        entry_site!("site_wanted", "site_id")
    };
}

mod connection;
mod entries;
mod error;
mod identity;
mod imports;
mod migrations;
mod readback;
mod sync;

pub use connection::{describe_kind, Store, Tx};
pub use entries::{new_uid, Counts, EntryChange, ExportedEntry, NewEntry, NewRunning, Removal};
pub use error::StoreError;
pub use identity::{Identity, APPLICATION_ID};
pub use imports::{ImportedEntry, Origin, Restored, StagedGroup};
pub use migrations::SCHEMA_VERSION;
pub use readback::{Adopted, JiraWorklog, Linked, ReadBackState, Settle, TheirValues};
pub use sync::{AuditRow, OutboxEntry, Push, PushOp, RemoteWorklog, SiteId, StoredConnection, StoredSite, TempoChoice};
