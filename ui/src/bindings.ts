// Generated from the Rust types by src-tauri/bindings.rs: do not edit by hand.
// Regenerate with `STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop bindings`.

export type IpcError = { 
/**
 * A stable name the UI may branch on (`nothing_running`, `gap_needs_decision`, `jira.not_signed_in`…).
 */
code: string, 
/**
 * What went wrong, for people.
 */
message: string, 
/**
 * What to do about it: the page words it (a button, or a sentence).
 */
remedy: Remedy | null, };

export type Remedy = { "kind": "start_timer" } | { "kind": "stop_or_switch" } | { "kind": "decide_gap" } | { "kind": "set_timer_start", id: EntryId, } | { "kind": "stop_earlier" } | { "kind": "stop_or_move_start" } | { "kind": "change_something" } | { "kind": "find_entry" } | { "kind": "edit_entry", id: EntryId, } | { "kind": "move_entry", id: EntryId, } | { "kind": "ask_admin_or_move_entry", id: EntryId, } | { "kind": "make_entries_touch" } | { "kind": "remove_entry", id: EntryId, } | { "kind": "retry_entry", id: EntryId, } | { "kind": "retry_deletion", id: EntryId, } | { "kind": "see_sync_states" } | { "kind": "sign_in" } | { "kind": "sign_in_with_api_token" } | { "kind": "choose_site", sites: Array<string>, } | { "kind": "sign_in_to_site", site: string, } | { "kind": "sign_in_to_tempo", site: string, } | { "kind": "choose_tempo_account", id: EntryId, } | { "kind": "choose_tempo_value", id: EntryId, } | { "kind": "check_jira_settings" } | { "kind": "check_oauth_app" } | { "kind": "unlock_keychain" } | { "kind": "fix_keychain_then_purge" } | { "kind": "wait_for_sync" } | { "kind": "type_time" } | { "kind": "choose_import_format" } | { "kind": "skip_bad_records" } | { "kind": "choose_date_order" } | { "kind": "choose_key_place" } | { "kind": "leave_out_issue_options" } | { "kind": "change_day_entries", date: string, } | { "kind": "sync_again_from", at: string, };

export type SyncProgress = { done: number, total: number, };

export type StartRequest = { issue: string, note: string | null, 
/**
 * When the work began (default: now); also where a running timer is stopped.
 */
at: string | null, local_only: boolean, 
/**
 * What to do with a silence in the timer being switched away from.
 */
gap: GapChoice, 
/**
 * The site it goes to, as `whoami` names it (default: its project's, else the default).
 */
site?: string, };

export type StopRequest = { at: string | null, 
/**
 * Replaces the timer's note.
 */
note: string | null, gap: GapChoice, };

export type AddRequest = { issue: string, duration: string, 
/**
 * When the work began (default: it ends now).
 */
at: string | null, note: string | null, local_only: boolean, 
/**
 * The day a start given as a time of day alone (`16:00`) is on, `YYYY-MM-DD`: the day the
 * window shows. Default: today.
 */
on?: string, 
/**
 * The site it goes to, as `whoami` names it (default: its project's, else the default).
 */
site?: string, };

export type EditRequest = { issue: string | null, duration: string | null, at: string | null, note: string | null, local_only: boolean | null, 
/**
 * The site it goes to, as `whoami` names it: one already on another site is deleted there
 * and created on this one.
 */
site?: string, };

export type GapChoice = "ask" | "end" | "keep";

export type ExportFormat = "json" | "csv";

export type ExportedFile = { path: string, entries: number, };

export type SignIn = { "how": "cloud_oauth", site: string | null, } | { "how": "cloud_api_token", site: string, email: string, token: string, } | { "how": "data_center_token", site: string, token: string, } | { "how": "data_center_oauth", site: string, };

export type PrivacyReport = { files: ConfigReport, 
/**
 * The hosts Stint may contact, from the configuration and the sign-in.
 */
hosts: Array<string>, 
/**
 * The keychain item's service name (tokens live there only).
 */
keychain_service: string, purge: PurgePlan, };

export type Status = { running: RunningView | null, counts: Counts, jira: JiraStatus, 
/**
 * Nothing yet: no entry, no timer, never signed in (the window opens on its welcome).
 */
first_run: boolean, 
/**
 * Today's time, as `stint week` counts it for today: entries, the running timer up to now,
 * and the person's time logged elsewhere that a read-back found. The tray's menu and the
 * window's timer show this figure.
 */
today_seconds: number, 
/**
 * Today's daily target (0 on a day without one), as the week counts it.
 */
today_target_seconds: number, 
/**
 * How the person reads times and dates: the window shows them so, as the CLI does.
 */
locale: TimeLocale, };

