// An in-memory Backend for the UI tests and for designing screens in a plain browser. It is a test
// double, not Stint: it answers with the same shapes and error codes as the Rust facade for the
// cases the UI tests drive. It does not re-implement Stint's rules for what people type: issue keys,
// durations, settings and week labels are looked up in Stint's own answers (`ui/tests/from-rust.json`,
// written by `src-tauri/errors.rs`), and an input with no answer there fails loudly. The end-to-end
// tests drive the real app. `window.stintMemory` lets a test act as another process (a CLI start).
// The window loads this module only outside Tauri (a chunk of its own).

import type { Backend, IpcError } from "./backend";
import { messageOf } from "./backend";
import { clockTime, duration } from "./format";
import type {
  ImportPreview,
  Imported,
  WindowImport,
  Block,
  CellChange,
  CellRequest,
  DayLine,
  FreeSpan,
  Share,
  SheetCell,
  SheetRow,
  Timesheet,
  DaySummary,
  Entry,
  EntryRow,
  AddRequest,
  EditRequest,
  ExportFormat,
  InJira,
  InJiraList,
  Resolution,
  IssueTotal,
  ProjectTotal,
  Remedy,
  SignIn,
  RunningView,
  SettingView,
  Status,
  SyncState,
  WeekSummary,
  WeekTotal,
  Whoami,
} from "./bindings";

import fromRust from "../tests/from-rust.json";

type Stored = Entry & { deleted: boolean };

type Answer<T> = { ok: T; error?: undefined } | { ok?: undefined; error: IpcError };

/** Stint's answer to what was typed, from `from-rust.json`; the input must be there. */
function answered<T>(list: [string, Answer<T>][], typed: string, what: string): T {
  const found = list.find(([input]) => input === typed);
  if (!found) throw new Error(`the UI test typed ${what} \`${typed}\`, which Stint has not answered: add it to TYPED_${what.toUpperCase()}S in src-tauri/errors.rs and run STINT_UPDATE_BINDINGS=1 cargo test -p stint-desktop`);
  const answer = found[1];
  if (answer.error) throw answer.error;
  return answer.ok as T;
}

const typedAnswers = fromRust.typed as unknown as {
  keys: [string, Answer<string>][];
  durations: [string, Answer<number>][];
  settings: SettingView[];
  setting_values: [string, string, Answer<string>][];
  weeks: [string, string][];
  imports: { content: string; unmapped: string | null; answer: Answer<{ preview: ImportPreview; imported: Imported; entries: Entry[] }> }[];
};

/** An instant as Stint's typed-time form (`2026-11-23 09:00`, or `2026-11-23 9:00 AM`), local. */
function typed(ms: number, twelve: boolean): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clockTime(d.getHours(), d.getMinutes(), twelve)}`;
}

/** A duration as Stint reads a typed one back (`1h30m`). */
function typedDuration(secs: number): string {
  return `${Math.floor(secs / 3600)}h${String(Math.floor((secs % 3600) / 60)).padStart(2, "0")}m`;
}

function fail(code: string, message: string, remedy: Remedy | null = null): never {
  const error: IpcError = { code, message, remedy };
  throw error;
}

function issueKey(text: string): string {
  return answered(typedAnswers.keys, text, "key");
}

function seconds(text: string): number {
  return answered(typedAnswers.durations, text, "duration");
}

/** `YYYY-MM-DDTHH:MM:SS+00:00` in UTC, as the facade prints instants. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

function parseTime(text: string, now: number): number {
  const t = text.trim();
  const hhmm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hhmm) {
    const d = new Date(now);
    d.setUTCHours(Number(hhmm[1]), Number(hhmm[2]), 0, 0);
    return d.getTime();
  }
  const full = Date.parse(t.includes("T") ? t : t.replace(" ", "T") + ":00Z");
  if (Number.isNaN(full)) fail("input", `\`${text}\` is not a time`, { kind: "type_time" });
  if (full > now) fail("input", `the start (${text}) is in the future: give a time that has already passed`);
  return full;
}

export class MemoryBackend implements Backend {
  private entries: Stored[] = [];
  private running: { id: number; issue: string; started: number; note: string | null; site?: string } | null = null;
  private nextId = 1;
  private listeners = new Set<() => void>();
  private settingsList = typedAnswers.settings.map((s) => ({ ...s }));
  private who: Whoami = { signed_in: false, site: null, account: null, account_id: null, how: null, how_text: null, needs_sign_in: false, ends_by: null, sites: [] };
  private issuesKnown: { key: string; summary: string; site?: string }[] = [
    { key: "ABC-1", summary: "Login page" },
    { key: "ABC-2", summary: "Checkout flow" },
    { key: "OPS-7", summary: "Rotate certificates" },
  ];
  now: () => number = () => Date.now();
  private inJira: InJira[] = [];
  private readAt: string | null = null;
  private theirs = new Map<number, number>();

  /** The person's locale as Stint read it (a test sets `twelve_hour` as `LANG=en_US.UTF-8` would). */
  locale = { tag: "en-GB", twelve_hour: false };

  /** A week of work ending yesterday, for screens with data. */
  seed(): void {
    const day = 86_400_000;
    const base = Math.floor(this.now() / day) * day;
    const plan: [number, number, string, number, string | null][] = [
      [-4, 9, "ABC-1", 3 * 3600, "login form"],
      [-4, 13, "OPS-7", 2 * 3600, null],
      [-3, 9, "ABC-2", 5 * 3600, "checkout"],
      [-2, 9, "ABC-1", 4 * 3600, "review"],
      [-1, 9, "XYZ-9", 6 * 3600, null],
    ];
    for (const [offset, hour, issue, secs, note] of plan) {
      this.insert(issue, base + offset * day + hour * 3600_000, secs, note, offset < -2 ? "synced" : "pending");
    }
  }

  private insert(issue: string, start: number, secs: number, note: string | null, sync: SyncState = "pending"): Stored {
    const entry: Stored = { id: this.nextId++, issue, started: rfc3339(start), seconds: secs, note, sync, deleted: false, removed: false };
    this.entries.push(entry);
    return entry;
  }

  /** How the window words an error from Stint (the UI test sweeps every one Rust can give). */
  describe(error: IpcError): string {
    return messageOf(error);
  }

