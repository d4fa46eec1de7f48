// The Backend over Tauri's IPC: each call is one command of `src-tauri/commands/` (a Rust test
// checks every name and argument name here against them), each event one the Rust side emits.
// Nothing else is reachable: the window's capability grants only these.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

import type { Backend } from "./backend";

export function tauriBackend(): Backend {
  return {
    status: () => invoke("status"),
    startTimer: (req) => invoke("start_timer", { req }),
    stopTimer: (req) => invoke("stop_timer", { req }),
    stopPreview: () => invoke("stop_preview"),
    addEntry: (req) => invoke("add_entry", { req }),
    editEntry: (id, change) => invoke("edit_entry", { id, change }),
    removeEntry: (id) => invoke("remove_entry", { id }),
    undoRemove: (id) => invoke("undo_remove", { id }),
    retryEntry: (id) => invoke("retry_entry", { id }),
    listEntries: (from, to, state) => invoke("list_entries", { from, to, state }),
    listInJira: (from, to) => invoke("list_in_jira", { from, to }),
    resolveEntry: (id, how) => invoke("resolve_entry", { id, how }),
    adoptWorklog: (worklog) => invoke("adopt_worklog", { worklog }),
    splitEntry: (id, at) => invoke("split_entry", { id, at }),
    mergeEntries: (id, other) => invoke("merge_entries", { id, other }),
    weekSummary: (week) => invoke("week_summary", { week }),
    weeksTrend: (week, count) => invoke("weeks_trend", { week, count }),
    importPreview: (req) => invoke("import_preview", { req }),
    importConfirm: () => invoke("import_confirm"),
    timesheet: (week) => invoke("timesheet", { week }),
    setTimesheetCell: (req) => invoke("set_timesheet_cell", { req }),
    dayTimeline: (date) => invoke("day_timeline", { date }),
    exportRange: (format, from, to) => invoke("export_range", { format, from, to }),
    settings: () => invoke("settings"),
    setSetting: (key, value) => invoke("set_setting", { key, value }),
    whoami: () => invoke("whoami"),
    signIn: (how) => invoke("sign_in", { how }),
    logout: (site = null) => invoke("logout", { site }),
    routeProject: (project, site) => invoke("route_project", { project, site }),
    tempoSignIn: (req) => invoke("tempo_sign_in", { req }),
    tempoOAuthSignIn: (req) => invoke("tempo_oauth_sign_in", { req }),
    tempoOff: (site) => invoke("tempo_off", { site }),
    tempoAccounts: (site) => invoke("tempo_accounts", { site }),
    chooseTempoAccount: (req) => invoke("choose_tempo_account", { req }),
    chooseTempoValue: (req) => invoke("choose_tempo_value", { req }),
    syncNow: () => invoke("sync_now"),
    findIssues: (text) => invoke("find_issues", { text }),
    recentIssues: (count) => invoke("recent_issues", { count }),
    privacy: () => invoke("privacy"),
    purgeEverything: (confirmed) => invoke("purge_everything", { confirmed }),
    onChanged: (listener) => listen("stint://changed", () => listener()),
    onSyncProgress: (listener) => listen("stint://sync-progress", (e) => listener(e.payload as never)),
    onPurged: (listener) => listen("stint://purged", () => listener()),
    trayPanel: () => invoke("tray_panel"),
    setAutostart: (on) => invoke("set_autostart", { on }),
    takePick: () => invoke("take_pick"),
    onPick: (listener) => listen("stint://pick", () => listener()),
    quit: () => invoke("quit_app"),
  };
}

/** Whether the page runs inside the Stint window. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
