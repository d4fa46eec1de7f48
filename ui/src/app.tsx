// The window: a header with the running timer and the sync button, tabs for the screens, and the
// screen. It asks the backend for what it shows and asks again when something changed (its own
// action, or another process writing the database).

import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import type { Backend, Status, SyncFilter } from "./backend";
import { messageOf } from "./backend";
import { sentence } from "./remedy";
import { clock, hostOf, time, setTimeLocale } from "./format";
import { EntriesScreen } from "./screens/entries";
import { PrivacyScreen } from "./screens/privacy";
import { SettingsScreen } from "./screens/settings";
import { TimerScreen } from "./screens/timer";
import { WeekScreen } from "./screens/week";
import { Welcome } from "./screens/welcome";
import { useElapsed } from "./ticker";
import { useLoad } from "./ui";

export type Screen = "timer" | "entries" | "week" | "settings" | "privacy";

const SCREENS: { id: Screen; label: string }[] = [
  { id: "timer", label: "Timer" },
  { id: "entries", label: "Entries" },
  { id: "week", label: "Week" },
  { id: "settings", label: "Settings" },
  { id: "privacy", label: "Privacy" },
];

/** What every screen gets. */
export interface ScreenProps {
  backend: Backend;
  status: Status | null;
  /** Bumped whenever the data may have changed: screens load again. */
  version: number;
  changed: () => void;
  announce: (message: string) => void;
  go: (screen: Screen) => void;
  /** Bumped when the issue picker should take the focus (the tray's "Start on…"). */
  pick?: number;
  /** The running timer's seconds, from the one clock the header shows too. */
  elapsed: number;
  /** Bumped each minute while a timer runs: totals that count it load again (Stint's figures). */
  minute: number;
  /** The entries shown by where they stand with Jira (the header's counts lead there), or all. */
  filter: SyncFilter | null;
  showState: (filter: SyncFilter | null) => void;
}