  /** How the window shows a time of day (the UI test compares it with Stint's own). */
  formatClock(hours: number, minutes: number, twelve: boolean): string {
    return clockTime(hours, minutes, twelve);
  }

  /** How the window shows a duration (the UI test compares it with Stint's own). */
  formatDuration(seconds: number): string {
    return duration(seconds);
  }

  /** Acts as Jira refusing an entry at the last sync. */
  refuse(id: number, message: string): void {
    const e = this.find(id);
    e.sync = "failed";
    e.error = { code: "jira.refused", message: `Jira refused it: ${message}` };
    this.listeners.forEach((l) => l());
  }

  /** Acts as Jira refusing to delete a removed entry's worklog at the last sync. */
  refuseDeletion(id: number, message: string): void {
    const e = this.entries.find((x) => x.id === id && x.deleted);
    if (!e) fail("no_such_entry", `there is no removed entry ${id}`, { kind: "find_entry" });
    e.sync = "failed";
    e.removed = true;
    e.error = { code: "jira.bad_request", message: `Jira would not delete this entry's worklog on ${e.issue}, so it stays there (${message})`, deletion: true };
    this.listeners.forEach((l) => l());
  }

  /** Acts as a read-back of Jira: the person's worklogs logged elsewhere, and when it ran. */
  readBack(worklogs: InJira[], at = this.now()): void {
    this.inJira = worklogs.map((w) => ({ ...w }));
    this.readAt = rfc3339(at);
    this.listeners.forEach((l) => l());
  }

  /** Acts as a read-back that found an entry changed in Jira too (`theirs`: Jira's length). */
  conflict(id: number, theirs: number): void {
    const e = this.find(id);
    e.jira = "conflict";
    this.theirs.set(id, theirs);
    this.listeners.forEach((l) => l());
  }

  /** Acts as a read-back that found an entry's worklog deleted in Jira. */
  deletedInJira(id: number): void {
    this.find(id).jira = "deleted";
    this.listeners.forEach((l) => l());
  }

  /** Acts as another process having written the database (a `stint add` in a terminal). */
  changedElsewhere(): void {
    this.listeners.forEach((l) => l());
  }

  /** Acts as another process (a `stint start` in a terminal): the window must notice. */
  external(action: "start" | "stop", issue = "CLI-1"): void {
    if (action === "start") {
      this.running = { id: this.nextId++, issue, started: this.now() - 120_000, note: null };
    } else if (this.running) {
      this.finish(this.now());
    }
    this.listeners.forEach((l) => l());
  }

  private view(): RunningView | null {
    const r = this.running;
    if (!r) return null;
    // Stint names the site only when there are several to tell apart.
    const site = this.who.sites.length > 1 ? (r.site ?? this.siteOf(r.issue)) : null;
    return { id: r.id, issue: r.issue, started: rfc3339(r.started), elapsed_seconds: Math.max(0, Math.floor((this.now() - r.started) / 1000)), note: r.note, local_only: false, idle_gap: null, ...(site ? { site } : {}) };
  }

  private finish(end: number): Entry | null {
    const r = this.running;
    if (!r) fail("nothing_running", "no timer is running", { kind: "start_timer" });
    this.running = null;
    const secs = Math.floor((end - r.started) / 1000);
    if (secs < 60) return null;
    const entry: Stored = { id: r.id, issue: r.issue, started: rfc3339(r.started), seconds: secs, note: r.note, sync: "pending", deleted: false, removed: false, ...(r.site ? { site: r.site } : {}) };
    this.entries.push(entry);
    return entry;
  }

  private visible(): Stored[] {
    return this.entries.filter((e) => !e.deleted).sort((a, b) => a.started.localeCompare(b.started));
  }

  /** What a list shows: the visible entries and the removals Jira refused. */
  private listed(): Stored[] {
    return this.entries.filter((e) => !e.deleted || (e.removed && e.sync === "failed")).sort((a, b) => a.started.localeCompare(b.started));
  }

  private plain(e: Stored): Entry {
    const entry: Entry & { deleted?: boolean } = { ...e };
    delete entry.deleted;
    const site = e.site ?? this.siteOf(e.issue);
    if (site) entry.site = site;
    return entry;
  }

  /** The site an entry goes to, as Stint decides it: its project's, else the default's. */
  private siteOf(issue: string): string | null {
    const project = issue.split("-")[0];
    const sites = this.who.sites;
    return (sites.find((s) => s.projects.includes(project)) ?? sites.find((s) => s.default))?.site ?? null;
  }

  /** The site a request names, as Stint finds it among those signed in to. */
  private named(site: string): string {
    const found = this.who.sites.find((s) => s.site === site);
    if (!found) fail("no_such_site", `Stint is not signed in to \`${site}\``, { kind: "choose_site", sites: this.who.sites.map((s) => s.site) });
    return found.site;
  }

  /** Acts as `stint login` to two sites and `stint site route OPS` to the second. */
  twoSites(): void {
    const site = (url: string, isDefault: boolean, projects: string[]) => ({
      site: url, signed_in: true, account: "Ada Tester", account_id: "5b10", how: "cloud_api_token" as const,
      how_text: "Jira Cloud, email and API token", needs_sign_in: false, ends_by: this.yearFromNow(), default: isDefault,
      destination: "jira", tempo_api: null, tempo_possible: true, projects,
    });
    const first = site("https://acme.atlassian.net/", true, []);
    this.who = { ...first, sites: [first, site("https://ops.example.com/", false, ["OPS"])] };
    // An issue only the second site has (its project is not routed there).
    this.issuesKnown.push({ key: "ENG-4", summary: "Engine room", site: "https://ops.example.com/" });
    this.listeners.forEach((l) => l());
  }

  /** Entries as Stint counts them: those shown, and removals still to go to Jira. */
  private counted(): Stored[] {
    return this.entries.filter((e) => !e.deleted || e.removed);
  }