export type RunningView = { id: EntryId, issue: IssueKey, 
/**
 * When it started, with the offset in force where it started.
 */
started: string, elapsed_seconds: number, note: Note | null, local_only: boolean, 
/**
 * A silence to settle when stopping (see `GapChoice`).
 */
idle_gap: GapView | null, 
/**
 * The site its entry goes to, when Stint is signed in to several (else absent).
 */
site?: string, };

export type GapView = { from: string, to: string, seconds: number, };

export type Counts = { local: number, pending: number, failed: number, synced: number, };

export type JiraStatus = { 
/**
 * The default site's sign-in, as `site` and `needs_sign_in`.
 */
signed_in: boolean, site: string | null, 
/**
 * Queued work waits for `stint login`.
 */
needs_sign_in: boolean, 
/**
 * How many sites have a sign-in: a sync can run while one has, even with the default
 * signed out.
 */
sites_signed_in: number, };

export type Started = { running: RunningView, 
/**
 * The timer that was running before, stopped at the same instant (a switch).
 */
previous: Stopped | null, 
/**
 * Entries the new timer's time so far overlaps (when it started in the past).
 */
overlaps: Array<Overlap>, };

export type Stopped = { "outcome": "finished", entry: Entry, overlaps: Array<Overlap>, } | { "outcome": "discarded", issue: IssueKey, seconds: number, };

export type StopPreview = { 
/**
 * How long it has run.
 */
measured_seconds: number, 
/**
 * What the entry would be after rounding (`None`: under a minute, nothing is kept).
 */
kept_seconds: number | null, 
/**
 * The rounding rule in effect (`none`, `up 15m`, …).
 */
rounding: string, 
/**
 * Jira's floor: shorter timers make no entry.
 */
minimum_seconds: number, };

export type Overlap = { id: EntryId, issue: IssueKey, started: string, 
/**
 * How long it is (the running timer: so far).
 */
seconds: number, running: boolean, };

export type Logged = { overlaps: Array<Overlap>, id: EntryId, issue: IssueKey, 
/**
 * When the work began, with the UTC offset in force where it began.
 */
started: string, seconds: number, note: Note | null, sync: SyncState, 
/**
 * Why Jira refused it (only when `sync` is `failed`).
 */
error?: SyncError, 
/**
 * Removed here, but Jira refused to delete its worklog: shown (with `error`) until the
 * deletion goes through or the removal is taken back; it counts in no total. Absent when
 * false, so the documented shape of a listed entry is unchanged.
 */
removed?: boolean, 
/**
 * What a read-back of Jira found that needs the person: its worklog was deleted in Jira, or
 * it was changed in Jira and here. Absent otherwise.
 */
jira?: JiraState, 
/**
 * The Jira site it belongs to (where it is, or goes), as `stint whoami` names it. Absent
 * before any sign-in.
 */
site?: string, };

export type Edited = { "kind": "entry", entry: Entry, overlaps: Array<Overlap>, } | { "kind": "running", running: RunningView, overlaps: Array<Overlap>, };

export type Removed = { "outcome": "deleted", "id": EntryId } | { "outcome": "marked_for_deletion", "id": EntryId } | { "outcome": "discarded_running", "id": EntryId };

export type Entry = { id: EntryId, issue: IssueKey, 
/**
 * When the work began, with the UTC offset in force where it began.
 */
started: string, seconds: number, note: Note | null, sync: SyncState, 
/**
 * Why Jira refused it (only when `sync` is `failed`).
 */
error?: SyncError, 
/**
 * Removed here, but Jira refused to delete its worklog: shown (with `error`) until the
 * deletion goes through or the removal is taken back; it counts in no total. Absent when
 * false, so the documented shape of a listed entry is unchanged.
 */
removed?: boolean, 
/**
 * What a read-back of Jira found that needs the person: its worklog was deleted in Jira, or
 * it was changed in Jira and here. Absent otherwise.
 */
jira?: JiraState, 
/**
 * The Jira site it belongs to (where it is, or goes), as `stint whoami` names it. Absent
 * before any sign-in.
 */
site?: string, };

