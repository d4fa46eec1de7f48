//! The store against real SQLite files in temporary directories.

use chrono::{DateTime, FixedOffset, Utc};
use stint_domain::{EntryId, IssueKey, Note, SyncState};
use stint_store::{EntryChange, NewEntry, NewRunning, PushOp, Removal, SiteId, Store, StoreError, StoredConnection};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    t(s).with_timezone(&Utc)
}

fn key(s: &str) -> IssueKey {
    IssueKey::parse(s).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("stint.db")).unwrap();
    (dir, store)
}

fn add(store: &mut Store, issue: &str, started: &str, seconds: i64) -> EntryId {
    let new = NewEntry { issue: key(issue), started: t(started), seconds, note: None, local_only: false };
    store.write(|tx| tx.insert_entry(&new, utc("2026-11-23T12:00:00Z"))).unwrap()
}

fn running(issue: &str, started: &str) -> NewRunning {
    NewRunning {
        issue: key(issue),
        started: t(started),
        note: Note::parse("private words").unwrap(),
        local_only: false,
        last_seen: None,
    }
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut store) = open();
    add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    for name in ["stint.db", "stint.db-wal", "stint.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    // An existing file others could read is tightened on open.
    let loose = dir.path().join("loose.db");
    std::fs::write(&loose, b"").unwrap();
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&loose).unwrap();
    assert_eq!(std::fs::metadata(&loose).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn the_database_refuses_a_second_running_timer() {
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    store.write(|tx| tx.start_running(&running("ABC-1", "2026-11-23T09:00:00+01:00"), now)).unwrap();
    let second = store.write(|tx| tx.start_running(&running("ABC-2", "2026-11-23T10:00:00+01:00"), now));
    assert!(matches!(second, Err(StoreError::Sqlite { .. })), "{second:?}");
    let r = store.read(|tx| tx.running()).unwrap().unwrap();
    assert_eq!(r.issue, key("ABC-1"));
    assert_eq!(r.note.unwrap().expose(), "private words");
    assert_eq!(r.started, t("2026-11-23T09:00:00+01:00"));
    assert_eq!(r.started.offset().local_minus_utc(), 3600, "the offset where the work began is kept");
}

#[test]
fn a_finished_timer_keeps_its_id_and_joins_the_queue() {
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    let id = store.write(|tx| tx.start_running(&running("ABC-1", "2026-11-23T09:00:00+01:00"), now)).unwrap();
    assert_eq!(store.read(|tx| tx.counts()).unwrap().pending, 0, "a running timer is not in the queue yet");
    let edit = EntryChange { seconds: Some(600), note: Some(None), issue: Some(key("ABC-9")), ..Default::default() };
    store.write(|tx| tx.update_entry(id, &edit, now)).unwrap();
    let r = store.read(|tx| tx.running()).unwrap().expect("an edit never ends the running timer");
    assert_eq!((r.id, r.issue.as_str(), r.note), (id, "ABC-9", None));
    assert_eq!(store.read(|tx| tx.counts()).unwrap().pending, 0, "nor puts it in the queue");
    store.write(|tx| tx.finish_running(id, 1800, now)).unwrap();
    assert!(store.read(|tx| tx.running()).unwrap().is_none());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.seconds, entry.sync), (1800, SyncState::Pending));
    assert_eq!(store.read(|tx| tx.counts()).unwrap().pending, 1);
}

#[test]
fn edits_of_synced_entries_go_back_into_the_queue() {
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    let id = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let rev = store.read(|tx| tx.revision(id)).unwrap().unwrap();
    assert!(store.write(|tx| tx.mark_synced(id, "10001", rev)).unwrap());
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().sync, SyncState::Synced);

    let change = EntryChange { seconds: Some(900), ..Default::default() };
    store.write(|tx| tx.update_entry(id, &change, now)).unwrap();
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().sync, SyncState::Pending);
    // A sync that pushed the old revision must not mark the edited entry synced.
    assert!(!store.write(|tx| tx.mark_synced(id, "10001", rev)).unwrap());
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().sync, SyncState::Pending);

    let local = EntryChange { local_only: Some(true), ..Default::default() };
    store.write(|tx| tx.update_entry(id, &local, now)).unwrap();
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().sync, SyncState::Local);
}