  async status(): Promise<Status> {
    const visible = this.visible();
    const counted = this.counted();
    const count = (s: SyncState[]) => counted.filter((e) => s.includes(e.sync)).length;
    return {
      running: this.view(),
      counts: { local: count(["local"]), pending: count(["pending", "pushing", "needs_sign_in"]), failed: count(["failed"]), synced: count(["synced"]) },
      jira: { signed_in: this.who.signed_in, site: this.who.site, needs_sign_in: false, sites_signed_in: this.who.sites.filter((s) => s.signed_in).length },
      first_run: visible.length === 0 && !this.running && !this.who.site,
      today_seconds: this.today(),
      // The double's working week: Monday to Friday, 8 h a day (UTC days).
      today_target_seconds: [1, 2, 3, 4, 5].includes(new Date(this.now()).getUTCDay()) ? 8 * 3600 : 0,
      locale: { ...this.locale },
    };
  }

  /** The double's stand-in for Stint's figure of today (UTC days; the real one is the week's). */
  private today(): number {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    const entries = this.visible().filter((e) => e.started.slice(0, 10) === day).reduce((n, e) => n + e.seconds, 0);
    const elsewhere = this.inJira.filter((w) => w.started.slice(0, 10) === day).reduce((n, w) => n + w.seconds, 0);
    return entries + elsewhere + (this.view()?.elapsed_seconds ?? 0);
  }

  async startTimer(args: Parameters<Backend["startTimer"]>[0]) {
    const issue = issueKey(args.issue);
    if (this.running?.issue === issue) fail("already_tracking", `${issue} is already being tracked`, { kind: "stop_or_switch" });
    const at = args.at ? parseTime(args.at, this.now()) : this.now();
    const previous = this.running ? this.finish(at) : null;
    this.running = { id: this.nextId++, issue, started: at, note: args.note?.trim() || null, ...(args.site ? { site: this.named(args.site) } : {}) };
    return {
      running: this.view()!,
      previous: previous ? { outcome: "finished" as const, entry: previous, overlaps: [] } : null,
      overlaps: [],
    };
  }

  async stopTimer(args: Parameters<Backend["stopTimer"]>[0]) {
    const issue = this.running?.issue ?? "";
    if (this.running && args.note !== null) this.running.note = args.note.trim() || null;
    const startedAt = this.running?.started ?? 0;
    const entry = this.finish(args.at ? parseTime(args.at, this.now()) : this.now());
    if (!entry) return { outcome: "discarded" as const, issue, seconds: Math.floor((this.now() - startedAt) / 1000) };
    return { outcome: "finished" as const, entry, overlaps: [] };
  }

  async stopPreview() {
    const view = this.view();
    if (!view) return null;
    return { measured_seconds: view.elapsed_seconds, kept_seconds: view.elapsed_seconds >= 60 ? view.elapsed_seconds : null, rounding: "none", minimum_seconds: 60 };
  }

  async addEntry(args: AddRequest) {
    const issue = issueKey(args.issue);
    const secs = seconds(args.duration);
    // A time of day alone is on the day the window shows (`on`), as Stint reads it.
    const at = args.at && args.on && /^\s*\d{1,2}:\d{2}\s*$/.test(args.at) ? `${args.on} ${args.at.trim()}` : args.at;
    const start = at ? parseTime(at, this.now()) : this.now() - secs * 1000;
    if (start + secs * 1000 > this.now()) fail("input", "the entry would end in the future: give an earlier start or a shorter duration");
    const entry = this.insert(issue, start, secs, args.note?.trim() || null, args.local_only ? "local" : "pending");
    if (args.site) entry.site = this.named(args.site);
    return { ...this.plain(entry), overlaps: [] };
  }

  private find(id: number): Stored {
    const e = this.entries.find((x) => x.id === id && !x.deleted);
    if (!e) fail("no_such_entry", `there is no entry ${id}`, { kind: "find_entry" });
    return e;
  }

  async editEntry(id: number, args: EditRequest) {
    if (this.running?.id === id) {
      if (args.issue) this.running.issue = issueKey(args.issue);
      if (args.at) this.running.started = parseTime(args.at, this.now());
      if (args.note !== null) this.running.note = args.note.trim() || null;
      return { kind: "running" as const, running: this.view()!, overlaps: [] };
    }
    const e = this.find(id);
    const next = {
      issue: args.issue ? issueKey(args.issue) : e.issue,
      seconds: args.duration ? seconds(args.duration) : e.seconds,
      started: args.at ? rfc3339(parseTime(args.at, this.now())) : e.started,
    };
    Object.assign(e, next);
    if (args.note !== null) e.note = args.note.trim() || null;
    if (e.sync !== "local") e.sync = "pending";
    return { kind: "entry" as const, entry: this.plain(e), overlaps: [] };
  }

  async removeEntry(id: number) {
    if (this.running?.id === id) {
      this.running = null;
      return { outcome: "discarded_running" as const, id };
    }
    const e = this.find(id);
    e.deleted = true;
    if (e.sync !== "synced") return { outcome: "deleted" as const, id };
    // Jira has it: the deletion waits for the next sync.
    e.removed = true;
    e.sync = "pending";
    return { outcome: "marked_for_deletion" as const, id };
  }

  async undoRemove(id: number) {
    const e = this.entries.find((x) => x.id === id && x.deleted);
    if (!e) fail("no_such_entry", `there is no entry ${id}`, { kind: "find_entry" });
    e.deleted = false;
    e.removed = false;
    e.sync = "pending";
    delete e.error;
    return this.plain(e);
  }

  async retryEntry(id: number) {
    const e = this.entries.find((x) => x.id === id && x.sync === "failed" && (!x.deleted || x.removed));
    if (!e) fail("no_such_entry", `there is no entry ${id}`, { kind: "find_entry" });
    e.sync = "pending";
    e.removed = false;
    delete e.error;
    this.listeners.forEach((l) => l());
    return 1;
  }

