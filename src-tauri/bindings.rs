//! The IPC contract, declared once in Rust: this test renders every type the window's commands
//! take or return as TypeScript and compares it with `ui/src/bindings.ts`, so CI fails when the
//! file is stale. `STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop bindings` rewrites it.

use stint_app::*;
use ts_rs::{Config, TS};

use crate::commands::{IpcError, SyncProgress};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {{
        let mut out = String::new();
        $( out.push_str(&format!("export {}\n\n", <$t as TS>::decl($cfg))); )*
        out
    }};
}

fn rendered() -> String {
    // Stint's integers are seconds and ids, far inside what a JavaScript number holds.
    let cfg = &Config::default().with_large_int("number");
    let body = declarations!(cfg;
        IpcError, Remedy, SyncProgress, StartRequest, StopRequest, AddRequest, EditRequest, GapChoice, ExportFormat,
        ExportedFile, SignIn, PrivacyReport, Status, RunningView, GapView, Counts, JiraStatus, Started, Stopped,
        StopPreview, Overlap, Logged, Edited, Removed, Entry, EntryRow, EntryId, SyncFilter, IssueKey, Note, SyncState, SyncError, JiraState,
        Split, WeekSummary, DaySummary, IssueTotal, ProjectTotal, WeekTotal, SettingView, Source, Whoami, SiteSignIn, SyncSummary, SiteSync, TempoSignIn, TempoOAuthSignIn, TempoAccounts, TempoAccount, ChosenAccount, AccountChoice, TempoAttribute, ChosenValue, ValueChoice, TimeLocale,
        SyncStop, PullSummary, InJira, InJiraList, LoggedBy, Resolution, IssueList, FoundIssue, ConfigReport, PurgePlan, Kept, Purged, TrayPanel, TrayReport,
        Timesheet, SheetDay, SheetRow, SheetCell, CellChange, Locked, CellRequest, DayLine, Block, FreeSpan, Share,
        WindowImport, ImportPreview, ImportGroup, ImportSkip, ImportOverlap, Imported,
    );
    // Stint's limits the page needs, from the same constants the facade checks with.
    let body = format!(
        "{body}/** The longest note Stint keeps, in characters. */\nexport const MAX_NOTE_CHARS = {MAX_NOTE_CHARS};\n"
    );
    format!(
        "// Generated from the Rust types by src-tauri/bindings.rs: do not edit by hand.\n\
         // Regenerate with `STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop bindings`.\n\n{}",
        body.trim_end().to_string() + "\n"
    )
}

#[test]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let fresh = rendered();
    if std::env::var_os("STINT_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop bindings` and commit it"
    );
}