#[test]
fn removing_an_entry_jira_has_marks_it_instead() {
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    let kept_local = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let in_jira = add(&mut store, "ABC-2", "2026-11-23T10:00:00+01:00", 600);
    store.write(|tx| tx.mark_synced(in_jira, "10002", 1)).unwrap();

    assert_eq!(store.write(|tx| tx.remove_entry(kept_local, now)).unwrap(), Some(Removal::Deleted));
    assert_eq!(store.write(|tx| tx.remove_entry(in_jira, now)).unwrap(), Some(Removal::MarkedForDeletion));
    assert_eq!(store.write(|tx| tx.remove_entry(in_jira, now)).unwrap(), None, "already removed");
    assert!(store.read(|tx| tx.entries_overlapping(None, None)).unwrap().is_empty());
    let mut exported = Vec::new();
    store
        .read(|tx| {
            tx.export_each(None, None, |e| {
                exported.push(e);
                Ok::<_, StoreError>(())
            })
        })
        .unwrap();
    assert_eq!(exported.len(), 1);
    assert!(exported[0].deleted);
    assert_eq!(exported[0].worklog_id.as_deref(), Some("10002"));
    assert_eq!(store.read(|tx| tx.counts()).unwrap().pending, 1, "the deletion waits for Jira");
}

#[test]
fn overlap_queries_include_entries_that_cross_the_edges() {
    let (_dir, mut store) = open();
    let before = add(&mut store, "ABC-1", "2026-11-15T23:00:00Z", 7200); // ends 01:00 on the 16th
    let inside = add(&mut store, "ABC-2", "2026-11-18T09:00:00Z", 600);
    let _ends_at_edge = add(&mut store, "ABC-3", "2026-11-15T20:00:00Z", 14_400); // ends exactly at 00:00
    let _after = add(&mut store, "ABC-4", "2026-11-23T00:00:00Z", 600);
    let got: Vec<EntryId> = store
        .read(|tx| tx.entries_overlapping(Some(utc("2026-11-16T00:00:00Z")), Some(utc("2026-11-23T00:00:00Z"))))
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(got, [before, inside]);
}

#[test]
fn many_connections_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    Store::open(&path).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|n| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..40 {
                    add(&mut store, &format!("T{n}-{}", i + 1), "2026-11-23T09:00:00+01:00", 60 + i);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.read(|tx| tx.entries_overlapping(None, None)).unwrap().len(), 320);
    store.integrity_check().unwrap();
}

#[test]
fn a_newer_or_foreign_file_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.db");
    Store::open(&newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = Store::open(&newer).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
    assert!(err.to_string().contains("update Stint"), "{err}");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x42u8; 8192]).unwrap();
    let err = Store::open(&garbage).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("move it aside"), "{err}");
}

#[test]
fn a_store_knows_when_its_file_was_deleted_or_replaced() {
    let (dir, store) = open();
    assert!(store.is_still_at_path());
    let path = dir.path().join("stint.db");
    std::fs::rename(&path, dir.path().join("moved.db")).unwrap();
    assert!(!store.is_still_at_path(), "gone from its path");
    let _other = Store::open(&path).unwrap();
    assert!(!store.is_still_at_path(), "another database now stands at its path");
}

#[test]
fn data_version_moves_only_for_other_connections() {
    let (dir, mut store) = open();
    let before = store.data_version().unwrap();
    add(&mut store, "ABC-1", "2026-11-20T09:00:00+00:00", 600);
    assert_eq!(store.data_version().unwrap(), before, "its own write");
    let mut other = Store::open(&dir.path().join("stint.db")).unwrap();
    add(&mut other, "ABC-2", "2026-11-20T10:00:00+00:00", 600);
    assert_ne!(store.data_version().unwrap(), before, "another connection's write");
}