  async listEntries(fromDate: string | null, toDate: string | null, state: "waiting" | "refused" | null = null): Promise<EntryRow[]> {
    const from = fromDate ?? "0000";
    const to = toDate ?? "9999";
    const wanted: SyncState[] | null = state === "waiting" ? ["pending", "pushing", "needs_sign_in"] : state === "refused" ? ["failed"] : null;
    const list = (wanted ? this.counted().filter((e) => wanted.includes(e.sync)) : this.listed())
      .filter((e) => e.started.slice(0, 10) >= from && e.started.slice(0, 10) <= to)
      .sort((a, b) => Date.parse(a.started) - Date.parse(b.started) || a.id - b.id);
    return list.map((e, i) => {
      const a = [Date.parse(e.started), Date.parse(e.started) + e.seconds * 1000];
      const overlaps = list
        .filter((o) => !e.removed && !o.removed && o.id !== e.id && Date.parse(o.started) < a[1] && a[0] < Date.parse(o.started) + o.seconds * 1000)
        .map((o) => o.id);
      const remedy: Remedy | null = e.sync === "failed" ? { kind: e.error?.deletion ? "retry_deletion" : "retry_entry", id: e.id } : null;
      // The double's stand-ins for what Stint works out (Rust's own rules are tested in Rust):
      // the next entry merges when it is the same issue and starts where this one ends or earlier.
      const next = list[i + 1];
      const merges = next && next.issue === e.issue && Date.parse(next.started) <= a[1] ? next.id : null;
      return {
        ...this.plain(e),
        overlaps,
        remedy,
        merges_with_next: merges,
        summary: this.issuesKnown.find((i) => i.key === e.issue)?.summary ?? null,
        start_input: typed(Date.parse(e.started), this.locale.twelve_hour),
        duration_input: typedDuration(e.seconds),
        middle_input: typed(Date.parse(e.started) + Math.floor(e.seconds / 120) * 60_000, this.locale.twelve_hour),
      };
    });
  }

  async listInJira(fromDate: string | null, toDate: string | null): Promise<InJiraList> {
    const from = fromDate ?? "0000";
    const to = toDate ?? "9999";
    const worklogs = this.inJira.filter((w) => w.started.slice(0, 10) >= from && w.started.slice(0, 10) <= to);
    return { worklogs, read_at: this.readAt };
  }

  async resolveEntry(id: number, how: Resolution): Promise<Entry | null> {
    const e = this.find(id);
    const wanted = how === "keep_mine" || how === "take_jira" ? "conflict" : "deleted";
    if (e.jira !== wanted) {
      fail("nothing_to_settle", `entry ${id} has no ${wanted === "conflict" ? "conflict with Jira" : "deletion in Jira"} to settle`, { kind: "see_sync_states" });
    }
    delete e.jira;
    if (how === "take_jira") {
      e.seconds = this.theirs.get(id) ?? e.seconds;
      e.sync = "synced";
    } else if (how === "drop") {
      this.entries = this.entries.filter((x) => x.id !== id);
      this.listeners.forEach((l) => l());
      return null;
    } else {
      e.sync = "pending";
    }
    this.listeners.forEach((l) => l());
    return this.plain(e);
  }

  async adoptWorklog(worklog: string): Promise<Entry> {
    const w = this.inJira.find((x) => x.worklog_id === worklog);
    if (!w) fail("no_such_worklog", `there is no worklog ${worklog} among your worklogs in Jira that Stint has read back`, { kind: "see_sync_states" });
    this.inJira = this.inJira.filter((x) => x !== w);
    const e = this.insert(w.issue, Date.parse(w.started), w.seconds, null, "synced");
    this.listeners.forEach((l) => l());
    return this.plain(e);
  }

  async splitEntry(id: number, at: string) {
    const e = this.find(id);
    const cut = parseTime(at, this.now());
    const first = Math.floor((cut - Date.parse(e.started)) / 1000);
    if (first < 60 || e.seconds - first < 60) fail("bad_split", "a split must leave at least a minute on each side");
    const second = this.insert(e.issue, cut, e.seconds - first, e.note);
    e.seconds = first;
    e.sync = "pending";
    return { first: this.plain(e), second: this.plain(second) };
  }

  async mergeEntries(id: number, other: number) {
    const [a, b] = [this.find(id), this.find(other)].sort((x, y) => x.started.localeCompare(y.started));
    if (a.issue !== b.issue) fail("bad_merge", "these entries cannot be merged: only entries of one issue merge");
    const end = Math.max(Date.parse(a.started) + a.seconds * 1000, Date.parse(b.started) + b.seconds * 1000);
    if (Date.parse(b.started) > Date.parse(a.started) + a.seconds * 1000) fail("bad_merge", "these entries cannot be merged: only entries that touch merge", { kind: "make_entries_touch" });
    a.seconds = Math.floor((end - Date.parse(a.started)) / 1000);
    a.note = a.note && b.note && a.note !== b.note ? `${a.note}\n${b.note}` : (a.note ?? b.note);
    b.deleted = true;
    return this.plain(a);
  }

