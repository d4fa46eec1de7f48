// The timer: what runs now (a live clock, its note, what stopping now would keep), and the form
// that starts, or switches to, another issue. The 60-second floor and the rounding rule come from
// Stint (`stopPreview`) and are shown before the entry is saved.

import { useEffect, useRef, useState } from "preact/hooks";

import type { FoundIssue, GapChoice, StopPreview } from "../backend";
import { MAX_NOTE_CHARS } from "../bindings";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { clock, clockHint, duration, hostOf, time } from "../format";
import { IssuePicker } from "../picker";
import { said, startNow } from "../start";
import { ErrorLine, Field, useFollowing, useLoad } from "../ui";

export function TimerScreen(p: ScreenProps) {
  const running = p.status?.running ?? null;
  // Stint's figure for today (the week's, time logged elsewhere included), ticking with the clock.
  const today = (p.status?.today_seconds ?? 0) + (running ? p.elapsed - running.elapsed_seconds : 0);
  const [gap, setGap] = useState<GapChoice>("end");
  const pickerRef = useRef<HTMLDivElement>(null);

  // Alt+T: to the issue field; Alt+S: stop.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      if (e.key === "t" || e.key === "T") {
        pickerRef.current?.querySelector<HTMLInputElement>("input")?.focus();
        e.preventDefault();
      } else if ((e.key === "s" || e.key === "S") && running) {
        document.getElementById("stop")?.click();
        e.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [running]);

  // Opened from the tray's "Start on…": straight to the issue field.
  useEffect(() => {
    if (p.pick) pickerRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, [p.pick]);

  return (
    <section class="timer" aria-labelledby="timer-heading">
      <h2 id="timer-heading">Timer</h2>
      {running ? <RunningCard {...p} gap={gap} setGap={setGap} /> : <p class="idle">No timer is running.</p>}
      <TodayProgress today={today} target={p.status?.today_target_seconds ?? 0} />
      <Recent {...p} />
      <div ref={pickerRef}>
        <StartForm {...p} switching={running !== null} gap={gap} />
      </div>
      <p class="muted keys">
        Keys: <kbd>Alt</kbd>+<kbd>T</kbd> issue field · <kbd>Alt</kbd>+<kbd>S</kbd> stop · <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>5</kbd> screens
      </p>
    </section>
  );
}

/** Today against its target: a bar a person reads at a glance, and the words for it. */
function TodayProgress({ today, target }: { today: number; target: number }) {
  if (!target) {
    return (
      <p class="today">
        Today <span class="num" id="today-total">{duration(today)}</span> <span class="muted">(no target today)</span>
      </p>
    );
  }
  const left = target - today;
  return (
    <div class="today">
      <p id="today-words">
        Today <span class="num" id="today-total">{duration(today)}</span> of <span class="num">{duration(target)}</span>
        <span class="muted"> · {left > 0 ? `${duration(left)} to go` : left === 0 ? "target met" : `${duration(-left)} over`}</span>
      </p>
      <div id="today-meter" class={left <= 0 ? "progress met" : "progress"} role="meter" aria-valuemin={0} aria-valuemax={target} aria-valuenow={Math.min(today, target)} aria-labelledby="today-words">
        <div class="fill" style={{ width: `${Math.round((Math.min(today, target) / target) * 1000) / 10}%` }} />
      </div>
    </div>
  );
}

