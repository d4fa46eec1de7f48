//! The entries' commands.

use stint_app::{
    AddRequest, EditRequest, Edited, Entry, EntryId, EntryRow, ImportPreview, Imported, InJiraList, Logged, Removed,
    Resolution, Split, SyncFilter, WindowImport,
};

use super::{IpcError, Window};

pub async fn add_entry(w: &Window, req: AddRequest) -> Result<Logged, IpcError> {
    w.call(move |s| s.add(req)).await
}

pub async fn edit_entry(w: &Window, id: EntryId, change: EditRequest) -> Result<Edited, IpcError> {
    w.call(move |s| s.edit(id, change)).await
}

pub async fn remove_entry(w: &Window, id: EntryId) -> Result<Removed, IpcError> {
    w.call(move |s| s.remove(id)).await
}

pub async fn undo_remove(w: &Window, id: EntryId) -> Result<Entry, IpcError> {
    w.call(move |s| s.undo_remove(id)).await
}

/// The entries of a range, or (`state`) those the next sync sends or Jira refused, of any date.
pub async fn list_entries(
    w: &Window,
    from: Option<String>,
    to: Option<String>,
    state: Option<SyncFilter>,
) -> Result<Vec<EntryRow>, IpcError> {
    w.call(move |s| s.entry_rows(from.as_deref(), to.as_deref(), state)).await
}

pub async fn split_entry(w: &Window, id: EntryId, at: String) -> Result<Split, IpcError> {
    w.call(move |s| s.split(id, &at)).await
}

/// Puts an entry Jira refused back in the queue (a refused removal: its deletion is asked again).
pub async fn retry_entry(w: &Window, id: EntryId) -> Result<usize, IpcError> {
    w.call(move |s| s.retry(Some(id))).await
}

pub async fn merge_entries(w: &Window, id: EntryId, other: EntryId) -> Result<Entry, IpcError> {
    w.call(move |s| s.merge(id, other)).await
}

/// The person's worklogs in Jira over those days that are not entries here (read back).
pub async fn list_in_jira(w: &Window, from: Option<String>, to: Option<String>) -> Result<InJiraList, IpcError> {
    w.call(move |s| s.in_jira(from.as_deref(), to.as_deref())).await
}

/// Settles a conflict with Jira, or a deletion made in Jira; the entry after (none once dropped).
pub async fn resolve_entry(w: &Window, id: EntryId, how: Resolution) -> Result<Option<Entry>, IpcError> {
    w.call(move |s| s.resolve(id, how)).await
}

/// Makes one of the person's worklogs in Jira an entry here.
pub async fn adopt_worklog(w: &Window, worklog: String) -> Result<Entry, IpcError> {
    w.call(move |s| s.adopt(&worklog)).await
}

pub async fn import_preview(w: &Window, req: WindowImport) -> Result<ImportPreview, IpcError> {
    w.call(move |s| s.import_preview(req)).await
}

pub async fn import_confirm(w: &Window) -> Result<Imported, IpcError> {
    w.call(|s| s.import_confirm()).await
}
