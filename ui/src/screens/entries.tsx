// The entries of a day or a week: each with its sync state (and Jira's reason when it refused
// one), overlaps flagged; edit inline, split, merge with the next one, delete with undo, and log
// time after the fact. Every rule (what a duration is, what may merge) is Stint's: the screen
// sends what was typed and shows the answer.

import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import type { EntryRow, InJira, InJiraList, Resolution, WeekSummary } from "../backend";
import { messageOf } from "../backend";
import { sentence } from "../remedy";
import type { ScreenProps } from "../app";
import { addDays, clockHint, day, duration, hostOf, localDate, longDay, time } from "../format";
import type { FreeSpan } from "../bindings";
import { MAX_NOTE_CHARS } from "../bindings";
import { IssuePicker } from "../picker";
import { startNow } from "../start";
import { Badge, ErrorLine, Field, useFocusOnMount, useLoad } from "../ui";
import { ImportPanel } from "./import";
import { Timeline } from "./timeline";

type Span = "day" | "week";

/** When Jira was last read: its time today, else its day and time (an old read says it is old). */
function asOf(at: string): string {
  return localDate(at) === localDate(new Date()) ? time(at) : `${day(localDate(at))}, ${time(at)}`;
}

/** A removed entry still listed (its deletion waits for Jira, or Jira refused it), struck through. */
function RemovedLine(props: { row: EntryRow; badge: string; badgeClass: string; children: ComponentChildren }) {
  const row = props.row;
  return (
    <div class="entry-line">
      <span class="when num">
        <del>{time(row.started)}–{time(new Date(Date.parse(row.started) + row.seconds * 1000).toISOString())}</del>
      </span>
      <span class="issue">
        <del>{row.issue}</del>
      </span>
      <span class="dur num">
        <del>{duration(row.seconds)}</del>
      </span>
      <span class="note">{row.note}</span>
      <span class={`badge ${props.badgeClass}`}>{props.badge}</span>
      <span class="actions">{props.children}</span>
    </div>
  );
}

/** A deletion that may be taken back: shown where the row was, at its height, so nothing moves
 * under the pointer and the focus lands on its Undo (a second Enter or click cannot delete the
 * next row). */
interface Undo {
  id: number;
  issue: string;
  started: string;
  height: number;
}