/// The sync plans from its own copy of an entry after marking it: the copy's `mark` must mean what
/// the store's `mark_pushing` stores.
#[test]
fn a_marked_copy_is_what_the_store_keeps() {
    let (_dir, mut store) = open();
    let site = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let id = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let at = utc("2026-11-23T12:00:05Z");
    for op in [stint_store::PushOp::Create, stint_store::PushOp::Update, stint_store::PushOp::Delete] {
        let mut copy = store.read(|tx| tx.outbox_entry(id)).unwrap().unwrap();
        let issue = key("XYZ-9");
        store.write(|tx| tx.mark_pushing(id, site, op, &issue, copy.revision, at)).unwrap();
        copy.mark(op, &issue, at);
        let stored = store.read(|tx| tx.outbox_entry(id)).unwrap().unwrap();
        assert_eq!(copy, stored, "{op:?}");
    }
}

/// An entry Jira holds, synced at its current revision as worklog `worklog`.
fn synced(store: &mut Store, issue: &str, started: &str, worklog: &str) -> EntryId {
    let id = add(store, issue, started, 600);
    let rev = store.read(|tx| tx.revision(id)).unwrap().unwrap();
    assert!(store.write(|tx| tx.mark_synced(id, worklog, rev)).unwrap());
    id
}

fn theirs(seconds: i64, updated: &str) -> stint_store::TheirValues {
    stint_store::TheirValues {
        started: t("2026-11-23T10:00:00+01:00"),
        seconds,
        note: Note::parse("from the web").unwrap(),
        updated: Some(updated.into()),
    }
}

#[test]
fn jira_s_edit_is_taken_only_when_nothing_changed_here_and_a_conflict_is_settled_both_ways() {
    use stint_store::Settle;
    let (_dir, mut store) = open();
    let site = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let now = utc("2026-11-23T12:00:00Z");
    let id = synced(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", "10001");
    let window = |s: &mut Store| {
        s.read(|tx| tx.linked_between(site, utc("2026-11-16T00:00:00Z"), utc("2026-11-30T00:00:00Z"))).unwrap()
    };
    let linked = window(&mut store);
    assert_eq!((linked.len(), linked[0].changed_here, linked[0].worklog_id.as_deref()), (1, false, Some("10001")));

    // Unchanged here: Jira's values are taken, the entry stays synced, and the audit log says so.
    assert!(store.write(|tx| tx.take_jira_values(id, &theirs(7200, "t2"), now)).unwrap());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.seconds, entry.sync, entry.started), (7200, SyncState::Synced, t("2026-11-23T10:00:00+01:00")));
    assert_eq!(entry.note.as_ref().map(Note::expose), Some("from the web"));
    let audit = store.read(|tx| tx.audit_log(10)).unwrap();
    assert!(audit.iter().any(|a| a.outcome == "took Jira's edit"), "{audit:?}");
    assert_eq!(window(&mut store)[0].remote_updated.as_deref(), Some("t2"));

    // Changed here since: nothing is taken; the read marks a conflict instead.
    store.write(|tx| tx.update_entry(id, &EntryChange { seconds: Some(900), ..Default::default() }, now)).unwrap();
    assert!(!store.write(|tx| tx.take_jira_values(id, &theirs(3600, "t3"), now)).unwrap());
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().seconds, 900);
    store.write(|tx| tx.mark_conflict(id, &theirs(3600, "t3"))).unwrap();
    assert_eq!(store.read(|tx| tx.their_values(id)).unwrap(), Some(theirs(3600, "t3")));
    assert!(!store.write(|tx| tx.settle(id, Settle::Drop, now)).unwrap(), "a conflict is not dropped");

    // Keep mine: the entry is queued with its own values, and knows Jira's stamp.
    assert!(store.write(|tx| tx.settle(id, Settle::KeepMine, now)).unwrap());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.seconds, entry.sync), (900, SyncState::Pending));
    assert_eq!(store.read(|tx| tx.their_values(id)).unwrap(), None);
    assert_eq!(window(&mut store)[0].remote_updated.as_deref(), Some("t3"));

    // Take Jira's: its values, synced.
    store.write(|tx| tx.mark_conflict(id, &theirs(5400, "t4"))).unwrap();
    assert!(store.write(|tx| tx.settle(id, Settle::TakeJira, now)).unwrap());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.seconds, entry.sync), (5400, SyncState::Synced));
    assert!(!store.write(|tx| tx.settle(id, Settle::TakeJira, now)).unwrap(), "nothing left to settle");
}