  private weekOf(label: string | null): Date {
    const ref = label && /^\d{4}-\d{2}-\d{2}$/.test(label) ? new Date(label + "T00:00:00Z") : new Date(this.now());
    const monday = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate()));
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    return monday;
  }

  async weekSummary(week: string | null): Promise<WeekSummary> {
    const monday = this.weekOf(week);
    // The double's pieces of work, each with its share as Stint names them (days are UTC days,
    // and a piece counts on the day it starts: the real split over local days is Rust's).
    const shareOf = (sync: SyncState): Share => (sync === "synced" ? "in_jira" : sync === "failed" ? "refused" : sync === "local" ? "local_only" : "waiting");
    const running = this.view();
    const work: { issue: string; day: string; seconds: number; share: Share }[] = [
      ...this.visible().map((e) => ({ issue: e.issue, day: e.started.slice(0, 10), seconds: e.seconds, share: shareOf(e.sync) })),
      ...this.inJira.map((w) => ({ issue: w.issue, day: w.started.slice(0, 10), seconds: w.seconds, share: "elsewhere" as Share })),
      ...(running ? [{ issue: running.issue, day: running.started.slice(0, 10), seconds: running.elapsed_seconds, share: "running" as Share }] : []),
    ];
    const dates = [...Array(7).keys()].map((i) => new Date(monday.getTime() + i * 86_400_000).toISOString().slice(0, 10));
    const inWeek = work.filter((w) => dates.includes(w.day));
    const sum = (list: typeof work) => list.reduce((n, w) => n + w.seconds, 0);
    const share = (s: Share) => sum(inWeek.filter((w) => w.share === s));
    const days: DaySummary[] = dates.map((d, i) => {
      const on = inWeek.filter((w) => w.day === d);
      return { date: d, seconds: sum(on), target_seconds: i < 5 ? 8 * 3600 : 0, running_seconds: sum(on.filter((w) => w.share === "running")), elsewhere_seconds: sum(on.filter((w) => w.share === "elsewhere")) };
    });
    const issues = new Map<string, number>();
    inWeek.forEach((w) => issues.set(w.issue, (issues.get(w.issue) ?? 0) + w.seconds));
    const total = sum(inWeek);
    const issueTotals: IssueTotal[] = [...issues].map(([issue, s]) => ({ issue, seconds: s })).sort((a, b) => b.seconds - a.seconds);
    const projects = new Map<string, number>();
    issueTotals.forEach((i) => projects.set(i.issue.split("-")[0], (projects.get(i.issue.split("-")[0]) ?? 0) + i.seconds));
    const projectTotals: ProjectTotal[] = [...projects].map(([project, s]) => ({ project, seconds: s })).sort((a, b) => b.seconds - a.seconds);
    const label = typedAnswers.weeks.find(([first]) => first === days[0].date);
    if (!label) throw new Error(`the week of ${days[0].date} is outside the weeks Stint labelled for the double (src-tauri/errors.rs)`);
    const notYet = share("waiting") + share("refused") + share("local_only") + share("running");
    return {
      week: label[1],
      from: days[0].date,
      to: days[6].date,
      total_seconds: total,
      target_seconds: 40 * 3600,
      synced_seconds: share("in_jira"),
      unsynced_seconds: notYet,
      waiting_seconds: share("waiting"),
      refused_seconds: share("refused"),
      local_seconds: share("local_only"),
      running_seconds: share("running"),
      from_stint_seconds: share("in_jira") + notYet,
      elsewhere_seconds: share("elsewhere"),
      days,
      issues: issueTotals,
      projects: projectTotals,
    };
  }

  /** The double's pieces of work (a piece lies on the UTC day it starts; Rust splits at local midnights). */
  private pieces(): { id: number | null; issue: string; start: number; seconds: number; share: Share }[] {
    const shareOf = (sync: SyncState): Share => (sync === "synced" ? "in_jira" : sync === "failed" ? "refused" : sync === "local" ? "local_only" : "waiting");
    const running = this.view();
    return [
      ...this.visible().map((e) => ({ id: e.id, issue: e.issue, start: Date.parse(e.started), seconds: e.seconds, share: shareOf(e.sync) })),
      ...this.inJira.map((w) => ({ id: null, issue: w.issue, start: Date.parse(w.started), seconds: w.seconds, share: "elsewhere" as Share })),
      ...(running ? [{ id: running.id, issue: running.issue, start: Date.parse(running.started), seconds: running.elapsed_seconds, share: "running" as Share }] : []),
    ];
  }

  async timesheet(week: string | null): Promise<Timesheet> {
    const summary = await this.weekSummary(week);
    const dates = summary.days.map((d) => d.date);
    const pieces = this.pieces().filter((p) => dates.includes(rfc3339(p.start).slice(0, 10)));
    const issues = [...new Set(pieces.map((p) => p.issue))].sort();
    const rows: SheetRow[] = issues.map((issue) => {
      const cells: SheetCell[] = dates.map((date) => {
        const here = pieces.filter((p) => p.issue === issue && rfc3339(p.start).slice(0, 10) === date);
        const whole = (p: (typeof here)[number]) => rfc3339(p.start + Math.max(0, p.seconds - 1) * 1000).slice(0, 10) === date;
        const one = here[0];
        const change: CellChange =
          here.length === 0
            ? { kind: "log" }
            : here.length > 1
              ? { kind: "locked", why: "several", pieces: here.length }
              : one.share === "running"
                ? { kind: "locked", why: "running", pieces: 1 }
                : one.id === null
                  ? { kind: "locked", why: "elsewhere", pieces: 1 }
                  : !whole(one)
                    ? { kind: "locked", why: "spans_days", pieces: 1 }
                    : { kind: "entry", id: one.id };
        const secs = here.reduce((n, p) => n + p.seconds, 0);
        return { date, seconds: secs, duration_input: secs ? typedDuration(secs) : "", change };
      });
      return { issue, summary: this.issuesKnown.find((i) => i.key === issue)?.summary ?? null, cells, seconds: cells.reduce((n, c) => n + c.seconds, 0) };
    });
    return {
      week: summary.week,
      from: summary.from,
      to: summary.to,
      days: summary.days.map((d) => ({ date: d.date, seconds: d.seconds, target_seconds: d.target_seconds })),
      rows,
      total_seconds: summary.total_seconds,
      target_seconds: summary.target_seconds,
    };
  }

  /** Free stretches of a UTC day up to now, each at least a minute. */
  private free(date: string): [number, number][] {
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    const limit = Math.min(dayStart + 86_400_000, this.now());
    const busy = this.pieces()
      .map((p) => [Math.max(p.start, dayStart), Math.min(p.start + p.seconds * 1000, dayStart + 86_400_000)])
      .filter(([a, b]) => a < b)
      .sort((x, y) => x[0] - y[0]);
    const out: [number, number][] = [];
    let at = dayStart;
    for (const [a, b] of [...busy, [limit, limit]]) {
      const until = Math.min(a, limit);
      if (until - at >= 60_000) out.push([at, until]);
      at = Math.max(at, b);
    }
    return out;
  }

  async setTimesheetCell(req: CellRequest): Promise<number> {
    const issue = issueKey(req.issue);
    const secs = seconds(req.duration);
    const sheet = await this.timesheet(req.date);
    const cell = sheet.rows.find((r) => r.issue === issue)?.cells.find((c) => c.date === req.date);
    const change: CellChange = cell?.change ?? { kind: "log" };
    const why = { several: "it adds up several entries", running: "it is the running timer", elsewhere: "it was logged in Jira elsewhere", spans_days: "its entry reaches into another day" };
    if (change.kind === "locked") fail("input", `that cell of ${req.date} is not typed into: ${why[change.why]}`, { kind: "change_day_entries", date: req.date });
    if (change.kind === "entry") {
      this.find(change.id).seconds = secs;
      this.find(change.id).sync = "pending";
      this.listeners.forEach((l) => l());
      return change.id;
    }
    // As Stint places it: the first free stretch from 09:00 on that holds it, else the latest that does.
    const nine = Date.parse(`${req.date}T09:00:00Z`);
    const free = this.free(req.date);
    const later = free.map(([a, b]) => [Math.max(a, nine), b]).find(([a, b]) => b - a >= secs * 1000);
    const earlier = [...free].reverse().find(([a, b]) => b - a >= secs * 1000);
    const start = later ? later[0] : earlier ? earlier[1] - secs * 1000 : null;
    if (start === null) fail("input", `${req.date} has no free stretch of ${duration(secs)} before now`, { kind: "change_day_entries", date: req.date });
    const entry = this.insert(issue, start, secs, null);
    this.listeners.forEach((l) => l());
    return entry.id;
  }

  async dayTimeline(date: string): Promise<DayLine> {
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    const dayEnd = dayStart + 86_400_000;
    const blocks: Block[] = this.pieces()
      .filter((p) => p.start < dayEnd && (p.start + p.seconds * 1000 > dayStart || p.start >= dayStart))
      .map((p) => {
        const [a, b] = [Math.max(p.start, dayStart), Math.min(p.start + p.seconds * 1000, dayEnd)];
        const movable = p.id !== null && p.share !== "running" && p.share !== "elsewhere" && a === p.start && b === p.start + p.seconds * 1000;
        return { id: p.id, issue: p.issue, start: rfc3339(a), end: rfc3339(b), seconds: Math.floor((b - a) / 1000), share: p.share, movable };
      })
      .sort((x, y) => x.start.localeCompare(y.start));
    const hour = 3_600_000;
    let from = dayStart + 9 * hour;
    let to = dayStart + 17 * hour;
    for (const b of blocks) {
      from = Math.min(from, Math.floor((Date.parse(b.start) - dayStart) / hour) * hour + dayStart);
      to = Math.max(to, Math.ceil((Date.parse(b.end) - dayStart) / hour) * hour + dayStart);
    }
    const free: FreeSpan[] = this.free(date)
      .map(([a, b]) => [Math.max(a, from), Math.min(b, to)])
      .filter(([a, b]) => b - a >= 60_000)
      .map(([a, b]) => ({
        start: rfc3339(a),
        end: rfc3339(b),
        start_input: typed(a, this.locale.twelve_hour),
        duration_input: typedDuration(Math.floor((b - a) / 1000)),
      }));
    return { date, from: rfc3339(from), to: rfc3339(to), blocks, free, seconds: blocks.reduce((n, b) => n + b.seconds, 0) };
  }

  private previewed: { imported: Imported; entries: Entry[] } | null = null;

  /** Stint's own answer for the file the UI test chose (`ui/tests/fixtures/toggl.csv`). */
  async importPreview(req: WindowImport): Promise<ImportPreview> {
    this.previewed = null;
    const found = typedAnswers.imports.find((i) => i.content === req.content && i.unmapped === (req.unmapped ?? null));
    if (!found) throw new Error("the UI test imported a file or choice Stint has not answered: add it to imports() in src-tauri/errors.rs");
    if (found.answer.error) throw found.answer.error;
    const ok = found.answer.ok!;
    this.previewed = { imported: ok.imported, entries: ok.entries };
    return { ...ok.preview, to_sync: req.sync ? ok.preview.entries : 0 };
  }

  async importConfirm(): Promise<Imported> {
    const plan = this.previewed;
    if (!plan) fail("no_import_previewed", "there is no import to confirm: preview the file first");
    this.previewed = null;
    for (const e of plan.entries) this.insert(e.issue, Date.parse(e.started), e.seconds, e.note, e.sync);
    this.listeners.forEach((l) => l());
    return plan.imported;
  }

  async weeksTrend(week: string | null, count: number): Promise<WeekTotal[]> {
    const last = this.weekOf(week);
    const out: WeekTotal[] = [];
    for (let i = count - 1; i >= 0; i--) {
      const s = await this.weekSummary(new Date(last.getTime() - i * 7 * 86_400_000).toISOString().slice(0, 10));
      out.push({ week: s.week, from: s.from, total_seconds: s.total_seconds, target_seconds: s.target_seconds, synced_seconds: s.synced_seconds });
    }
    return out;
  }

  async exportRange(format: ExportFormat, from: string | null, to: string | null) {
    return { path: `/home/you/Downloads/stint-${from ?? "all"}-${to ?? "now"}.${format}`, entries: this.visible().length };
  }

  async settings() {
    return this.settingsList.map((s) => ({ ...s }));
  }

  async setSetting(key: string, value: string) {
    const s = this.settingsList.find((x) => x.key === key);
    if (!s) fail("config", `\`${key}\` is not a setting`);
    const answers = typedAnswers.setting_values.filter(([k]) => k === key).map(([, typed, answer]) => [typed, answer] as [string, Answer<string>]);
    s.value = answered(answers, value, "setting");
    s.source = "file";
    return this.settings();
  }

  async whoami() {
    return { ...this.who };
  }

  /** The one site this double signs in to, listed as Stint lists every site. */
  private oneSite(who: Omit<Whoami, "sites">): Whoami {
    const sites = who.site === null ? [] : [{
      site: who.site, signed_in: who.signed_in, account: who.account, account_id: who.account_id ?? "", how: who.how,
      how_text: who.how_text, needs_sign_in: who.needs_sign_in, ends_by: who.ends_by, default: true, destination: "jira", tempo_api: null,
      // As the facade decides it: a Jira Cloud site signed in.
      tempo_possible: who.signed_in && (who.how === "cloud_oauth" || who.how === "cloud_api_token"), projects: [],
    }];
    return { ...who, sites };
  }

  /** A sign-in's end, as Stint works it out for Jira Cloud: a year after it began. */
  private yearFromNow(): string {
    return new Date(this.now() + 365 * 86_400_000).toISOString();
  }

  async signIn(how: SignIn) {
    const other = this.who.signed_in && how.how === "cloud_api_token" && how.site !== this.who.site;
    if (other) {
      // Another site is added beside the one signed into, which stays the default.
      if (how.token !== "api-token-1") fail("sign_in", "Jira did not accept those credentials: check the site, the email and the API token, then try again");
      const added = { site: how.site, signed_in: true, account: "Ada Tester", account_id: "5b10", how: how.how, how_text: "Jira Cloud, email and API token", needs_sign_in: false, ends_by: this.yearFromNow(), default: false, destination: "jira", tempo_api: null, tempo_possible: true, projects: [] };
      this.who = { ...this.who, sites: [...this.who.sites, added] };
      return this.whoami();
    }
    if (how.how === "cloud_api_token" || how.how === "data_center_token") {
      if (how.token !== "api-token-1") fail("sign_in", "Jira did not accept those credentials: check the site, the email and the API token, then try again");
      this.who = this.oneSite({ signed_in: true, site: how.site, account: "Ada Tester", account_id: "5b10", how: how.how, how_text: "Jira Cloud, email and API token", needs_sign_in: false, ends_by: this.yearFromNow() });
    } else {
      this.who = this.oneSite({ signed_in: true, site: "https://acme.atlassian.net/", account: "Ada Tester", account_id: "5b10", how: "cloud_oauth", how_text: "Jira Cloud, OAuth 2.0 in the browser", needs_sign_in: false, ends_by: this.yearFromNow() });
    }
    return this.whoami();
  }

  /** The test's Tempo accepts this token only; a site's entries in Tempo keep it from going back. */
  async tempoSignIn(req: { site: string | null; region: string; token: string }) {
    if (req.token !== "tempo-token-1") {
      this.tempoTarget(req);
      fail("tempo.bad_token", "Tempo does not accept Stint's sign-in (HTTP 401): the API token or OAuth sign-in may have expired, been revoked, or belong to another region; sign in to Tempo again (a new API token is made in Tempo under Settings, API Integration)");
    }
    return this.sendToTempo(req);
  }

  /** The browser's part happens in the shell; here the stand-in's app is the only one Tempo knows. */
  async tempoOAuthSignIn(req: { site: string | null; region: string; client_id: string; client_secret: string }) {
    this.tempoTarget(req);
    if (!/^[^\s]{1,200}$/.test(req.client_id.trim())) fail("bad_tempo_app", "that is not a Tempo OAuth client id: give it as Tempo shows it under Settings, OAuth 2.0 Applications");
    if (req.client_id.trim() !== "tempo-oauth-client" || req.client_secret.trim() !== "tempo-oauth-secret") {
      fail("bad_tempo_app", "Tempo refused the OAuth app's client id or secret: check them with your Tempo administrator (Tempo, Settings, OAuth 2.0 Applications)");
    }
    return this.sendToTempo(req);
  }

  /** The site and Tempo address a Tempo sign-in names, or the facade's refusal. */
  private tempoTarget(req: { site: string | null; region: string }) {
    const regions: Record<string, string> = { global: "https://api.tempo.io", eu: "https://api.eu.tempo.io", us: "https://api.us.tempo.io" };
    const api = regions[req.region] ?? (/^https:\/\/[^/\s]+/.test(req.region) ? req.region.replace(/\/$/, "") : undefined);
    if (!api) fail("bad_tempo_region", `\`${req.region}\` is not a Tempo region: give global (api.tempo.io), eu or us, as Tempo's settings show`);
    const site = this.who.sites.find((s) => (req.site ? s.site === req.site : s.default));
    if (!site) fail("no_such_site", `Stint is not signed in to \`${req.site ?? ""}\``);
    return { api, site };
  }

  private sendToTempo(req: { site: string | null; region: string }) {
    const { api, site } = this.tempoTarget(req);
    this.who = { ...this.who, sites: this.who.sites.map((s) => (s === site ? { ...s, destination: "tempo", tempo_api: api } : s)) };
    this.listeners.forEach((l) => l());
    return this.whoami();
  }

  async tempoOff(siteName: string | null) {
    const site = this.who.sites.find((s) => (siteName ? s.site === siteName : s.default));
    if (!site) fail("no_such_site", `Stint is not signed in to \`${siteName ?? ""}\``);
    this.who = { ...this.who, sites: this.who.sites.map((s) => (s === site ? { ...s, destination: "jira", tempo_api: null } : s)) };
    this.listeners.forEach((l) => l());
    return this.whoami();
  }

  async routeProject(project: string, siteName: string | null) {
    const key = project.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) fail("input", `\`${project}\` is not a project key: give its letters, like ENG`);
    if (siteName && !this.who.sites.some((s) => s.site === siteName)) fail("no_such_site", `Stint is not signed in to \`${siteName}\``, { kind: "choose_site", sites: this.who.sites.map((s) => s.site) });
    const target = siteName ?? null;
    this.who = {
      ...this.who,
      sites: this.who.sites.map((s) => ({ ...s, projects: [...s.projects.filter((p) => p !== key), ...(s.site === target ? [key] : [])].sort() })),
    };
    this.listeners.forEach((l) => l());
    return this.whoami();
  }

  tempoChosen: { scope: string; account: string }[] = [];
  tempoValues: { scope: string; attribute: string; value: string }[] = [];

  async tempoAccounts(siteName: string | null) {
    const site = this.who.sites.find((s) => (siteName ? s.site === siteName : s.default));
    if (!site?.tempo_api) fail("no_tempo", `${site?.site ?? siteName}'s worklogs go to Jira's own worklogs, not to Tempo`);
    return {
      site: site.site,
      accounts: [
        { key: "ACME", name: "Acme Corp" },
        { key: "INTERNAL", name: "Internal" },
      ],
      chosen: [...this.tempoChosen],
      attributes: [{ key: "_Phase_", name: "Phase", kind: "STATIC_LIST", values: ["Build", "Run"] }],
      values: [...this.tempoValues],
    };
  }

  async chooseTempoValue(req: { site: string | null; scope: string; attribute: string; value: string | null }) {
    const scope = req.scope.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*(-[1-9][0-9]*)?$/.test(scope)) fail("input", `\`${req.scope}\` is not a project key`);
    const now = await this.tempoAccounts(req.site);
    const attribute = now.attributes.find((a) => a.name.toLowerCase() === req.attribute.trim().toLowerCase() || a.key === req.attribute);
    if (!attribute) fail("no_such_tempo_attribute", `Tempo requires no work attribute \`${req.attribute}\` on this site; besides the Account it requires Phase`);
    const value = req.value === null ? null : attribute.values.find((v) => v.toLowerCase() === req.value?.trim().toLowerCase());
    if (req.value !== null && !value) fail("bad_tempo_value", `\`${attribute.name}\` cannot take that value: give one of its values: ${attribute.values.join(", ")}`);
    this.tempoValues = this.tempoValues.filter((v) => !(v.scope === scope && v.attribute === attribute.name));
    if (value) this.tempoValues.push({ scope, attribute: attribute.name, value });
    this.tempoValues.sort((a, b) => a.scope.localeCompare(b.scope));
    return this.tempoAccounts(req.site);
  }

  async chooseTempoAccount(req: { site: string | null; scope: string; account: string | null }) {
    const scope = req.scope.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*(-[1-9][0-9]*)?$/.test(scope)) fail("input", `\`${req.scope}\` is not a project key`);
    const now = await this.tempoAccounts(req.site);
    if (req.account && !now.accounts.some((a) => a.key === req.account)) fail("no_such_account", `Tempo has no open account \`${req.account}\``);
    this.tempoChosen = this.tempoChosen.filter((c) => c.scope !== scope);
    if (req.account) this.tempoChosen.push({ scope, account: req.account });
    this.tempoChosen.sort((a, b) => a.scope.localeCompare(b.scope));
    return this.tempoAccounts(req.site);
  }

  async logout(site?: string | null) {
    if (site && this.who.sites.length > 1) {
      const leaving = this.who.sites.find((s) => s.site === site);
      if (!leaving) fail("no_such_site", `Stint is not signed in to \`${site}\``, { kind: "choose_site", sites: this.who.sites.map((s) => s.site) });
      const had = leaving.signed_in;
      const sites = this.who.sites.map((s) => (s === leaving ? { ...s, signed_in: false, needs_sign_in: true, ends_by: null, tempo_possible: false } : s));
      const top = leaving.default ? { signed_in: false, needs_sign_in: true, ends_by: null } : {};
      this.who = { ...this.who, ...top, sites };
      this.listeners.forEach((l) => l());
      return had;
    }
    const had = this.who.signed_in;
    this.who = this.oneSite({ signed_in: false, site: this.who.site, account: null, account_id: null, how: null, how_text: null, needs_sign_in: true, ends_by: null });
    return had;
  }

  async syncNow() {
    if (!this.who.signed_in) fail("jira.not_signed_in", "Stint is not signed in to Jira", { kind: "sign_in" });
    const pending = this.visible().filter((e) => e.sync === "pending");
    pending.forEach((e) => (e.sync = "synced"));
    return { pushed: pending.length, updated: 0, deleted: 0, failed: 0, remaining: 0, conflicts: 0, read_back: null, stopped: null, remaining_because: null, next_try: null, warnings: [],
      sites: [{ site: this.who.site ?? "", pushed: pending.length, updated: 0, deleted: 0, failed: 0, remaining: 0, conflicts: 0, stopped: null }] };
  }

  async recentIssues(count: number) {
    // Each issue once, by its latest start, newest first (as Stint's store answers).
    const latest = new Map<string, string>();
    this.visible().forEach((e) => latest.set(e.issue, e.started)); // oldest first: the last start stays
    return [...latest]
      .sort((a, b) => b[1].localeCompare(a[1]))
      .slice(0, count)
      .map(([key]) => ({ key, summary: this.issuesKnown.find((i) => i.key === key)?.summary ?? "", ...(this.who.sites.length > 1 ? { site: this.siteOf(key) ?? undefined } : {}) }));
  }

  async findIssues(text: string | null) {
    const t = (text ?? "").toLowerCase();
    const several = this.who.sites.length > 1;
    const issues = this.issuesKnown
      .filter((i) => i.key.toLowerCase().includes(t) || i.summary.toLowerCase().includes(t))
      .map((i) => (several ? { ...i, site: i.site ?? this.siteOf(i.key) ?? undefined } : { key: i.key, summary: i.summary }));
    return { source: this.who.signed_in ? "jira" : "recent", issues, offline_reason: this.who.signed_in ? null : "Stint is not signed in to Jira" };
  }

  async privacy() {
    return {
      files: { config_file: "/home/you/.config/stint/config.toml", config_file_exists: false, database: "/home/you/.local/share/stint/stint.db", log_dir: "/home/you/.local/share/stint/logs", window_state: "/home/you/.config/stint/window-state.json", settings: await this.settings() },
      hosts: ["api.atlassian.com", "auth.atlassian.com"],
      keychain_service: "stint",
      purge: { paths: ["/home/you/.local/share/stint/stint.db"], kept: [], entries: this.visible().length, not_in_jira: this.visible().filter((e) => e.sync !== "synced").length, running: this.running !== null },
    };
  }

  async purgeEverything(confirmed: boolean) {
    if (!confirmed) fail("declined", "nothing was deleted");
    this.entries = [];
    this.running = null;
    return { deleted: ["/home/you/.local/share/stint/stint.db"], kept: [] };
  }

  async onChanged(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onSyncProgress() {
    return () => {};
  }

  private purgedListeners = new Set<() => void>();

  async onPurged(listener: () => void) {
    this.purgedListeners.add(listener);
    return () => this.purgedListeners.delete(listener);
  }

  private autostartOn = false;
  /** What the tray found (tests set it: `window.stintMemory.tray = {...}`). */
  tray = { known: true, idle: "screensaver" as string | null, logind: true, network_manager: true, host: true as boolean | null };
  /** Set by a test to open the window as the tray's "Start on…" does. */
  pick = false;
  private pickListeners = new Set<() => void>();
  quitAsked = false;

  async trayPanel() {
    return { report: { ...this.tray }, autostart: this.autostartOn };
  }

  async setAutostart(on: boolean) {
    this.autostartOn = on;
    return this.trayPanel();
  }

  async takePick() {
    const pick = this.pick;
    this.pick = false;
    return pick;
  }

  async onPick(listener: () => void) {
    this.pickListeners.add(listener);
    return () => this.pickListeners.delete(listener);
  }

  /** Acts as the tray's "Start on…" while the window is open. */
  pickFromTray(): void {
    this.pickListeners.forEach((l) => l());
  }

  async quit() {
    this.quitAsked = true;
  }

  /** Acts as `stint purge` in a terminal. */
  purgedElsewhere(): void {
    this.entries = [];
    this.running = null;
    this.purgedListeners.forEach((l) => l());
  }
}