export function EntriesScreen(p: ScreenProps) {
  const [span, setSpan] = useState<Span>("day");
  const [anchor, setAnchor] = useState(() => localDate(new Date()));
  const [rows, setRows] = useState<EntryRow[] | null>(null);
  // Entries on several sites each say which.
  const severalSites = new Set((rows ?? []).map((r) => r.site).filter(Boolean)).size > 1;
  const [inJira, setInJira] = useState<InJiraList>({ worklogs: [], read_at: null });
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [splitting, setSplitting] = useState<number | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  // A free stretch of the timeline the Log time form was opened for.
  const [into, setInto] = useState<FreeSpan | null>(null);

  // A week is Stint's week (its first day is a setting): the range comes from the week summary.
  const [range, setRange] = useState<[string, string]>([anchor, anchor]);
  const [from, to] = range;
  // The figures are Stint's, as the Week screen and the tray show them: the week's summary (the
  // running timer up to now and time logged elsewhere in Jira included), asked for again each
  // minute while a timer runs.
  const [summary, setSummary] = useState<WeekSummary | null>(null);
  const filter = p.filter;

  useLoad(() => p.backend.weekSummary(anchor), [p.backend, anchor, p.version, p.minute], setSummary, (e) => setError(messageOf(e)));
  // The week's bounds are the summary's (Stint's week, from the person's first day of the week):
  // the list waits for them rather than ask for the week a second time.
  const bounds: [string, string] | null =
    span === "day" ? [anchor, anchor] : summary && summary.from <= anchor && anchor <= summary.to ? [summary.from, summary.to] : null;
  useLoad(
    async () => {
      if (filter) {
        const list = await p.backend.listEntries(null, null, filter);
        return { week: null, list, elsewhere: { worklogs: [], read_at: null } };
      }
      if (!bounds) return null;
      const [list, elsewhere] = await Promise.all([p.backend.listEntries(bounds[0], bounds[1], null), p.backend.listInJira(bounds[0], bounds[1])]);
      return { week: bounds, list, elsewhere };
    },
    [p.backend, bounds?.[0], bounds?.[1], p.version, filter],
    (loaded) => {
      if (!loaded) return;
      const { week, list, elsewhere } = loaded;
      if (week) setRange(week);
      setRows(list);
      setInJira(elsewhere);
      setError(null);
    },
    (e) => setError(messageOf(e)),
  );

  // An undo offer lasts 15 seconds.
  useEffect(() => {
    if (!undo) return;
    const t = window.setTimeout(() => setUndo(null), 15_000);
    return () => window.clearTimeout(t);
  }, [undo]);

  const act = async (what: () => Promise<string>) => {
    setError(null);
    try {
      p.announce(await what());
      p.changed();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  };

  const remove = (row: EntryRow, e: Event) => {
    const height = (e.currentTarget as HTMLElement | null)?.closest("li")?.offsetHeight ?? 0;
    return act(async () => {
      const removed = await p.backend.removeEntry(row.id);
      setUndo({ id: removed.id, issue: row.issue, started: row.started, height });
      return removed.outcome === "marked_for_deletion"
        ? `Deleted ${row.issue}; Jira's worklog goes at the next sync. Undo is offered for a while.`
        : `Deleted ${row.issue}. Undo is offered for a while.`;
    });
  };

  // Leaving an edit (Save or Esc) puts the focus back on the row's Edit button.
  const wasEditing = useRef<number | null>(null);
  useEffect(() => {
    const left = wasEditing.current;
    wasEditing.current = editing;
    if (editing === null && left !== null) {
      // Once the row is drawn again (the next frame).
      window.requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`li.entry[data-id="${left}"] button[aria-label^="Edit "]`)?.focus());
    }
  }, [editing, rows]);

  // The focus goes to the Undo that took the deleted row's place.
  useEffect(() => {
    if (undo) document.querySelector<HTMLButtonElement>("li.undo button")?.focus();
  }, [undo?.id]);

  // The list is one Tab stop (the first button of the row last used); arrows move between rows
  // (up, down, Ctrl+Home, Ctrl+End) and along a row's buttons (left, right).
  const activeRow = useRef<string | null>(null);
  const rove = () => {
    const rows = [...document.querySelectorAll<HTMLLIElement>("li.entry")];
    const active = rows.find((r) => r.dataset.id === activeRow.current) ?? rows[0];
    rows.forEach((r) => r.querySelectorAll<HTMLElement>(".entry-line button").forEach((b, i) => (b.tabIndex = r === active && i === 0 ? 0 : -1)));
  };
  // When the rows are drawn anew (not on each tick of the running clock), and at once when the
  // focus moves (a key pressed right after must already find the Tab order right).
  useEffect(rove, [rows, editing, undo, filter]);
  const onListKey = (e: KeyboardEvent) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>(".entry-line button");
    const row = button?.closest<HTMLLIElement>("li.entry");
    if (!button || !row) return;
    const rows = [...document.querySelectorAll<HTMLLIElement>("li.entry")].filter((r) => r.querySelector(".entry-line button"));
    const buttons = (r: HTMLLIElement) => [...r.querySelectorAll<HTMLButtonElement>(".entry-line button")];
    const at = rows.indexOf(row);
    const inRow = buttons(row).indexOf(button);
    const target = (r: HTMLLIElement | undefined, index: number) => {
      if (!r) return;
      const list = buttons(r);
      list[Math.max(0, Math.min(index, list.length - 1))]?.focus();
      e.preventDefault();
    };
    if (e.key === "ArrowDown") target(rows[at + 1], inRow);
    else if (e.key === "ArrowUp") target(rows[at - 1], inRow);
    else if (e.key === "Home" && e.ctrlKey) target(rows[0], 0);
    else if (e.key === "End" && e.ctrlKey) target(rows[rows.length - 1], 0);
    else if (e.key === "ArrowRight") target(row, inRow + 1);
    else if (e.key === "ArrowLeft") target(row, inRow - 1);
  };
  const onListFocus = (e: FocusEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLLIElement>("li.entry");
    if (row?.dataset.id && row.dataset.id !== activeRow.current) {
      activeRow.current = row.dataset.id;
      rove();
    }
  };

  const takeBack = (u: Undo) =>
    act(async () => {
      const back = await p.backend.undoRemove(u.id);
      setUndo(null);
      return `${back.issue} is back.`;
    });

  const retry = (row: EntryRow) =>
    act(async () => {
      await p.backend.retryEntry(row.id);
      return row.removed ? `${row.issue}: its deletion is asked again at the next sync.` : `${row.issue} goes to Jira again at the next sync.`;
    });

  const keep = (row: EntryRow) =>
    act(async () => {
      const back = await p.backend.undoRemove(row.id);
      return `${back.issue} is kept, as it is in Jira.`;
    });

  // What a read-back of Jira found: the person chooses; Stint does it.
  const settle = (row: EntryRow, how: Resolution) =>
    act(async () => {
      await p.backend.resolveEntry(row.id, how);
      const said: Record<Resolution, string> = {
        keep_mine: `${row.issue}: yours is kept; the next sync sends it to Jira.`,
        take_jira: `${row.issue} now has Jira's values.`,
        push_again: `${row.issue} goes to Jira again at the next sync.`,
        drop: `${row.issue} is removed here too.`,
      };
      return said[how];
    });

  const adopt = (w: InJira) =>
    act(async () => {
      const entry = await p.backend.adoptWorklog(w.worklog_id);
      return `${entry.issue} is now an entry here: edit it like any other.`;
    });

  // ▶ on an entry: a timer on its issue, with its note, from now.
  // Continued on the entry's own site, when there are several.
  const continueOn = (row: EntryRow) => act(() => startNow(p.backend, row.issue, row.note, severalSites ? row.site : null));

  const merge = (row: EntryRow, next: EntryRow) =>
    act(async () => {
      const merged = await p.backend.mergeEntries(row.id, next.id);
      return `Merged into one ${merged.issue} entry of ${duration(merged.seconds)}.`;
    });

  const sorted = rows ?? [];
  const byDay = new Map<string, EntryRow[]>();
  sorted.forEach((r) => {
    const d = localDate(r.started);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  });
  const elsewhereByDay = new Map<string, InJira[]>();
  inJira.worklogs.forEach((w) => {
    const d = localDate(w.started);
    elsewhereByDay.set(d, [...(elsewhereByDay.get(d) ?? []), w]);
    if (!byDay.has(d)) byDay.set(d, []);
  });
  if (undo && !byDay.has(localDate(undo.started))) byDay.set(localDate(undo.started), []);
  const days = [...byDay].sort(([a], [b]) => a.localeCompare(b));
  // Removed entries (a deletion refused, or waiting to go) are shown, but count in no total.
  const counted = sorted.filter((r) => !r.removed);
  const shownDay = summary?.days.find((d) => d.date === anchor);
  const total = span === "day" ? shownDay?.seconds : summary?.total_seconds;
  const part = span === "day" ? shownDay : summary;
  const figures = part && total !== undefined ? { total, running: part.running_seconds, elsewhere: part.elsewhere_seconds } : null;
  const dayTotal = (date: string) => summary?.days.find((d) => d.date === date)?.seconds;
  const title = filter === "waiting" ? "Waiting to sync" : filter === "refused" ? "Refused by Jira" : span === "day" ? longDay(anchor) : `${day(from)} – ${day(to)}`;

  return (
    <section aria-labelledby="entries-heading" onKeyDown={onListKey} onFocusCapture={onListFocus}>
      <div class="toolbar">
        <h2 id="entries-heading">Entries</h2>
        <div role="group" aria-label="Show" class="segmented">
          <button aria-pressed={span === "day"} onClick={() => setSpan("day")}>
            Day
          </button>
          <button aria-pressed={span === "week"} onClick={() => setSpan("week")}>
            Week
          </button>
        </div>
        <div role="group" aria-label="Move" class="nav">
          <button class="secondary" onClick={() => setAnchor(addDays(anchor, span === "day" ? -1 : -7))} aria-label={span === "day" ? "Previous day" : "Previous week"}>
            ‹
          </button>
          <button class="secondary" onClick={() => setAnchor(localDate(new Date()))}>
            Today
          </button>
          <button class="secondary" onClick={() => setAnchor(addDays(anchor, span === "day" ? 1 : 7))} aria-label={span === "day" ? "Next day" : "Next week"}>
            ›
          </button>
        </div>
        <button
          onClick={() => {
            setInto(null);
            setAdding(!adding || into !== null);
          }}
          aria-expanded={adding}
          aria-controls="add-form"
        >
          Log time
        </button>
        <button class="secondary" onClick={() => setImporting(!importing)} aria-expanded={importing} aria-controls="import-form">
          Import…
        </button>
      </div>
      {filter ? (
        <p class="range">
          <strong>{title}</strong> · {counted.length} {counted.length === 1 ? "entry" : "entries"}
          {sorted.length > counted.length && ` and ${sorted.length - counted.length} ${sorted.length - counted.length === 1 ? "deletion" : "deletions"}`}
          {", of any day. "}
          <button class="link" onClick={() => p.showState(null)}>
            Show all entries
          </button>
        </p>
      ) : (
        <p class="range" id="range-total">
          <strong>{title}</strong> · <span class="num">{figures ? duration(figures.total) : "…"}</span>: {counted.length} {counted.length === 1 ? "entry" : "entries"}
          {figures && figures.running > 0 && (
            <>
              {" "}
              and the running timer (<span class="num">{duration(figures.running)}</span>)
            </>
          )}
          {figures && figures.elsewhere > 0 && (
            <>
              {", "}
              <span class="num">{duration(figures.elsewhere)}</span> logged in Jira, not from Stint
              {inJira.read_at && <span class="muted"> (as of {asOf(inJira.read_at)})</span>}
            </>
          )}
        </p>
      )}
      {counted.length > 1 && (
        <p class="muted keys" id="entries-keys">
          Keys: <kbd>↑</kbd> <kbd>↓</kbd> between entries, <kbd>←</kbd> <kbd>→</kbd> along an entry's buttons; the list is one <kbd>Tab</kbd> stop.
        </p>
      )}
      {span === "day" && !filter && (
        <Timeline
          {...p}
          date={anchor}
          onLog={(free) => {
            setInto(free);
            setAdding(true);
          }}
        />
      )}
      {adding && (
        <AddForm
          {...p}
          key={into?.start ?? "blank"}
          on={span === "day" ? anchor : null}
          into={into}
          done={() => {
            setAdding(false);
            setInto(null);
          }}
        />
      )}
      {importing && <ImportPanel {...p} done={() => setImporting(false)} />}
      <ErrorLine message={error} />
      {rows !== null && rows.length === 0 && inJira.worklogs.length === 0 && <p class="empty">Nothing logged {span === "day" ? "on this day" : "in this week"}. “Log time” adds an entry after the fact; “Import…” brings history from Toggl Track, Timewarrior or Watson.</p>}
      {days.map(([date, list]) => (
        <div class="day-group">
          {(span === "week" || filter) && (
            <h3 class="day-head">
              {longDay(date)} {dayTotal(date) !== undefined && <span class="num muted">{duration(dayTotal(date) ?? 0)}</span>}
            </h3>
          )}
          <ul class="entries" aria-label={`Entries of ${longDay(date)}`}>
            {inOrder(list, undo, date).map((item) => {
              if ("height" in item) return <UndoRow key={`undo-${item.id}`} undo={item} takeBack={takeBack} />;
              const row = item;
              // Stint says which entry this one may merge with: the screen offers only that.
              const next = sorted.find((r) => r.id === row.merges_with_next);
              const others = row.overlaps.map((id) => sorted.find((r) => r.id === id)).filter((r): r is EntryRow => !!r);
              return (
                <li key={row.id} class={`entry${row.overlaps.length ? " overlapping" : ""}${row.removed ? " removed" : ""}`} data-id={row.id}>
                  {row.removed && row.sync !== "failed" ? (
                    <RemovedLine row={row} badge="deleted here: goes from Jira at the next sync" badgeClass="badge-pending">
                      <button class="secondary small" onClick={() => keep(row)} aria-label={`Keep ${row.issue} at ${time(row.started)}`}>
                        Keep
                      </button>
                    </RemovedLine>
                  ) : row.removed ? (
                    <RemovedLine row={row} badge="deleted here, still in Jira" badgeClass="badge-failed">
                      <button class="secondary small" onClick={() => retry(row)} aria-label={`Retry deleting ${row.issue} at ${time(row.started)}`}>
                        Retry
                      </button>
                      <button class="secondary small" onClick={() => keep(row)} aria-label={`Keep ${row.issue} at ${time(row.started)}`}>
                        Keep
                      </button>
                    </RemovedLine>
                  ) : editing === row.id ? (
                    <EditRow {...p} row={row} done={() => setEditing(null)} />
                  ) : (
                    <div class="entry-line">
                      <span class="when num">
                        {time(row.started)}–{time(new Date(Date.parse(row.started) + row.seconds * 1000).toISOString())}
                      </span>
                      <span class="issue">{row.issue}</span>
                      {severalSites && row.site && (
                        <span class="site muted" title={`On ${row.site}`}>
                          {hostOf(row.site)}
                        </span>
                      )}
                      {row.summary && (
                        <span class="summary" title={row.summary}>
                          {row.summary}
                        </span>
                      )}
                      <span class="dur num">{duration(row.seconds)}</span>
                      <span class="note">{row.note}</span>
                      {row.jira === "conflict" ? (
                        <span class="badge badge-failed">changed here and in Jira</span>
                      ) : row.jira === "deleted" ? (
                        <span class="badge badge-failed">deleted in Jira</span>
                      ) : (
                        <Badge state={row.sync} />
                      )}
                      <span class="actions">
                        {row.jira === "conflict" && (
                          <>
                            <button class="secondary small" onClick={() => settle(row, "keep_mine")} aria-label={`Keep this machine's ${row.issue} at ${time(row.started)}`}>
                              Keep mine
                            </button>
                            <button class="secondary small" onClick={() => settle(row, "take_jira")} aria-label={`Take Jira's ${row.issue} at ${time(row.started)}`}>
                              Take Jira's
                            </button>
                          </>
                        )}
                        {row.jira === "deleted" && (
                          <>
                            <button class="secondary small" onClick={() => settle(row, "push_again")} aria-label={`Send ${row.issue} at ${time(row.started)} to Jira again`}>
                              Send again
                            </button>
                            <button class="secondary small" onClick={() => settle(row, "drop")} aria-label={`Remove ${row.issue} at ${time(row.started)} here too`}>
                              Remove here
                            </button>
                          </>
                        )}
                        <button class="secondary small" onClick={() => continueOn(row)} aria-label={`Continue ${row.issue} at ${time(row.started)}: start a timer on it now`}>
                          <span aria-hidden="true">▶</span> Continue
                        </button>
                        <button class="secondary small" onClick={() => setEditing(row.id)} aria-label={`Edit ${row.issue} at ${time(row.started)}`}>
                          Edit
                        </button>
                        <button class="secondary small" onClick={() => setSplitting(splitting === row.id ? null : row.id)} aria-expanded={splitting === row.id} aria-label={`Split ${row.issue} at ${time(row.started)}`}>
                          Split
                        </button>
                        {next && (
                          <button class="secondary small" onClick={() => merge(row, next)} aria-label={`Merge ${row.issue} at ${time(row.started)} with the next one`}>
                            Merge with next
                          </button>
                        )}
                        {row.sync === "failed" && (
                          <button class="secondary small" onClick={() => retry(row)} aria-label={`Retry ${row.issue} at ${time(row.started)}`}>
                            Retry
                          </button>
                        )}
                        <button class="quiet-danger small" onClick={(e) => remove(row, e)} aria-label={`Delete ${row.issue} at ${time(row.started)}`}>
                          Delete
                        </button>
                      </span>
                    </div>
                  )}
                  {others.length > 0 && (
                    <p class="warn">
                      Overlaps {others.map((o) => `${o.issue} at ${time(o.started)}`).join(", ")}: the same minutes are counted twice.
                    </p>
                  )}
                  {row.sync === "failed" && row.error && (
                    <p class="error-reason">
                      {row.error.issue && <strong>{row.error.issue}: </strong>}
                      {sentence(row.error.message, row.remedy)}
                    </p>
                  )}
                  {splitting === row.id && <SplitRow {...p} row={row} done={() => setSplitting(null)} />}
                </li>
              );
            })}
            {(elsewhereByDay.get(date) ?? []).map((w) => (
              <li class="entry in-jira" data-worklog={w.worklog_id}>
                <div class="entry-line">
                  <span class="when num">
                    {time(w.started)}–{time(new Date(Date.parse(w.started) + w.seconds * 1000).toISOString())}
                  </span>
                  <span class="issue">{w.issue}</span>
                  <span class="dur num">{duration(w.seconds)}</span>
                  <span class="note muted">{w.logged === "other_machine" ? "from Stint on another machine" : "logged elsewhere"}</span>
                  <span class="badge badge-synced">in Jira, not from Stint</span>
                  <span class="actions">
                    <button class="secondary small" onClick={() => adopt(w)} aria-label={`Edit ${w.issue} at ${time(w.started)} here`}>
                      Edit here
                    </button>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** A day's rows in order of start, with the deleted one's Undo where it was (and the deleted row
 * itself left out while the list still has it). */
function inOrder(list: EntryRow[], undo: Undo | null, date: string): (EntryRow | Undo)[] {
  const items: (EntryRow | Undo)[] = list.filter((r) => r.id !== undo?.id || r.removed);
  if (undo && localDate(undo.started) === date) items.push(undo);
  return items.sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
}

function UndoRow(props: { undo: Undo; takeBack: (u: Undo) => void }) {
  const { undo } = props;
  return (
    <li class="undo" style={{ minHeight: `${undo.height}px` }}>
      Deleted {undo.issue} at {time(undo.started)}.{" "}
      <button class="link" onClick={() => props.takeBack(undo)} aria-label={`Undo deleting ${undo.issue} at ${time(undo.started)}`}>
        Undo
      </button>
    </li>
  );
}

function EditRow(p: ScreenProps & { row: EntryRow; done: () => void }) {
  const { row } = p;
  const [issue, setIssue] = useState(row.issue);
  const [start, setStart] = useState(row.start_input);
  const [length, setLength] = useState(row.duration_input);
  const [note, setNote] = useState(row.note ?? "");
  const [error, setError] = useState<string | null>(null);
  const base = `edit-${row.id}`;
  const focus = useFocusOnMount<HTMLInputElement>();

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const changed = <T,>(now: T, was: T) => (now === was ? null : now);
    try {
      await p.backend.editEntry(row.id, {
        issue: changed(issue.trim(), row.issue),
        at: changed(start.trim(), row.start_input),
        duration: changed(length.trim(), row.duration_input),
        note: changed(note, row.note ?? ""),
        local_only: null,
      });
      p.announce(`Saved ${issue.trim().toUpperCase()}.`);
      p.changed();
      p.done();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <form
      class="edit"
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          p.done();
          e.stopPropagation();
        }
      }}
      aria-label={`Edit ${row.issue}`}
    >
      <Field id={`${base}-issue`} label="Issue">
        <IssuePicker backend={p.backend} id={`${base}-issue`} value={issue} onInput={setIssue} />
      </Field>
      <Field id={`${base}-start`} label="Start" hint={`YYYY-MM-DD ${clockHint()}`}>
        <input id={`${base}-start`} type="text" value={start} onInput={(e) => setStart((e.target as HTMLInputElement).value)} ref={focus} />
      </Field>
      <Field id={`${base}-duration`} label="Duration" hint="like 1h30m, 90m or 1.5h">
        <input id={`${base}-duration`} type="text" value={length} onInput={(e) => setLength((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id={`${base}-note`} label="Note">
        <input id={`${base}-note`} type="text" value={note} maxLength={MAX_NOTE_CHARS} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </Field>
      <ErrorLine message={error} id={`${base}-error`} />
      <div class="buttons">
        <button type="submit">Save</button>
        <button type="button" class="secondary" onClick={p.done}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SplitRow(p: ScreenProps & { row: EntryRow; done: () => void }) {
  const { row } = p;
  const [at, setAt] = useState(row.middle_input);
  const [error, setError] = useState<string | null>(null);
  const id = `split-${row.id}`;
  const focus = useFocusOnMount<HTMLInputElement>();

  const split = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await p.backend.splitEntry(row.id, at);
      p.announce(`Split ${row.issue} into ${duration(s.first.seconds)} and ${duration(s.second.seconds)}.`);
      p.changed();
      p.done();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <form class="split" onSubmit={split} aria-label={`Split ${row.issue}`}>
      <Field id={id} label="Split at" hint={`YYYY-MM-DD ${clockHint()}, inside the entry`}>
        <input id={id} type="text" value={at} onInput={(e) => setAt((e.target as HTMLInputElement).value)} ref={focus} />
      </Field>
      <ErrorLine message={error} />
      <div class="buttons">
        <button type="submit">Split</button>
        <button type="button" class="secondary" onClick={p.done}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AddForm(p: ScreenProps & { on: string | null; into: FreeSpan | null; done: () => void }) {
  const [issue, setIssue] = useState("");
  const [length, setLength] = useState(p.into?.duration_input ?? "");
  const [at, setAt] = useState(p.into?.start_input ?? "");
  // Opened from a free stretch of the timeline: the issue is what is left to say.
  useEffect(() => {
    if (p.into) document.getElementById("add-issue")?.focus();
  }, [p.into]);
  const [note, setNote] = useState("");
  const [local, setLocal] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      // A time of day alone is on the day shown (Stint reads it so), not today.
      const logged = await p.backend.addEntry({ issue, duration: length, at: at.trim() ? at : null, note: note.trim() ? note : null, local_only: local, on: p.on ?? undefined });
      const overlap = logged.overlaps.length ? ` It overlaps ${logged.overlaps.map((o) => o.issue).join(", ")}.` : "";
      p.announce(`Logged ${duration(logged.seconds)} on ${logged.issue}.${overlap}`);
      p.changed();
      p.done();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <form id="add-form" class="card add" onSubmit={add} aria-labelledby="add-heading" noValidate>
      <h3 id="add-heading">Log time after the fact</h3>
      <div class="row">
        <Field id="add-issue" label="Issue">
          <IssuePicker backend={p.backend} id="add-issue" value={issue} onInput={setIssue} required />
        </Field>
        <Field id="add-duration" label="Duration" hint="like 1h30m, 90m or 1.5h; at least 1m">
          <input id="add-duration" type="text" value={length} required aria-describedby="add-duration-hint" onInput={(e) => setLength((e.target as HTMLInputElement).value)} />
        </Field>
        <Field id="add-at" label="Start (optional)" hint={`${clockHint()} ${p.on && p.on !== localDate(new Date()) ? `on ${day(p.on)}` : "today"}, or YYYY-MM-DD ${clockHint()}; empty: it ended now`}>
          <input id="add-at" type="text" value={at} aria-describedby="add-at-hint" onInput={(e) => setAt((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <div class="row">
        <Field id="add-note" label="Note (optional)">
          <input id="add-note" type="text" value={note} maxLength={MAX_NOTE_CHARS} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        </Field>
        <label class="check">
          <input type="checkbox" checked={local} onChange={(e) => setLocal((e.target as HTMLInputElement).checked)} /> Keep in Stint only
        </label>
      </div>
      <ErrorLine message={error} id="add-error" />
      <div class="buttons">
        <button type="submit">Log it</button>
        <button type="button" class="secondary" onClick={p.done}>
          Cancel
        </button>
      </div>
    </form>
  );
}