#[test]
fn an_entry_deleted_in_jira_stays_until_it_is_pushed_again_or_dropped() {
    use stint_store::Settle;
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    let again = synced(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", "10001");
    let drop = synced(&mut store, "ABC-2", "2026-11-23T10:00:00+01:00", "10002");
    assert_eq!(store.read(|tx| tx.count_to_settle()).unwrap(), 0);
    for id in [again, drop] {
        store.write(|tx| tx.mark_deleted_in_jira(id)).unwrap();
        assert!(store.read(|tx| tx.entry(id)).unwrap().is_some(), "never deleted by what Jira says");
    }
    assert_eq!(store.read(|tx| tx.count_to_settle()).unwrap(), 2, "the reminders count what waits for the person");
    assert!(store.write(|tx| tx.settle(again, Settle::PushAgain, now)).unwrap());
    assert_eq!(store.read(|tx| tx.count_to_settle()).unwrap(), 1);
    let entry = store.read(|tx| tx.outbox_entry(again)).unwrap().unwrap();
    assert_eq!((entry.worklog_id, entry.state), (None, SyncState::Pending), "created again at the next sync");
    assert!(store.write(|tx| tx.settle(drop, Settle::Drop, now)).unwrap());
    assert!(store.read(|tx| tx.entry(drop)).unwrap().is_none());
}

#[test]
fn worklogs_logged_elsewhere_are_kept_for_the_window_and_the_read_back_state_round_trips() {
    use stint_store::{JiraWorklog, ReadBackState};
    let (_dir, mut store) = open();
    let now = utc("2026-11-23T12:00:00Z");
    let w = |id: &str, started: &str, uid: Option<&str>| JiraWorklog {
        worklog_id: id.into(),
        issue: key("ABC-1"),
        started: t(started),
        seconds: 1800,
        stint_uid: uid.map(str::to_string),
        updated: Some("t1".into()),
    };
    let (from, to) = (utc("2026-09-28T00:00:00Z"), utc("2026-11-24T00:00:00Z"));
    let a = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let b = store.write(|tx| tx.set_connection(&signed_in_to("https://b.atlassian.net/"), false)).unwrap();
    store.write(|tx| tx.keep_jira_worklog(a, &w("1", "2026-08-01T09:00:00+02:00", None), now)).unwrap();
    // Site B has a worklog 2 of its own: another worklog, kept beside A's.
    let on_b = w("2", "2026-11-22T09:00:00+01:00", None);
    store.write(|tx| tx.keep_jira_worklog(b, &on_b, now)).unwrap();
    let found = [w("2", "2026-11-20T09:00:00+01:00", None), w("3", "2026-11-21T09:00:00+01:00", Some("u-laptop"))];
    store.write(|tx| tx.replace_jira_worklogs(a, to, &found, now)).unwrap();
    let kept = store.read(|tx| tx.jira_worklogs_between(utc("2000-01-01T00:00:00Z"), to)).unwrap();
    assert_eq!(kept, [found[0].clone(), found[1].clone(), on_b.clone()], "A's that left the window is gone; B's stays");
    assert_eq!(store.read(|tx| tx.jira_worklog(b, "2")).unwrap(), Some(on_b));
    store.write(|tx| tx.forget_jira_worklog(a, "2")).unwrap();
    assert_eq!(store.read(|tx| tx.jira_worklogs_between(from, to)).unwrap().len(), 2, "B's worklog 2 stays");
    store.write(|tx| tx.forget_jira_worklogs_before(b, to)).unwrap();
    assert_eq!(store.read(|tx| tx.jira_worklogs_between(from, to)).unwrap().len(), 1);

    assert_eq!(store.read(|tx| tx.read_back_state(a)).unwrap(), ReadBackState::default());
    let state = ReadBackState {
        window_from: Some(from),
        full_read_at: Some(now),
        changes_since: Some(1_800_000_000_123),
        read_at: Some(now),
    };
    store.write(|tx| tx.set_read_back_state(a, &state)).unwrap();
    assert_eq!(store.read(|tx| tx.read_back_state(a)).unwrap(), state);
    assert_eq!(store.read(|tx| tx.read_back_state(b)).unwrap(), ReadBackState::default(), "each site its own");
}

fn signed_in_to(site: &str) -> StoredConnection {
    StoredConnection {
        mode: "cloud_api_token".into(),
        site: site.into(),
        api_base: site.into(),
        cloud_id: None,
        account_id: "acc-1".into(),
        account_name: None,
        signed_in_at: utc("2026-11-23T12:00:00Z"),
        needs_sign_in: false,
    }
}

/// The site each entry belongs to, read from the file as it is.
fn site_of(dir: &tempfile::TempDir, id: EntryId) -> Option<i64> {
    let conn = rusqlite::Connection::open(dir.path().join("stint.db")).unwrap();
    conn.query_row("SELECT site_id FROM entries WHERE id = ?1", [id.0], |r| r.get(0)).unwrap()
}

#[test]
fn sites_are_kept_each_once_the_first_is_the_default_and_an_entry_keeps_the_site_it_went_to() {
    let (dir, mut store) = open();
    let (a, b) = ("https://a.atlassian.net/", "https://b.atlassian.net/");
    let before_any = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let site_a = store.write(|tx| tx.set_connection(&signed_in_to(a), false)).unwrap();
    assert_eq!(site_a, SiteId(1));
    let sent_to_a = add(&mut store, "ABC-1", "2026-11-23T10:00:00+01:00", 600);
    store
        .write(|tx| tx.mark_pushing(sent_to_a, site_a, PushOp::Create, &key("ABC-1"), 1, utc("2026-11-23T12:00:00Z")))
        .unwrap();
    assert_eq!(site_of(&dir, sent_to_a), Some(1), "it belongs to the site its first request went to");
    assert_eq!(site_of(&dir, before_any), None, "not sent yet: the default's, whichever it is then");
    assert_eq!(store.read(|tx| tx.site_of_entry(before_any)).unwrap(), Some(site_a));

    // A second site is added beside the first, which stays the default unless asked.
    let site_b = store.write(|tx| tx.set_connection(&signed_in_to(b), false)).unwrap();
    let sites = store.read(|tx| tx.sites()).unwrap();
    let listed: Vec<(SiteId, &str, bool)> =
        sites.iter().map(|s| (s.id, s.connection.site.as_str(), s.is_default)).collect();
    assert_eq!(listed, [(site_a, a, true), (site_b, b, false)], "the default first; both kept");
    store.write(|tx| tx.set_connection(&signed_in_to(b), true)).unwrap();
    assert_eq!(store.read(|tx| tx.connection()).unwrap().unwrap().site, b);
    assert_eq!(site_of(&dir, sent_to_a), Some(1), "a new default does not move what was sent");
    assert_eq!(store.read(|tx| tx.site_of_entry(before_any)).unwrap(), Some(site_b), "what was not sent follows it");

    // Signing in to a site again keeps its row (and its entries).
    assert!(store.write(|tx| tx.set_default_site(site_a)).unwrap());
    assert!(!store.write(|tx| tx.set_default_site(SiteId(9))).unwrap(), "no such site");
    let sites = store.read(|tx| tx.sites()).unwrap();
    assert_eq!(sites.iter().map(|s| (s.id, s.is_default)).collect::<Vec<_>>(), [(site_a, true), (site_b, false)]);
    assert!(sites.iter().all(|s| s.destination == "jira"));

    // A sign-out marks that site only; its row stays.
    store.write(|tx| tx.mark_needs_sign_in(site_b)).unwrap();
    let waiting: Vec<(SiteId, bool)> =
        store.read(|tx| tx.sites()).unwrap().iter().map(|s| (s.id, s.connection.needs_sign_in)).collect();
    assert_eq!(waiting, [(site_a, false), (site_b, true)]);
}

#[test]
fn each_site_has_its_own_queue_by_the_project_rules_and_one_waiting_for_a_sign_in_holds_only_its_own() {
    let (_dir, mut store) = open();
    let a = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let b = store.write(|tx| tx.set_connection(&signed_in_to("https://b.atlassian.net/"), false)).unwrap();
    let abc = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let eng = add(&mut store, "ENG-7", "2026-11-23T10:00:00+01:00", 600);
    let queue = |s: &mut Store, site| -> Vec<EntryId> {
        s.read(|tx| tx.outbox(site)).unwrap().into_iter().map(|e| e.id).collect()
    };
    assert_eq!((queue(&mut store, a), queue(&mut store, b)), (vec![abc, eng], vec![]), "all go to the default");

    assert!(store.write(|tx| tx.set_site_rule("ENG", Some(b))).unwrap());
    assert!(!store.write(|tx| tx.set_site_rule("ENG", Some(b))).unwrap(), "already so");
    assert_eq!(store.read(|tx| tx.site_rules()).unwrap(), [("ENG".to_string(), b)]);
    assert_eq!((queue(&mut store, a), queue(&mut store, b)), (vec![abc], vec![eng]), "ENG goes to B");
    let latest = |s: &mut Store, issue: &str| s.read(|tx| tx.site_of_latest(&key(issue))).unwrap();
    assert_eq!(latest(&mut store, "ENG-7").as_deref(), Some("https://b.atlassian.net/"), "tracked again: to B");
    assert_eq!(latest(&mut store, "ABC-1").as_deref(), Some("https://a.atlassian.net/"));
    assert_eq!(latest(&mut store, "XYZ-1"), None, "never tracked");

    // B's sign-in is gone: its entry waits; A's queue flows.
    assert_eq!(store.write(|tx| tx.mark_needs_sign_in(b)).unwrap(), 1);
    assert_eq!(store.read(|tx| tx.entry(abc)).unwrap().unwrap().sync, SyncState::Pending);
    assert_eq!(store.read(|tx| tx.entry(eng)).unwrap().unwrap().sync, SyncState::NeedsSignIn);
    // Signing in to A again does not release B's.
    store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    assert_eq!(store.read(|tx| tx.entry(eng)).unwrap().unwrap().sync, SyncState::NeedsSignIn);
    store.write(|tx| tx.set_connection(&signed_in_to("https://b.atlassian.net/"), false)).unwrap();
    assert_eq!(store.read(|tx| tx.entry(eng)).unwrap().unwrap().sync, SyncState::Pending);

    // Once sent, an entry stays with its site whatever the rules say after.
    let at = utc("2026-11-23T12:00:00Z");
    store.write(|tx| tx.mark_pushing(eng, b, PushOp::Create, &key("ENG-7"), 1, at)).unwrap();
    store
        .write(|tx| {
            let worklog = stint_store::RemoteWorklog { id: "10001".into(), author: None, updated: None };
            tx.record_in_jira(eng, &key("ENG-7"), &worklog, 1)
        })
        .unwrap();
    assert!(store.write(|tx| tx.set_site_rule("ENG", None)).unwrap());
    assert_eq!(store.read(|tx| tx.site_of_entry(eng)).unwrap(), Some(b));
    assert_eq!(store.read(|tx| tx.held_worklog_ids(b)).unwrap(), ["10001"]);
    assert!(store.read(|tx| tx.held_worklog_ids(a)).unwrap().is_empty(), "a worklog id means something on its site");
    let (from, to) = (utc("2026-11-16T00:00:00Z"), utc("2026-11-30T00:00:00Z"));
    let linked = |s: &mut Store, site| -> Vec<EntryId> {
        s.read(|tx| tx.linked_between(site, from, to)).unwrap().into_iter().map(|l| l.id).collect()
    };
    assert_eq!((linked(&mut store, a), linked(&mut store, b)), (vec![abc], vec![eng]));
    let by_id = store.read(|tx| tx.linked_to(a, &["10001".to_string()], &[])).unwrap();
    assert!(by_id.is_empty(), "A's read-back never takes B's worklog 10001 for one of its own");

    // B's worklogs move to Tempo: the entry takes Tempo's id for it, A's are untouched, and B's
    // read-back starts over. An entry with a request out is counted first.
    assert_eq!(store.read(|tx| tx.in_flight(b)).unwrap(), 0);
    store.write(|tx| tx.mark_pushing(abc, a, PushOp::Create, &key("ABC-1"), 1, at)).unwrap();
    assert_eq!((store.read(|tx| tx.in_flight(a)).unwrap(), store.read(|tx| tx.in_flight(b)).unwrap()), (1, 0));
    use stint_store::{JiraWorklog, ReadBackState};
    let kept = JiraWorklog {
        worklog_id: "10002".into(),
        issue: key("ENG-8"),
        started: chrono::DateTime::parse_from_rfc3339("2026-11-24T09:00:00+01:00").unwrap(),
        seconds: 600,
        stint_uid: None,
        updated: None,
    };
    store.write(|tx| tx.keep_jira_worklog(b, &kept, at)).unwrap();
    let full =
        ReadBackState { window_from: Some(from), full_read_at: Some(at), changes_since: Some(1), read_at: Some(at) };
    store.write(|tx| tx.set_read_back_state(b, &full)).unwrap();
    let moved = [("10001".to_string(), "77".to_string()), ("999".to_string(), "78".to_string())];
    assert_eq!(store.write(|tx| tx.move_worklog_ids(b, &moved)).unwrap(), 1, "only the ids B holds");
    assert_eq!(store.read(|tx| tx.held_worklog_ids(b)).unwrap(), ["77"]);
    assert_eq!(store.write(|tx| tx.move_worklog_ids(a, &moved)).unwrap(), 0, "B's ids mean nothing on A");
    assert!(store.read(|tx| tx.jira_worklog(b, "10002")).unwrap().is_none(), "the old place's read-back is gone");
    assert_eq!(store.read(|tx| tx.read_back_state(b)).unwrap(), ReadBackState::default(), "read whole next time");
}

#[test]
fn an_entry_moved_to_another_site_leaves_the_first_before_the_second_sends_it() {
    let (_dir, mut store) = open();
    let a = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let b = store.write(|tx| tx.set_connection(&signed_in_to("https://b.atlassian.net/"), false)).unwrap();
    let id = add(&mut store, "ABC-1", "2026-11-23T09:00:00+01:00", 600);
    let at = utc("2026-11-23T12:00:00Z");
    store.write(|tx| tx.mark_pushing(id, a, PushOp::Create, &key("ABC-1"), 1, at)).unwrap();
    let worklog = stint_store::RemoteWorklog { id: "10001".into(), author: None, updated: None };
    store.write(|tx| tx.record_in_jira(id, &key("ABC-1"), &worklog, 1)).unwrap();
    assert_eq!(store.read(|tx| tx.entry(id)).unwrap().unwrap().sync, SyncState::Synced);

    assert!(store.write(|tx| tx.move_to_site(id, b)).unwrap());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.sync, entry.site.as_deref()), (SyncState::Pending, Some("https://b.atlassian.net/")));
    // A's sync looks after it until its worklog there is gone; B's does not see it yet.
    let on_a = store.read(|tx| tx.outbox(a)).unwrap();
    assert_eq!((on_a.len(), on_a[0].leaving), (1, true));
    assert!(store.read(|tx| tx.outbox(b)).unwrap().is_empty(), "never created on B while A has it");
    store.write(|tx| tx.record_gone_from_jira(id)).unwrap();
    assert!(store.read(|tx| tx.outbox_entry_at(a, id)).unwrap().is_none(), "no longer A's");
    let on_b = store.read(|tx| tx.outbox(b)).unwrap();
    assert_eq!((on_b.len(), on_b[0].worklog_id.as_deref(), on_b[0].leaving), (1, None, false));

    // A create B refused (nothing there) leaves the entry free to go elsewhere.
    store.write(|tx| tx.mark_pushing(id, b, PushOp::Create, &key("ABC-1"), 1, at)).unwrap();
    store.write(|tx| tx.record_refusal(id, "jira.forbidden", "no permission")).unwrap();
    assert!(store.write(|tx| tx.move_to_site(id, a)).unwrap());
    let entry = store.read(|tx| tx.entry(id)).unwrap().unwrap();
    assert_eq!((entry.sync, entry.error.is_none()), (SyncState::Pending, true), "sent again, to A");
    assert_eq!(store.read(|tx| tx.outbox(a)).unwrap().len(), 1);
}

