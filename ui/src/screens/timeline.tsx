// A day as a timeline: its work as blocks on a time axis, the free stretches between them. Drag a
// block to move it, drag an edge to change its start or end, click a free stretch to log time
// into it; the keyboard does each (on a block: ← → move it 5 minutes, Shift+← → its end, Alt+← →
// its start, Enter saves, Esc puts it back; a free stretch is a button). The axis, the blocks,
// which may move and the free stretches are Stint's (`DayLine`); the page turns a drag into an
// edit of start and duration, which Stint checks as any edit.

import { useRef, useState } from "preact/hooks";

import type { Block, DayLine, FreeSpan } from "../bindings";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { duration, longDay, time, withOffsetOf } from "../format";
import { ErrorLine, useLoad } from "../ui";

const STEP = 5 * 60_000;
const HOUR = 3_600_000;

type Mode = "move" | "start" | "end";
type Draft = { id: number; start: number; end: number };

const SHARE: Record<Block["share"], string> = {
  in_jira: "in Jira",
  elsewhere: "logged in Jira elsewhere",
  waiting: "waiting to sync",
  refused: "refused by Jira",
  local_only: "kept here only",
  running: "running",
};

export function Timeline(p: ScreenProps & { date: string; onLog: (free: FreeSpan) => void }) {
  const [line, setLine] = useState<DayLine | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const track = useRef<HTMLDivElement>(null);
  const drag = useRef<{ mode: Mode; x: number; block: Block; moved: boolean } | null>(null);

  useLoad(
    () => p.backend.dayTimeline(p.date),
    [p.backend, p.date, p.version, p.minute],
    (l) => {
      setLine(l);
      setError(null);
    },
    (e) => setError(messageOf(e)),
  );
  if (!line) return <ErrorLine message={error} />;

  const from = Date.parse(line.from);
  const to = Date.parse(line.to);
  const span = Math.max(HOUR, to - from);
  const pct = (ms: number) => `${(((ms - from) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number) => `${(((b - a) / span) * 100).toFixed(3)}%`;
  const ticks: number[] = [];
  // Stint's axis starts and ends on whole hours of the day.
  for (let t = from; t <= to; t += HOUR) ticks.push(t);

  const shaped = (b: Block, d: Draft | null): [number, number] => (d && d.id === b.id ? [d.start, d.end] : [Date.parse(b.start), Date.parse(b.end)]);

  // A block's span changed by `by` ms: moved whole, or at one edge (at least a step long).
  const reshape = (b: Block, [start, end]: [number, number], mode: Mode, by: number): Draft => {
    if (mode === "move") return { id: b.id!, start: start + by, end: end + by };
    if (mode === "start") return { id: b.id!, start: Math.min(start + by, end - STEP), end };
    return { id: b.id!, start, end: Math.max(end + by, start + STEP) };
  };

  const save = async (b: Block, d: Draft | null) => {
    if (!d || d.id !== b.id || (d.start === Date.parse(b.start) && d.end === Date.parse(b.end))) {
      setDraft(null);
      return;
    }
    setError(null);
    try {
      const minutes = Math.round((d.end - d.start) / 60_000);
      await p.backend.editEntry(d.id, { issue: null, duration: `${minutes}m`, at: withOffsetOf(d.start, b.start), note: null, local_only: null });
      const [a, z] = [withOffsetOf(d.start, b.start), withOffsetOf(d.end, b.start)];
      p.announce(`${b.issue} now runs ${time(a)}–${time(z)}.`);
      p.changed();
    } catch (e) {
      setError(messageOf(e));
    }
    setDraft(null);
  };

  const onKey = (b: Block) => (e: KeyboardEvent) => {
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      e.preventDefault();
      const mode: Mode = e.shiftKey ? "end" : e.altKey ? "start" : "move";
      setDraft(reshape(b, shaped(b, draft), mode, e.key === "ArrowLeft" ? -STEP : STEP));
    } else if (e.key === "Enter") {
      e.preventDefault();
      void save(b, draft);
    } else if (e.key === "Escape" && draft) {
      e.preventDefault();
      setDraft(null);
    }
  };

  const onDown = (b: Block) => (e: PointerEvent) => {
    if (e.button !== 0) return;
    const target = e.target as HTMLElement;
    const mode: Mode = target.classList.contains("edge-start") ? "start" : target.classList.contains("edge-end") ? "end" : "move";
    drag.current = { mode, x: e.clientX, block: b, moved: false };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    e.preventDefault();
    (e.currentTarget as HTMLElement).focus();
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    const w = track.current?.getBoundingClientRect().width ?? 0;
    if (!d || !w) return;
    const by = Math.round((((e.clientX - d.x) / w) * span) / STEP) * STEP;
    if (by === 0 && !d.moved) return;
    d.moved = true;
    setDraft(reshape(d.block, shaped(d.block, null), d.mode, by));
  };
  const onUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) void save(d.block, draft);
  };

  return (
    <div class="card timeline" role="group" aria-label={`Timeline of ${longDay(line.date)}`}>
      <p class="muted keys" id="timeline-keys">
        Drag a block or its edges; click a free stretch to log time into it. On a block: <kbd>←</kbd> <kbd>→</kbd> move it 5 minutes, <kbd>Shift</kbd> with them its end, <kbd>Alt</kbd> its start; <kbd>Enter</kbd> saves, <kbd>Esc</kbd> puts it back.
      </p>
      <ErrorLine message={error} id="timeline-error" />
      <div class="axis" aria-hidden="true">
        {ticks.map((t) => (
          <span class="tick" style={{ left: pct(t) }}>
            {time(new Date(t).toISOString())}
          </span>
        ))}
      </div>
      <div class="track" ref={track} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={() => (drag.current = null)}>
        {line.free.map((f) => (
          <button
            type="button"
            class="free"
            style={{ left: pct(Date.parse(f.start)), width: width(Date.parse(f.start), Date.parse(f.end)) }}
            aria-label={`Free ${time(f.start)}–${time(f.end)}: add an entry here`}
            title={`Free ${time(f.start)}–${time(f.end)}: add an entry here`}
            onClick={() => p.onLog(f)}
          >
            <span aria-hidden="true">+</span>
          </button>
        ))}
        {line.blocks.map((b) => {
          const [start, end] = shaped(b, draft);
          const [a, z] = [withOffsetOf(start, b.start), withOffsetOf(end, b.start)];
          const text = `${b.issue} ${time(a)}–${time(z)}, ${duration(Math.round((end - start) / 1000))}, ${SHARE[b.share]}`;
          return (
            <div
              class={`block share-${b.share}${b.movable ? " movable" : ""}${draft?.id === b.id ? " moving" : ""}`}
              style={{ left: pct(start), width: width(start, end) }}
              title={text}
              {...(b.movable
                ? {
                    tabIndex: 0,
                    role: "button",
                    "aria-label": text,
                    "aria-describedby": "timeline-keys",
                    onKeyDown: onKey(b),
                    onBlur: () => void save(b, draft),
                    onPointerDown: onDown(b),
                  }
                : { role: "img", "aria-label": text })}
            >
              {b.movable && <span class="edge edge-start" aria-hidden="true" />}
              <span class="block-key">{b.issue}</span>
              {b.movable && <span class="edge edge-end" aria-hidden="true" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