export type EntryRow = { 
/**
 * The entries it shares time with.
 */
overlaps: Array<EntryId>, 
/**
 * The next entry in the list, when the two may be merged (`merge` would take them).
 */
merges_with_next: EntryId | null, 
/**
 * Its start as Stint reads a typed time back (`2026-11-23 09:00`), to edit it.
 */
start_input: string, 
/**
 * Its duration as Stint reads a typed duration back (`1h30m`), to edit it.
 */
duration_input: string, 
/**
 * Where a split in the middle would cut (a typed time, to the minute).
 */
middle_input: string, 
/**
 * What to do about Jira's refusal, for a refused entry.
 */
remedy: Remedy | null, 
/**
 * The issue's title, where Stint keeps it (fetched from Jira within the retention PRIVACY.md
 * states); none otherwise.
 */
summary: string | null, id: EntryId, issue: IssueKey, 
/**
 * When the work began, with the UTC offset in force where it began.
 */
started: string, seconds: number, note: Note | null, sync: SyncState, 
/**
 * Why Jira refused it (only when `sync` is `failed`).
 */
error?: SyncError, 
/**
 * Removed here, but Jira refused to delete its worklog: shown (with `error`) until the
 * deletion goes through or the removal is taken back; it counts in no total. Absent when
 * false, so the documented shape of a listed entry is unchanged.
 */
removed?: boolean, 
/**
 * What a read-back of Jira found that needs the person: its worklog was deleted in Jira, or
 * it was changed in Jira and here. Absent otherwise.
 */
jira?: JiraState, 
/**
 * The Jira site it belongs to (where it is, or goes), as `stint whoami` names it. Absent
 * before any sign-in.
 */
site?: string, };

export type EntryId = number;

export type SyncFilter = "waiting" | "refused";

export type IssueKey = string;

export type Note = string;

export type SyncState = "local" | "pending" | "pushing" | "failed" | "synced" | "needs_sign_in";

export type SyncError = { code: string, message: string, 
/**
 * The issue the refused request was about, when it is not the entry's own: a moved entry
 * whose worklog Jira would not delete from the issue it was on. Absent otherwise.
 */
issue?: IssueKey, 
/**
 * The refused request was a deletion of the entry's worklog (the entry was removed here, or
 * moved to another issue): the worklog stays in Jira as it was. Absent when false.
 */
deletion?: boolean, };

export type JiraState = "deleted" | "conflict";

export type Split = { first: Entry, second: Entry, };

export type WeekSummary = { week: string, from: string, to: string, total_seconds: number, target_seconds: number, 
/**
 * Of Stint's entries here: in Jira, and not yet (waiting, refused, local-only and running,
 * each also counted below).
 */
synced_seconds: number, unsynced_seconds: number, 
/**
 * What the next sync sends; what Jira refused; what is kept here only; the running timer.
 */
waiting_seconds: number, refused_seconds: number, local_seconds: number, running_seconds: number, 
/**
 * The split of the total: Stint's entries here, and the person's worklogs in Jira logged
 * elsewhere (read back by `stint pull`).
 */
from_stint_seconds: number, elsewhere_seconds: number, days: Array<DaySummary>, 
/**
 * Longest first.
 */
issues: Array<IssueTotal>, 
/**
 * Longest first.
 */
projects: Array<ProjectTotal>, };

export type DaySummary = { date: string, 
/**
 * Everything on the day: Stint's entries, the running timer up to now, and time logged
 * elsewhere in Jira.
 */
seconds: number, target_seconds: number, 
/**
 * Of `seconds`: the running timer's part, and the part logged elsewhere in Jira.
 */
running_seconds: number, elsewhere_seconds: number, };

export type IssueTotal = { issue: IssueKey, seconds: number, };

export type ProjectTotal = { project: string, seconds: number, };

export type WeekTotal = { week: string, from: string, total_seconds: number, target_seconds: number, synced_seconds: number, };

export type SettingView = { key: string, value: string, source: Source, variable: string | null, help: string, 
/**
 * How a form sets it: `switch` (`on`/`off`), `choice` (one of `options`), `days` (some of
 * `options`, comma-separated), or `text`.
 */
control: string, options: Array<string>, };

export type Source = "default" | "file" | "env";

export type Whoami = { signed_in: boolean, 
/**
 * The site, as people know it.
 */
site: string | null, 
/**
 * The account's name in Jira.
 */
account: string | null, account_id: string | null, 
/**
 * `cloud_oauth`, `cloud_api_token`, `data_center_token`, `data_center_oauth`.
 */
how: string | null, 
/**
 * The same, in words.
 */
how_text: string | null, 
/**
 * Jira no longer accepts the sign-in (or it was signed out).
 */
needs_sign_in: boolean, 
/**
 * When the sign-in ends at the latest, where that is known (`sign_in_ends`), or null.
 */
ends_by: string | null, 
/**
 * Every site signed into on this machine, the default first.
 */
sites: Array<SiteSignIn>, };