#[test]
fn a_site_s_worklogs_go_to_tempo_with_the_choices_made_for_its_attributes() {
    let (_dir, mut store) = open();
    let a = store.write(|tx| tx.set_connection(&signed_in_to("https://a.atlassian.net/"), false)).unwrap();
    let b = store.write(|tx| tx.set_connection(&signed_in_to("https://b.atlassian.net/"), false)).unwrap();
    assert!(store.write(|tx| tx.set_destination(b, Some("https://api.eu.tempo.io/"))).unwrap());
    assert!(!store.write(|tx| tx.set_destination(SiteId(9), Some("https://api.tempo.io/"))).unwrap(), "no site 9");
    let where_to = |s: &mut Store| -> Vec<(String, Option<String>)> {
        s.read(|tx| tx.sites()).unwrap().into_iter().map(|s| (s.destination, s.tempo_api)).collect()
    };
    assert_eq!(
        where_to(&mut store),
        [("jira".into(), None), ("tempo".into(), Some("https://api.eu.tempo.io/".into()))],
        "B's only"
    );

    // Choices are per site, by issue or project and attribute; choosing again replaces.
    assert!(store.write(|tx| tx.set_tempo_choice(b, "ENG", "_Account_", Some("INTERNAL"))).unwrap());
    assert!(!store.write(|tx| tx.set_tempo_choice(b, "ENG", "_Account_", Some("INTERNAL"))).unwrap(), "already so");
    assert!(store.write(|tx| tx.set_tempo_choice(b, "ENG", "_Account_", Some("ACME"))).unwrap());
    assert!(store.write(|tx| tx.set_tempo_choice(b, "ENG-7", "_Phase_", Some("Build"))).unwrap());
    let choices = store.read(|tx| tx.tempo_choices(b)).unwrap();
    let listed: Vec<(&str, &str, &str)> =
        choices.iter().map(|c| (c.scope.as_str(), c.attribute.as_str(), c.value.as_str())).collect();
    assert_eq!(listed, [("ENG", "_Account_", "ACME"), ("ENG-7", "_Phase_", "Build")]);
    assert!(store.read(|tx| tx.tempo_choices(a)).unwrap().is_empty(), "A's are its own");
    assert!(store.write(|tx| tx.set_tempo_choice(b, "ENG", "_Account_", None)).unwrap());
    assert!(!store.write(|tx| tx.set_tempo_choice(b, "ENG", "_Account_", None)).unwrap(), "already forgotten");
    assert_eq!(store.read(|tx| tx.tempo_choices(b)).unwrap().len(), 1);

    // Tempo's required hours count for sites whose worklogs go to Tempo.
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let at = utc("2026-12-01T12:00:00Z");
    store.write(|tx| tx.keep_required_days(b, &[(day(24), 4 * 3600), (day(25), 0)], at)).unwrap();
    store.write(|tx| tx.keep_required_days(a, &[(day(24), 8 * 3600)], at)).unwrap();
    assert_eq!(
        store.read(|tx| tx.required_days(day(20), day(31))).unwrap(),
        [(day(24), 4 * 3600), (day(25), 0)],
        "A's worklogs go to Jira: its rows do not count"
    );
    store.write(|tx| tx.keep_required_days(b, &[(day(24), 5 * 3600)], at)).unwrap();
    assert_eq!(store.read(|tx| tx.required_days(day(24), day(24))).unwrap(), [(day(24), 5 * 3600)], "replaced");

    // Back to Jira: Tempo's address is forgotten with it.
    assert!(store.write(|tx| tx.set_destination(b, None)).unwrap());
    assert_eq!(where_to(&mut store)[1], ("jira".into(), None));
    assert!(store.read(|tx| tx.required_days(day(20), day(31))).unwrap().is_empty(), "no Tempo site: no schedule");

    // Entries held for a sign-in go back in the queue when asked (a new Tempo token).
    let eng = add(&mut store, "ENG-7", "2026-11-23T10:00:00+01:00", 600);
    store.write(|tx| tx.set_site_rule("ENG", Some(b))).unwrap();
    assert_eq!(store.write(|tx| tx.hold_queue_for_sign_in(b)).unwrap(), 1);
    assert_eq!(store.write(|tx| tx.release_sign_in_hold(a)).unwrap(), 0, "not A's");
    assert_eq!(store.write(|tx| tx.release_sign_in_hold(b)).unwrap(), 1);
    assert_eq!(store.read(|tx| tx.entry(eng)).unwrap().unwrap().sync, SyncState::Pending);
}
