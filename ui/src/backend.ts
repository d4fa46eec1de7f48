// The one interface between the page and Stint. Two implementations: Tauri's (`tauri-backend.ts`),
// which calls the Rust facade, and an in-memory one (`memory-backend.ts`) that the UI tests and
// screen design use in a plain browser. The page never holds Stint's rules: it renders what these
// calls return, and shows the errors they throw (`IpcError`: `{code, message}`).

import type {
  AddRequest,
  ImportPreview,
  Imported,
  WindowImport,
  CellRequest,
  DayLine,
  Timesheet,
  EditRequest,
  Edited,
  Entry,
  EntryRow,
  ExportFormat,
  ExportedFile,
  IpcError,
  IssueList,
  Logged,
  PrivacyReport,
  Purged,
  Removed,
  SettingView,
  SignIn,
  TempoSignIn,
  TempoOAuthSignIn,
  TempoAccounts,
  AccountChoice,
  ValueChoice,
  Split,
  StartRequest,
  Started,
  Status,
  StopPreview,
  StopRequest,
  Stopped,
  SyncProgress,
  SyncSummary,
  InJiraList,
  Resolution,
  TrayPanel,
  WeekSummary,
  WeekTotal,
  Whoami,
  SyncFilter,
  FoundIssue,
} from "./bindings";

import { sentence } from "./remedy";

export type * from "./bindings";

export interface Backend {
  status(): Promise<Status>;
  startTimer(req: StartRequest): Promise<Started>;
  stopTimer(req: StopRequest): Promise<Stopped>;
  stopPreview(): Promise<StopPreview | null>;
  addEntry(req: AddRequest): Promise<Logged>;
  editEntry(id: number, change: EditRequest): Promise<Edited>;
  removeEntry(id: number): Promise<Removed>;
  undoRemove(id: number): Promise<Entry>;
  /** Puts an entry Jira refused back in the queue (a refused removal: its deletion is asked again). */
  retryEntry(id: number): Promise<number>;
  /** The entries of a range; with `state`, those the next sync sends or Jira refused, of any date. */
  listEntries(from: string | null, to: string | null, state?: SyncFilter | null): Promise<EntryRow[]>;
  /** The person's worklogs in Jira over those days that are not entries here (read back). */
  listInJira(from: string | null, to: string | null): Promise<InJiraList>;
  /** Settles a conflict with Jira, or a deletion made in Jira; the entry after (null once dropped). */
  resolveEntry(id: number, how: Resolution): Promise<Entry | null>;
  /** Makes one of the person's worklogs in Jira an entry here. */
  adoptWorklog(worklog: string): Promise<Entry>;
  splitEntry(id: number, at: string): Promise<Split>;
  mergeEntries(id: number, other: number): Promise<Entry>;
  weekSummary(week: string | null): Promise<WeekSummary>;
  weeksTrend(week: string | null, count: number): Promise<WeekTotal[]>;
  /** Reads a chosen file's content as `stint import` would, and keeps the plan; changes nothing. */
  importPreview(req: WindowImport): Promise<ImportPreview>;
  /** Imports what the last preview showed. */
  importConfirm(): Promise<Imported>;
  /** The week as issues × days, each cell with what typing into it does. */
  timesheet(week: string | null): Promise<Timesheet>;
  /** Types a duration into a cell: logs a new entry, or changes the cell's one entry; its id. */
  setTimesheetCell(req: CellRequest): Promise<number>;
  /** A day's work as blocks on a time axis, and its free stretches. */
  dayTimeline(date: string): Promise<DayLine>;
  exportRange(format: ExportFormat, from: string | null, to: string | null): Promise<ExportedFile>;
  settings(): Promise<SettingView[]>;
  setSetting(key: string, value: string): Promise<SettingView[]>;
  whoami(): Promise<Whoami>;
  signIn(how: SignIn): Promise<Whoami>;
  /** Signs out of `site` (as whoami names it), or of every site. */
  logout(site?: string | null): Promise<boolean>;
  /** Sends a project's entries to a site (null: to the default again); entries already sent stay. */
  routeProject(project: string, site: string | null): Promise<Whoami>;
  /** Sends a site's worklogs to Tempo with the Tempo API token given (Tempo must accept it first). */
  tempoSignIn(req: TempoSignIn): Promise<Whoami>;
  /** Sends a site's worklogs to Tempo through Tempo's OAuth 2.0 in the system browser, with the app the person's Tempo administrator made. */
  tempoOAuthSignIn(req: TempoOAuthSignIn): Promise<Whoami>;
  /** Sends a site's worklogs to Jira's own worklogs again (refused while its entries are in Tempo). */
  tempoOff(site: string | null): Promise<Whoami>;
  /** A Tempo site's open accounts and the Accounts chosen for projects and issues there. */
  tempoAccounts(site: string | null): Promise<TempoAccounts>;
  /** Bills a project's or an issue's time to an Account (a null account forgets the choice). */
  chooseTempoAccount(req: AccountChoice): Promise<TempoAccounts>;
  /** Chooses (or, with a null value, forgets) the value of a work attribute the site requires besides the Account, for a project or an issue. */
  chooseTempoValue(req: ValueChoice): Promise<TempoAccounts>;
  syncNow(): Promise<SyncSummary>;
  findIssues(text: string | null): Promise<IssueList>;
  /** The issues tracked here lately, newest first, with their kept titles (nothing asked of Jira). */
  recentIssues(count: number): Promise<FoundIssue[]>;
  privacy(): Promise<PrivacyReport>;
  purgeEverything(confirmed: boolean): Promise<Purged>;
  /** Another process changed the data: ask again for what is shown. Returns a way to stop. */
  onChanged(listener: () => void): Promise<() => void>;
  onSyncProgress(listener: (p: SyncProgress) => void): Promise<() => void>;
  /** Another process deleted Stint's data (`stint purge`): the window is about to close. */
  onPurged(listener: () => void): Promise<() => void>;
  /** The tray: what it found about the desktop, and whether it starts at login. */
  trayPanel(): Promise<TrayPanel>;
  setAutostart(on: boolean): Promise<TrayPanel>;
  /** Whether the window was opened to pick an issue (the tray's "Start on…"); asked once. */
  takePick(): Promise<boolean>;
  /** The tray asked the open window to pick an issue. */
  onPick(listener: () => void): Promise<() => void>;
  /** Quits the window (Ctrl+Q). */
  quit(): Promise<void>;
}

/** Whether a thrown value is an error from Stint (and not a bug in the page). */
export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The message to show for anything thrown: Stint's with what to do, in the window's words. */
export function messageOf(e: unknown): string {
  if (isIpcError(e)) return sentence(e.message, e.remedy);
  return e instanceof Error ? e.message : String(e);
}
