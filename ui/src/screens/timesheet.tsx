// The week as a timesheet: issues × days, each cell the issue's time on the day. Typing a
// duration into an empty cell logs it, into a cell of one entry changes that entry; a cell Stint
// says is locked (several entries, the running timer, time logged elsewhere) says so. What a cell
// does is Stint's answer (`Timesheet`), the placing of new time too: the page only sends what was
// typed. Keys: Enter saves and goes down, ↑ ↓ move between rows, Esc puts the value back.

import { useRef, useState } from "preact/hooks";

import type { CellChange, SheetCell, Timesheet } from "../bindings";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { dayLines, duration, longDay } from "../format";
import { IssuePicker } from "../picker";
import { ErrorLine, Field, useLoad } from "../ui";

const LOCKED: Record<Extract<CellChange, { kind: "locked" }>["why"], string> = {
  several: "entries",
  running: "running",
  elsewhere: "in Jira",
  spans_days: "spans days",
};

export function TimesheetView(p: ScreenProps & { week: string | null }) {
  const [sheet, setSheet] = useState<Timesheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string[]>([]);
  const [adding, setAdding] = useState("");
  // Enter saves and moves on, and leaving the field would save again: one save per cell at a time.
  const saving = useRef(new Set<string>());

  useLoad(
    () => p.backend.timesheet(p.week),
    [p.backend, p.week, p.version, p.minute],
    (s) => {
      setSheet(s);
      // A row added by hand stays until it has time of its own.
      setAdded((list) => list.filter((key) => !s.rows.some((r) => r.issue === key)));
    },
    (e) => setError(messageOf(e)),
  );
  if (!sheet) return <ErrorLine message={error} />;

  const empty = (date: string): SheetCell => ({ date, seconds: 0, duration_input: "", change: { kind: "log" } });
  const rows = [
    ...sheet.rows,
    ...added.map((issue) => ({ issue, summary: null, seconds: 0, cells: sheet.days.map((d) => empty(d.date)) })),
  ];

  const save = async (issue: string, cell: SheetCell, typed: string, input: HTMLInputElement) => {
    if (typed.trim() === cell.duration_input || !typed.trim()) {
      input.value = cell.duration_input;
      return;
    }
    const key = `${issue} ${cell.date}`;
    if (saving.current.has(key)) return;
    saving.current.add(key);
    setError(null);
    try {
      await p.backend.setTimesheetCell({ issue, date: cell.date, duration: typed.trim() });
      p.announce(cell.change.kind === "entry" ? `${issue} on ${longDay(cell.date)} is now ${typed.trim()}.` : `Logged ${typed.trim()} on ${issue}, ${longDay(cell.date)}.`);
      p.changed();
    } catch (e) {
      setError(`${issue}, ${longDay(cell.date)}: ${messageOf(e)}`);
      input.value = cell.duration_input;
      input.focus();
      input.select();
    } finally {
      saving.current.delete(key);
    }
  };

  // Moves the focus to the cell `rows` below or above in the same column.
  const move = (input: HTMLInputElement, by: number) => {
    const td = input.closest("td");
    const tr = td?.parentElement as HTMLTableRowElement | null;
    if (!td || !tr) return;
    const column = [...tr.children].indexOf(td);
    let row = tr;
    for (;;) {
      row = (by > 0 ? row.nextElementSibling : row.previousElementSibling) as HTMLTableRowElement;
      if (!row) return;
      const target = row.children[column]?.querySelector("input");
      if (target) {
        target.focus();
        target.select();
        return;
      }
    }
  };

  const keys = (issue: string, cell: SheetCell) => (e: KeyboardEvent) => {
    const input = e.currentTarget as HTMLInputElement;
    if (e.key === "Enter") {
      e.preventDefault();
      void save(issue, cell, input.value, input);
      move(input, 1);
    } else if (e.key === "Escape") {
      input.value = cell.duration_input;
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(input, e.key === "ArrowDown" ? 1 : -1);
    }
  };

  const addRow = (e: Event) => {
    e.preventDefault();
    const key = adding.trim().toUpperCase();
    if (!key) return;
    if (!rows.some((r) => r.issue === key)) setAdded([...added, key]);
    setAdding("");
  };

  return (
    <div class="card sheet-card">
      <p class="muted keys" id="sheet-keys">
        Type a duration like <kbd>2h</kbd> into a day: an empty cell logs it, a cell of one entry changes it. <kbd>Enter</kbd> saves, <kbd>↑</kbd> <kbd>↓</kbd> move, <kbd>Esc</kbd> puts it back.
      </p>
      <ErrorLine message={error} id="sheet-error" />
      <div class="sheet-scroll">
        <table class="sheet" aria-label={`Timesheet of week ${sheet.week}`} aria-describedby="sheet-keys">
          <thead>
            <tr>
              <th scope="col">Issue</th>
              {sheet.days.map((d) => {
                const [weekday, date] = dayLines(d.date);
                return (
                  <th scope="col" class="num" aria-label={longDay(d.date)}>
                    <span class="sheet-day">{weekday}</span>
                    <span class="sheet-day muted">{date}</span>
                  </th>
                );
              })}
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.issue}>
                <th scope="row" class="sheet-issue">
                  <span class="key">{row.issue}</span>
                  {row.summary && <span class="muted summary">{row.summary}</span>}
                </th>
                {row.cells.map((cell) => {
                  const label = `${row.issue} on ${longDay(cell.date)}`;
                  if (cell.change.kind === "locked") {
                    const why = cell.change.why === "several" ? `${cell.change.pieces} ${LOCKED.several}` : LOCKED[cell.change.why];
                    return (
                      <td class="num locked" title={`Change it in Entries: ${why}`}>
                        <span class="nowrap">{duration(cell.seconds)}</span>
                        <span class="muted cell-why">{why}</span>
                      </td>
                    );
                  }
                  return (
                    <td class="num">
                      <input
                        class="cell"
                        type="text"
                        inputMode="text"
                        aria-label={label}
                        defaultValue={cell.duration_input}
                        key={`${row.issue}-${cell.date}-${cell.duration_input}`}
                        placeholder="–"
                        onKeyDown={keys(row.issue, cell)}
                        onChange={(e) => void save(row.issue, cell, (e.target as HTMLInputElement).value, e.target as HTMLInputElement)}
                      />
                    </td>
                  );
                })}
                <td class="num total">{duration(row.seconds)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {sheet.days.map((d) => (
                <td class={`num ${d.target_seconds && d.seconds >= d.target_seconds ? "met" : ""}`}>
                  <span class="nowrap">{duration(d.seconds)}</span>
                  {d.target_seconds > 0 && <span class="muted cell-why">of {duration(d.target_seconds)}</span>}
                </td>
              ))}
              <td class="num total">
                <span class="nowrap">{duration(sheet.total_seconds)}</span>
                {sheet.target_seconds > 0 && <span class="muted cell-why">of {duration(sheet.target_seconds)}</span>}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <form class="row sheet-add" onSubmit={addRow}>
        <Field id="sheet-add-issue" label="Add a row for an issue">
          <IssuePicker backend={p.backend} id="sheet-add-issue" value={adding} onInput={setAdding} />
        </Field>
        <button type="submit" class="secondary">
          Add row
        </button>
      </form>
    </div>
  );
}