export type SiteSignIn = { 
/**
 * The site, as people know it (what `stint logout SITE` and the rules name).
 */
site: string, signed_in: boolean, account: string | null, account_id: string, how: string | null, how_text: string | null, needs_sign_in: boolean, ends_by: string | null, 
/**
 * New entries go here unless a project's rule says otherwise.
 */
default: boolean, 
/**
 * Where its worklogs go: `jira` (Jira's own worklogs) or `tempo`.
 */
destination: string, 
/**
 * Where its Tempo is (an API base) when its worklogs go to Tempo, else null.
 */
tempo_api: string | null, 
/**
 * Whether its worklogs may go to Tempo: a Jira Cloud site signed in (Tempo Cloud serves
 * Jira Cloud only).
 */
tempo_possible: boolean, 
/**
 * The projects whose entries go here by the person's rules.
 */
projects: Array<string>, };

export type SyncSummary = { pushed: number, updated: number, deleted: number, failed: number, remaining: number, 
/**
 * Entries not sent because their worklog was changed in Jira since the last sync (each waits
 * for the person, with Jira's values beside it: never a silent overwrite).
 */
conflicts: number, 
/**
 * The read-back that followed the push (`stint pull --json`'s fields), or null when the push
 * stopped early or left entries because Jira failed.
 */
read_back: PullSummary | null, 
/**
 * Why it stopped early: `{code, message, remedy}`, or null.
 */
stopped: SyncStop | null, 
/**
 * What Jira last answered about an entry left queued, in words (null when none was held
 * back by Jira: entries changed meanwhile are simply sent next time).
 */
remaining_because: string | null, 
/**
 * When Jira allows the next try, when it asked to wait longer than a sync waits (RFC 3339).
 */
next_try: string | null, 
/**
 * Each site's part, the default first (the fields above add them up; `stopped` and
 * `remaining_because` are the first site's that has one).
 */
sites: Array<SiteSync>, 
/**
 * What the person should know though nothing failed (every site's, in words): entries sent
 * into a Tempo timesheet that waits for approval.
 */
warnings: Array<string>, };

export type SiteSync = { site: string, pushed: number, updated: number, deleted: number, failed: number, remaining: number, conflicts: number, stopped: SyncStop | null, };

export type TempoSignIn = { site: string | null, region: string, token: string, };

export type TempoOAuthSignIn = { site: string | null, region: string, client_id: string, client_secret: string, };

export type TempoAccounts = { site: string, accounts: Array<TempoAccount>, 
/**
 * By project or issue key: where the issue's field and the project's links say none.
 */
chosen: Array<ChosenAccount>, 
/**
 * The work attributes the site requires besides the Account, which only a choice fills.
 */
attributes: Array<TempoAttribute>, 
/**
 * The values chosen for them, by project or issue key.
 */
values: Array<ChosenValue>, };

export type TempoAccount = { key: string, name: string, };

export type ChosenAccount = { 
/**
 * A project key or an issue key.
 */
scope: string, 
/**
 * The account's key.
 */
account: string, };

export type AccountChoice = { site: string | null, scope: string, account: string | null, };

export type TempoAttribute = { key: string, name: string, 
/**
 * `STATIC_LIST`, `INPUT_FIELD`, `INPUT_NUMERIC` or `CHECKBOX`, as Tempo names them.
 */
kind: string, 
/**
 * A list's values.
 */
values: Array<string>, };

export type ChosenValue = { 
/**
 * A project key or an issue key.
 */
scope: string, 
/**
 * The attribute's name.
 */
attribute: string, value: string, };

export type ValueChoice = { site: string | null, scope: string, attribute: string, value: string | null, };

export type TimeLocale = { 
/**
 * A BCP 47 tag for dates and weekdays (`en-US`, `de-DE`); `en-GB` for `C` and `POSIX`, whose
 * dates read as Stint's CLI prints them (`Fri 20 Nov`).
 */
tag: string, 
/**
 * Times on a 12-hour clock (`1:05 PM`) rather than a 24-hour one (`13:05`).
 */
twelve_hour: boolean, };