function RunningCard(p: ScreenProps & { gap: GapChoice; setGap: (g: GapChoice) => void }) {
  const running = p.status!.running!;
  // The window's one clock (the header's): a clock of its own here would start from the last
  // reload when the screen is shown, and lag behind.
  const elapsed = p.elapsed;
  const [preview, setPreview] = useState<StopPreview | null>(null);
  const [note, setNote] = useFollowing(running.note ?? "", running.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const minute = Math.floor(elapsed / 60);

  // What stopping would keep changes at most once a minute (and once more at the floor).
  useEffect(() => {
    p.backend.stopPreview().then(setPreview, () => setPreview(null));
  }, [p.backend, running.id, minute, p.version]);

  const stop = async () => {
    setBusy(true);
    setError(null);
    try {
      const noteChanged = note.trim() !== (running.note ?? "");
      const stopped = await p.backend.stopTimer({ note: noteChanged ? note : null, at: null, gap: running.idle_gap ? p.gap : "ask" });
      p.announce(
        stopped.outcome === "finished"
          ? `Saved ${duration(stopped.entry.seconds)} on ${stopped.entry.issue}.`
          : `Stopped ${stopped.issue} under a minute: nothing was saved.`,
      );
      p.changed();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const saveNote = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await p.backend.editEntry(running.id, { issue: null, duration: null, at: null, note, local_only: null });
      p.announce("Note saved.");
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <div class="card running" aria-labelledby="running-issue">
      <div class="running-head">
        <span class="dot" aria-hidden="true" />
        <span id="running-issue" class="running-issue">
          {running.issue}
        </span>
        {running.local_only && <span class="badge badge-local">local only</span>}
        <span class="clock num" role="timer" aria-label={`Running for ${duration(elapsed)}`}>
          {clock(elapsed)}
        </span>
      </div>
      <p class="muted">Started at {time(running.started)}</p>
      <form class="inline" onSubmit={saveNote}>
        <Field id="running-note" label="Note">
          <input id="running-note" type="text" value={note} maxLength={MAX_NOTE_CHARS} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        </Field>
        <button type="submit" class="secondary" disabled={note.trim() === (running.note ?? "")}>
          Save note
        </button>
      </form>
      {running.idle_gap && (
        <fieldset class="gap">
          <legend>
            Nothing happened for {duration(running.idle_gap.seconds)}, from {time(running.idle_gap.from)} to {time(running.idle_gap.to)}.
          </legend>
          <label>
            <input type="radio" name="gap" checked={p.gap === "end"} onChange={() => p.setGap("end")} /> End the entry when the silence began
          </label>
          <label>
            <input type="radio" name="gap" checked={p.gap === "keep"} onChange={() => p.setGap("keep")} /> Keep the silence as work
          </label>
        </fieldset>
      )}
      <p class="preview" id="stop-preview" aria-live="polite">
        {preview && (preview.kept_seconds === null
          ? `Under ${duration(preview.minimum_seconds)} so far: stopping now keeps nothing (Jira's shortest worklog is ${duration(preview.minimum_seconds)}).`
          : `Stopping now saves ${duration(preview.kept_seconds)}${preview.rounding !== "none" ? ` (measured ${duration(preview.measured_seconds)}, rounded ${preview.rounding})` : ""}.`)}
      </p>
      <ErrorLine message={error} />
      <button id="stop" class="danger" onClick={stop} disabled={busy} aria-describedby="stop-preview">
        Stop
      </button>
    </div>
  );
}

/** The issues tracked lately, each a button that starts (or switches to) it at once. */
function Recent(p: ScreenProps) {
  const [recent, setRecent] = useState<FoundIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  useLoad(() => p.backend.recentIssues(7), [p.backend, p.version], setRecent, () => setRecent([]));
  const running = p.status?.running?.issue;
  const shown = recent.filter((i) => i.key !== running).slice(0, 6);
  if (shown.length === 0) return null;
  const go = async (issue: string, site?: string) => {
    setError(null);
    try {
      p.announce(await startNow(p.backend, issue, null, site));
      p.changed();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div class="recent" role="group" aria-labelledby="recent-heading">
      <h3 id="recent-heading">{running ? "Switch to" : "Start again"}</h3>
      <div class="recent-list">
        {shown.map((i) => (
          <button class="secondary recent-issue" onClick={() => go(i.key, i.site)} aria-label={`${running ? "Switch to" : "Start"} ${i.key}${i.summary ? ` ${i.summary}` : ""}${i.site ? ` on ${hostOf(i.site)}` : ""}`}>
            <span aria-hidden="true">▶</span> <span class="issue">{i.key}</span>
            {i.summary && (
              <>
                {" "}
                <span class="summary">{i.summary}</span>
              </>
            )}
            {i.site && (
              <>
                {" "}
                <span class="site muted">{hostOf(i.site)}</span>
              </>
            )}
          </button>
        ))}
      </div>
      <ErrorLine message={error} />
    </div>
  );
}

function StartForm(p: ScreenProps & { switching: boolean; gap: GapChoice }) {
  const [issue, setIssue] = useState("");
  // The suggestion taken, for the site it was found on (when Stint is signed in to several).
  const [chosen, setChosen] = useState<FoundIssue | null>(null);
  const [note, setNote] = useState("");
  const [at, setAt] = useState("");
  const [local, setLocal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!issue.trim()) {
      setError("Give the Jira issue to track, like PROJ-123.");
      return;
    }
    setBusy(true);
    try {
      const started = await p.backend.startTimer({
        issue,
        note: note.trim() ? note : null,
        at: at.trim() ? at : null,
        local_only: local,
        gap: p.status?.running?.idle_gap ? p.gap : "ask",
        site: chosen?.site && chosen.key === issue.trim().toUpperCase() ? chosen.site : undefined,
      });
      p.announce(said(started));
      setIssue("");
      setChosen(null);
      setNote("");
      setAt("");
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card start" onSubmit={submit} aria-labelledby="start-heading" noValidate>
      <h3 id="start-heading">{p.switching ? "Switch to another issue" : "Start a timer"}</h3>
      <div class="row">
        <Field id="start-issue" label="Issue">
          <IssuePicker backend={p.backend} id="start-issue" value={issue} onInput={setIssue} onChoose={setChosen} required describedBy={error ? "start-error" : undefined} invalid={!!error} />
        </Field>
        <Field id="start-note" label="Note (optional)">
          <input id="start-note" type="text" value={note} maxLength={MAX_NOTE_CHARS} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <div class="row">
        <Field id="start-at" label="Started earlier at (optional)" hint={`${clockHint()} today, or YYYY-MM-DD ${clockHint()}`}>
          <input id="start-at" type="text" value={at} placeholder="now" aria-describedby="start-at-hint" onInput={(e) => setAt((e.target as HTMLInputElement).value)} />
        </Field>
        <label class="check">
          <input type="checkbox" checked={local} onChange={(e) => setLocal((e.target as HTMLInputElement).checked)} /> Keep in Stint only (never sent to Jira)
        </label>
      </div>
      <ErrorLine message={error} id="start-error" />
      <button type="submit" disabled={busy}>
        {p.switching ? "Switch" : "Start"}
      </button>
    </form>
  );
}