export function App({ backend }: { backend: Backend }) {
  const [screen, setScreen] = useState<Screen>("timer");
  const [status, setStatus] = useState<Status | null>(null);
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const [hovered, setHovered] = useState(false);
  const [welcomed, setWelcomed] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [gone, setGone] = useState(false);
  const [pick, setPick] = useState(0);
  const [filter, setFilter] = useState<SyncFilter | null>(null);
  const tabs = useRef<HTMLDivElement>(null);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const announce = useCallback((m: string) => setAnnouncement((a) => ({ text: m, n: a.n + 1 })), []);

  // A message stays long enough to read (5 s, and a little more for each word), then goes; the
  // pointer resting on it keeps it. A new message starts its own time.
  useEffect(() => {
    if (!announcement.text || hovered) return;
    const words = announcement.text.split(/\s+/).length;
    const t = window.setTimeout(() => setAnnouncement((a) => (a.n === announcement.n ? { ...a, text: "" } : a)), Math.min(15_000, 5_000 + 250 * words));
    return () => window.clearTimeout(t);
  }, [announcement, hovered]);

  useLoad(
    () => backend.status(),
    [backend, version],
    (s) => {
      // Times and dates as Stint shows them to this person, before anything is drawn with them.
      setTimeLocale(s.locale);
      setStatus(s);
      setProblem(null);
    },
    (e) => setProblem(messageOf(e)),
  );

  useEffect(() => {
    const stops: (() => void)[] = [];
    backend.onChanged(changed).then((s) => stops.push(s));
    backend.onPurged(() => setGone(true)).then((s) => stops.push(s));
    // The tray's "Start on…": the Timer screen, with the picker focused.
    const toPicker = () => {
      setScreen("timer");
      setWelcomed(true);
      setPick((n) => n + 1);
    };
    backend.onPick(toPicker).then((s) => stops.push(s));
    backend.takePick().then((asked) => asked && toPicker(), () => {});
    return () => stops.forEach((s) => s());
  }, [backend, changed]);

  // Alt+1…5 switch screens from anywhere; arrow keys move along the tabs.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key >= "1" && e.key <= "5") {
        const next = SCREENS[Number(e.key) - 1].id;
        setScreen(next);
        // The focus goes to the screen's tab (Tab then enters the screen), not to the page body.
        // The tabs are always there: at once, so no late focus lands after the person moved on.
        document.getElementById(`tab-${next}`)?.focus();
        e.preventDefault();
      } else if (e.ctrlKey && (e.key === "q" || e.key === "Q")) {
        void backend.quit();
        e.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [backend]);

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const at = SCREENS.findIndex((s) => s.id === screen);
    const next = SCREENS[(at + (e.key === "ArrowRight" ? 1 : SCREENS.length - 1)) % SCREENS.length];
    setScreen(next.id);
    tabs.current?.querySelector<HTMLButtonElement>(`#tab-${next.id}`)?.focus();
    e.preventDefault();
  };

  const sync = async () => {
    setSyncing(true);
    try {
      const s = await backend.syncNow();
      announce(
        `Sent to Jira: ${s.pushed} created, ${s.updated} updated, ${s.deleted} deleted.` +
          (s.failed ? ` ${s.failed} refused by Jira (the entries show why).` : "") +
          (s.conflicts ? ` ${s.conflicts} not sent: changed in Jira too (the entries offer a choice).` : "") +
          (s.read_back && !s.read_back.stopped && s.read_back.took_jira ? ` ${s.read_back.took_jira} took an edit made in Jira.` : "") +
          (s.read_back && !s.read_back.stopped && s.read_back.deleted_in_jira ? ` ${s.read_back.deleted_in_jira} deleted in Jira (the entries offer a choice).` : "") +
          (s.stopped ? ` ${sentence(s.stopped.message, s.stopped.remedy)}` : "") +
          (!s.stopped && s.remaining ? ` Not sent yet: ${s.remaining}${s.remaining_because ? ` (${s.remaining_because})` : ""}.` +
            (s.next_try ? ` Jira allows the next try from ${time(s.next_try)}.` : " Sync again to send them.") : "") +
          s.warnings.map((w) => ` Note: ${w}.`).join(""),
      );
    } catch (e) {
      announce(messageOf(e));
    } finally {
      setSyncing(false);
      changed();
    }
  };

  const elapsed = useElapsed(status?.running ?? null);
  // Totals are Stint's: while a timer runs they are asked for again each minute.
  const minute = status?.running ? Math.floor(elapsed / 60) : 0;
  const empty = status?.first_run ?? false;
  const showState = useCallback((f: SyncFilter | null) => {
    setFilter(f);
    if (f) setScreen("entries");
  }, []);
  const props: ScreenProps = { backend, status, version, changed, announce, go: setScreen, pick, elapsed, minute, filter, showState };
  const waiting = status?.counts.pending ?? 0;
  const refused = status?.counts.failed ?? 0;

  // The window's title carries what runs, as the header does.
  useEffect(() => {
    const running = status?.running;
    document.title = running ? `${running.issue} ${clock(elapsed)} · Stint` : "Stint";
  }, [status?.running?.issue, elapsed]);

  if (gone) {
    return (
      <main class="gone" role="alert">
        <h1>Stint's data was deleted</h1>
        <p>Another program (likely Stint's command line, asked to delete everything) deleted Stint's database. The window closes now; start Stint again to begin afresh.</p>
      </main>
    );
  }

  return (
    <div class="shell">
      <header class="top">
        <h1 class="brand">Stint</h1>
        <div class="now" aria-live="off">
          {status?.running ? (
            <span>
              <span class="dot" aria-hidden="true" /> {status.running.issue} <span class="num">{clock(elapsed)}</span>
              {status.running.site && <span class="site muted"> for {hostOf(status.running.site)}</span>}
            </span>
          ) : (
            <span class="muted">Not tracking</span>
          )}
        </div>
        {status && status.jira.sites_signed_in === 0 && (
          // Said in the page, with a way there, not in a tooltip a keyboard cannot reach.
          <span class="muted" id="sync-why">
            Not signed in to Jira:{" "}
            <button class="link" onClick={() => setScreen("settings")}>
              open Settings
            </button>
          </span>
        )}
        {status && (
          // The counts lead to the entries they count.
          <span class="counts" role="group" aria-label="Entries and Jira">
            <button class="link num" id="count-waiting" onClick={() => showState("waiting")}>
              {waiting} waiting
            </button>
            {" · "}
            <button class={refused ? "link num refused" : "link num"} id="count-refused" onClick={() => showState("refused")}>
              {refused} refused
            </button>
          </span>
        )}
        <button
          class="secondary"
          onClick={sync}
          disabled={syncing || !status?.jira.sites_signed_in}
          aria-describedby={status && status.jira.sites_signed_in === 0 ? "sync-why" : undefined}
        >
          {syncing ? "Syncing…" : "Sync now"}
        </button>
      </header>
      <nav>
        <div role="tablist" aria-label="Screens" ref={tabs} onKeyDown={onTabKey} class="tabs">
          {SCREENS.map((s, i) => (
            <button
              role="tab"
              id={`tab-${s.id}`}
              aria-selected={screen === s.id}
              aria-controls="screen"
              tabIndex={screen === s.id ? 0 : -1}
              title={`Alt+${i + 1}`}
              onClick={() => {
                setScreen(s.id);
                if (s.id === "entries") setFilter(null);
              }}
            >
              {s.label}
            </button>
          ))}
        </div>
      </nav>
      <main>
        <div id="screen" role="tabpanel" aria-labelledby={`tab-${screen}`}>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        {empty && !welcomed && screen === "timer" ? (
          <Welcome {...props} dismiss={() => setWelcomed(true)} />
        ) : screen === "timer" ? (
          <TimerScreen {...props} />
        ) : screen === "entries" ? (
          <EntriesScreen {...props} />
        ) : screen === "week" ? (
          <WeekScreen {...props} />
        ) : screen === "settings" ? (
          <SettingsScreen {...props} />
        ) : (
          <PrivacyScreen {...props} />
        )}
        </div>
      </main>
      <div class="announcer" role="status" aria-live="polite" onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
        {announcement.text}
      </div>
    </div>
  );
}