export type SyncStop = { code: string, message: string, 
/**
 * What to do, for each shell to word.
 */
remedy: Remedy | null, };

export type PullSummary = { 
/**
 * The window read: worklogs that started from `from` to before `to`.
 */
from: string, to: string, 
/**
 * The window was read in full (else only what changed on the site since the last read).
 */
full: boolean, 
/**
 * Issues read whole, and requests made to Jira.
 */
issues: number, requests: number, 
/**
 * Entries that took an edit made in Jira.
 */
took_jira: number, 
/**
 * Entries changed here and in Jira since the last sync: the person settles each.
 */
conflicts: number, 
/**
 * Entries whose worklog was deleted in Jira: kept here, marked.
 */
deleted_in_jira: number, 
/**
 * The person's worklogs logged outside Stint, and by Stint on another machine, that this
 * read found (when not whole: those that changed).
 */
elsewhere: number, other_machines: number, 
/**
 * Entries whose lost worklog was found by its uid.
 */
linked: number, 
/**
 * Why it stopped before the end (then nothing here changed): `{code, message, remedy}`.
 */
stopped: SyncStop | null, };

export type InJira = { worklog_id: string, issue: IssueKey, 
/**
 * When the work began, with the UTC offset Jira gave.
 */
started: string, seconds: number, logged: LoggedBy, };

export type InJiraList = { worklogs: Array<InJira>, 
/**
 * When Jira last answered a read-back (null: never read).
 */
read_at: string | null, };

export type LoggedBy = "elsewhere" | "other_machine";

export type Resolution = "keep_mine" | "take_jira" | "push_again" | "drop";

export type IssueList = { 
/**
 * `jira`, or `recent` when Jira could not be asked.
 */
source: string, issues: Array<FoundIssue>, 
/**
 * Why Jira was not asked, when it was not.
 */
offline_reason: string | null, };

export type FoundIssue = { key: string, summary: string, 
/**
 * The site it was found on, when Stint is signed in to several (else absent).
 */
site?: string, };

export type ConfigReport = { config_file: string, config_file_exists: boolean, database: string, log_dir: string, 
/**
 * The desktop window's size and place.
 */
window_state: string, settings: Array<SettingView>, };

export type PurgePlan = { 
/**
 * The files that exist, are Stint's, and would be removed (folders go once empty).
 */
paths: string[], 
/**
 * What is at Stint's paths but is not Stint's (or holds other files), left as it is.
 */
kept: Array<Kept>, 
/**
 * Entries kept, and how many of those Jira does not have yet (`None` when unreadable).
 */
entries: number | null, not_in_jira: number | null, running: boolean | null, };

export type Kept = { path: string, why: string, };

export type Purged = { deleted: string[], kept: Array<Kept>, };

export type TrayPanel = { report: TrayReport, autostart: boolean, };

export type TrayReport = { 
/**
 * A tray process has run on this database and said what it found.
 */
known: boolean, idle: string | null, logind: boolean, network_manager: boolean, 
/**
 * A tray host shows its icon (`null`: not known yet).
 */
host: boolean | null, };

export type Timesheet = { week: string, from: string, to: string, 
/**
 * Each day's total and target, first day first (the columns).
 */
days: Array<SheetDay>, 
/**
 * One row per issue with time in the week, by key.
 */
rows: Array<SheetRow>, total_seconds: number, target_seconds: number, };

export type SheetDay = { date: string, seconds: number, target_seconds: number, };

export type SheetRow = { issue: IssueKey, 
/**
 * The issue's title where Stint keeps one (filled in by the application).
 */
summary: string | null, 
/**
 * One per day of the week.
 */
cells: Array<SheetCell>, seconds: number, };

export type SheetCell = { date: string, seconds: number, 
/**
 * The cell's time as Stint reads a typed duration back (`1h30m`); empty when there is none.
 */
duration_input: string, change: CellChange, };

export type CellChange = { "kind": "log" } | { "kind": "entry", id: EntryId, } | { "kind": "locked", why: Locked, pieces: number, };

export type Locked = "several" | "running" | "elsewhere" | "spans_days";

export type CellRequest = { issue: string, date: string, duration: string, };

export type DayLine = { date: string, 
/**
 * The axis: the working hours, widened to whole hours around the work on the day, within it.
 */
from: string, to: string, 
/**
 * Earliest first.
 */
blocks: Array<Block>, 
/**
 * Earliest first, within the axis and up to now.
 */
free: Array<FreeSpan>, seconds: number, };

export type Block = { 
/**
 * Stint's entry (the running timer's included); none for time logged elsewhere.
 */
id: EntryId | null, issue: IssueKey, start: string, end: string, seconds: number, share: Share, 
/**
 * It may be moved and resized here: a finished entry of Stint's, wholly on the day.
 */
movable: boolean, };

export type FreeSpan = { start: string, end: string, 
/**
 * Its start and length as Stint reads them typed.
 */
start_input: string, duration_input: string, };

export type Share = "in_jira" | "elsewhere" | "waiting" | "refused" | "local_only" | "running";

export type WindowImport = { content: string, format: string | null, key_from: string | null, unmapped: string | null, sync: boolean, skip_bad: boolean, date_format: string | null, };

export type ImportPreview = { format: string, 
/**
 * Entries to import, and their total length.
 */
entries: number, seconds: number, 
/**
 * The first and last day they cover (each entry's own date where it was recorded).
 */
first_day: string | null, last_day: string | null, 
/**
 * Per source name and issue: the first `LISTED` (1000) of `groups_total`.
 */
groups: Array<ImportGroup>, groups_total: number, 
/**
 * How many of them will be queued for Jira.
 */
to_sync: number, 
/**
 * Of those, how many change a worklog already in Jira at the next sync, and how many delete one.
 */
changes_in_jira: number, deletions_in_jira: number, 
/**
 * Entries whose worklog is in Jira elsewhere (another site or account than Stint's sign-in,
 * no sign-in, or an export that does not say where): they come back on this machine only,
 * without their worklog, and nothing in Jira changes.
 */
unlinked: number, 
/**
 * Already imported before, or repeated in this source: left out.
 */
duplicates: number, 
/**
 * Of `duplicates`, the rows that repeat an earlier row of this same source.
 */
repeated_in_source: number, 
/**
 * Each list holds its first `LISTED` (1000) items; its `_total` counts them all.
 */
skipped: Array<ImportSkip>, skipped_total: number, 
/**
 * Records that could not be read (with `--skip-bad`).
 */
bad: Array<ImportSkip>, bad_total: number, overlaps: Array<ImportOverlap>, overlaps_total: number, 
/**
 * Things in the source that are not imported, said once.
 */
notices: Array<string>, };

export type ImportGroup = { 
/**
 * The name the key came from (a tag, a project, a mapped name), or `unmapped`.
 */
source: string, issue: string, entries: number, seconds: number, };

export type ImportSkip = { 
/**
 * Where it was: `line 4`, `frame 12`, `2026-11.data line 3`.
 */
at: string, reason: string, 
/**
 * Its first tag or project, to help write a map (not its description, which is a note).
 */
name?: string, };

export type ImportOverlap = { at: string, issue: string, started: string, seconds: number, 
/**
 * The ids of the entries it overlaps.
 */
existing: Array<number>, };

export type Imported = { imported: number, dry_run: boolean, format: string, 
/**
 * Entries to import, and their total length.
 */
entries: number, seconds: number, 
/**
 * The first and last day they cover (each entry's own date where it was recorded).
 */
first_day: string | null, last_day: string | null, 
/**
 * Per source name and issue: the first `LISTED` (1000) of `groups_total`.
 */
groups: Array<ImportGroup>, groups_total: number, 
/**
 * How many of them will be queued for Jira.
 */
to_sync: number, 
/**
 * Of those, how many change a worklog already in Jira at the next sync, and how many delete one.
 */
changes_in_jira: number, deletions_in_jira: number, 
/**
 * Entries whose worklog is in Jira elsewhere (another site or account than Stint's sign-in,
 * no sign-in, or an export that does not say where): they come back on this machine only,
 * without their worklog, and nothing in Jira changes.
 */
unlinked: number, 
/**
 * Already imported before, or repeated in this source: left out.
 */
duplicates: number, 
/**
 * Of `duplicates`, the rows that repeat an earlier row of this same source.
 */
repeated_in_source: number, 
/**
 * Each list holds its first `LISTED` (1000) items; its `_total` counts them all.
 */
skipped: Array<ImportSkip>, skipped_total: number, 
/**
 * Records that could not be read (with `--skip-bad`).
 */
bad: Array<ImportSkip>, bad_total: number, overlaps: Array<ImportOverlap>, overlaps_total: number, 
/**
 * Things in the source that are not imported, said once.
 */
notices: Array<string>, };

/** The longest note Stint keeps, in characters. */
export const MAX_NOTE_CHARS = 10000;
