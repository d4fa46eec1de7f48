// The week at a glance: hours per day against the daily target, the share per issue and per
// project, this week against the eight before, what still waits to sync; move between weeks and
// export a range. The totals are Stint's (`weekSummary`, `weeksTrend`); each chart's numbers are
// also in a table, for screen readers and for reading exact values.

import type { Chart, ChartConfiguration } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";

import type { ExportFormat, WeekSummary, WeekTotal } from "../backend";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { addDays, day, duration, hours } from "../format";
import { ErrorLine, Field, useLoad } from "../ui";
import { TimesheetView } from "./timesheet";

export function WeekScreen(p: ScreenProps) {
  const [week, setWeek] = useState<string | null>(null);
  const [summary, setSummary] = useState<WeekSummary | null>(null);
  const [trend, setTrend] = useState<WeekTotal[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<"summary" | "timesheet">("summary");

  useLoad(
    () => Promise.all([p.backend.weekSummary(week), p.backend.weeksTrend(week, 9)]),
    [p.backend, week, p.version, p.minute],
    ([s, t]) => {
      setSummary(s);
      setTrend(t);
      setError(null);
    },
    (e) => setError(messageOf(e)),
  );

  if (!summary) return <ErrorLine message={error} />;
  const s = summary;

  return (
    <section aria-labelledby="week-heading">
      <div class="toolbar">
        <h2 id="week-heading">
          Week {s.week.split("-W")[1]} <span class="muted">{day(s.from)} – {day(s.to)}</span>
        </h2>
        <div role="group" aria-label="Show" class="segmented">
          <button aria-pressed={view === "summary"} onClick={() => setView("summary")}>
            Summary
          </button>
          <button aria-pressed={view === "timesheet"} onClick={() => setView("timesheet")}>
            Timesheet
          </button>
        </div>
        <div role="group" aria-label="Move" class="nav">
          <button class="secondary" onClick={() => setWeek(addDays(s.from, -7))} aria-label="Previous week">
            ‹
          </button>
          <button class="secondary" onClick={() => setWeek(null)}>
            This week
          </button>
          <button class="secondary" onClick={() => setWeek(addDays(s.from, 7))} aria-label="Next week">
            ›
          </button>
        </div>
      </div>
      <ErrorLine message={error} />
      {view === "timesheet" ? <TimesheetView {...p} week={s.from} /> : <Summary {...p} s={s} trend={trend} />}
    </section>
  );
}

function Summary(p: ScreenProps & { s: WeekSummary; trend: WeekTotal[] }) {
  const { s, trend } = p;
  const empty = s.total_seconds === 0;
  return (
    <>
      <div class="tiles">
        <Tile label="Tracked" value={duration(s.total_seconds)} sub={s.target_seconds ? `of ${duration(s.target_seconds)} target` : "no target set"} id="tile-total" />
        <Tile label="In Jira" value={duration(s.synced_seconds + s.elsewhere_seconds)} sub={s.elsewhere_seconds ? `${duration(s.elsewhere_seconds)} of it logged elsewhere` : ""} id="tile-synced" />
        <Tile label="Waiting to sync" value={duration(s.waiting_seconds)} sub={notYet(s)} id="tile-waiting" />
      </div>
      {empty ? (
        <p class="empty">
          Nothing tracked in this week. Start a timer on the Timer screen, or log time after the fact on the Entries screen.{" "}
          <button class="link" onClick={() => p.go("timer")}>
            Go to the timer
          </button>
        </p>
      ) : (
        <>
          <div class="charts">
            <figure class="card chart-days">
              <figcaption>Hours per day against the daily target</figcaption>
              <ChartCanvas config={daysChart(s)} label="Bar chart of hours per day" />
              <table class="numbers" aria-label="Hours per day">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Tracked</th>
                    <th scope="col">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {s.days.map((d) => (
                    <tr>
                      <th scope="row">{day(d.date)}</th>
                      <td class="num">{duration(d.seconds)}</td>
                      <td class="num">{d.target_seconds ? duration(d.target_seconds) : "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
            <Share title="Share per issue" rows={s.issues.map((i) => [i.issue, i.seconds])} total={s.total_seconds} id="issues" />
            <Share title="Share per project" rows={s.projects.map((i) => [i.project, i.seconds])} total={s.total_seconds} id="projects" />
          </div>
        </>
      )}
      {trend.some((t) => t.total_seconds > 0) && (
        <figure class="card chart-trend">
          <figcaption>This week against the eight before</figcaption>
          <ChartCanvas config={trendChart(trend)} label="Bar chart of the last nine weeks" />
          <table class="numbers" aria-label="Hours per week">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Tracked</th>
                <th scope="col">In Jira</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((t) => (
                <tr>
                  <th scope="row">{t.week}</th>
                  <td class="num">{duration(t.total_seconds)}</td>
                  <td class="num">{duration(t.synced_seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
      <ExportForm {...p} from={s.from} to={s.to} />
    </>
  );
}

/** What else is not in Jira yet, and why (each counted once, as Stint counts it). */
function notYet(s: WeekSummary): string {
  const parts = [
    s.refused_seconds ? `${duration(s.refused_seconds)} refused by Jira` : "",
    s.local_seconds ? `${duration(s.local_seconds)} kept here only` : "",
    s.running_seconds ? `${duration(s.running_seconds)} running` : "",
  ].filter(Boolean);
  if (parts.length) return `and ${parts.join(", ")}`;
  return s.waiting_seconds ? "" : "all sent";
}

function Tile(props: { label: string; value: string; sub?: string; id: string }) {
  return (
    <div class="tile card" id={props.id}>
      <div class="tile-label">{props.label}</div>
      <div class="tile-value num">{props.value}</div>
      {props.sub && <div class="tile-sub muted">{props.sub}</div>}
    </div>
  );
}

function Share(props: { title: string; rows: [string, number][]; total: number; id: string }) {
  const config: ChartConfiguration = {
    type: "doughnut",
    data: {
      labels: props.rows.map(([name]) => name),
      datasets: [{ data: props.rows.map(([, s]) => hours(s)), backgroundColor: props.rows.map((_, i) => colour(i)), borderWidth: 1 }],
    },
    options: { plugins: { legend: { display: false } } },
  };
  return (
    <figure class="card chart-share" id={`share-${props.id}`}>
      <figcaption>{props.title}</figcaption>
      <ChartCanvas config={config} label={`Doughnut chart: ${props.title.toLowerCase()}`} small />
      <table class="numbers legend" aria-label={props.title}>
        <tbody>
          {props.rows.map(([name, seconds], i) => (
            <tr>
              <th scope="row">
                <span class="swatch" style={{ background: colour(i) }} aria-hidden="true" />
                {name}
              </th>
              <td class="num">{duration(seconds)}</td>
              <td class="num muted">{Math.round((seconds / Math.max(1, props.total)) * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const PALETTE = ["--chart-1", "--chart-2", "--chart-3", "--chart-4", "--chart-5", "--chart-6"];

function colour(i: number): string {
  return getComputedStyle(document.documentElement).getPropertyValue(PALETTE[i % PALETTE.length]).trim() || "#888";
}

function daysChart(s: WeekSummary): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: s.days.map((d) => day(d.date)),
      datasets: [
        { type: "bar", label: "Tracked (h)", data: s.days.map((d) => hours(d.seconds)), backgroundColor: colour(0), pointStyle: "rect", order: 2 },
        {
          // The target is a mark on each day that has one, not a line between days: a line would
          // slope from Friday's 8 h to Saturday's none, a target no day has.
          type: "line",
          label: "Target (h)",
          data: s.days.map((d) => (d.target_seconds ? hours(d.target_seconds) : null)),
          showLine: false,
          pointStyle: "line",
          pointRadius: (c) => Math.max(6, (c.chart.chartArea?.width ?? 0) / s.days.length / 2.6),
          pointHoverRadius: (c) => Math.max(6, (c.chart.chartArea?.width ?? 0) / s.days.length / 2.6),
          pointBorderWidth: 3,
          pointHoverBorderWidth: 3,
          borderColor: colour(3),
          backgroundColor: colour(3),
          order: 1,
        },
      ],
    },
    options: {
      scales: { y: { beginAtZero: true, title: { display: true, text: "hours" } } },
      // The legend shows each as drawn: a box for the time, a dash for the target.
      plugins: { legend: { labels: { usePointStyle: true } } },
    },
  };
}

function trendChart(t: WeekTotal[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: t.map((w) => w.week.split("-")[1]),
      datasets: [
        { label: "In Jira (h)", data: t.map((w) => hours(w.synced_seconds)), backgroundColor: colour(1), stack: "w" },
        { label: "Not yet (h)", data: t.map((w) => hours(w.total_seconds - w.synced_seconds)), backgroundColor: colour(2), stack: "w" },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  };
}

/** A Chart.js chart that is loaded on demand, drawn once per config and destroyed with the screen. */
function ChartCanvas(props: { config: ChartConfiguration; label: string; small?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(props.config.data);
  useEffect(() => {
    let chart: Chart | undefined;
    let gone = false;
    import("../charts").then(({ draw }) => {
      if (!gone && canvas.current) chart = draw(canvas.current, props.config);
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
    // The data decide when to draw again; the config object is new on every render.
  }, [key]);
  return (
    <div class={props.small ? "chart small" : "chart"}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

function ExportForm(p: ScreenProps & { from: string; to: string }) {
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [range, setRange] = useState<"week" | "all" | "custom">("week");
  const [from, setFrom] = useState(p.from);
  const [to, setTo] = useState(p.to);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const [a, b] = range === "week" ? [p.from, p.to] : range === "all" ? [null, null] : [from || null, to || null];
    try {
      const out = await p.backend.exportRange(format, a, b);
      setDone(`Saved ${out.entries} ${out.entries === 1 ? "entry" : "entries"} to ${out.path}`);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <form class="card export" onSubmit={run} aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <fieldset>
        <legend>Entries</legend>
        <label>
          <input type="radio" name="range" checked={range === "week"} onChange={() => setRange("week")} /> This week ({day(p.from)} – {day(p.to)})
        </label>
        <label>
          <input type="radio" name="range" checked={range === "all"} onChange={() => setRange("all")} /> Everything
        </label>
        <label>
          <input type="radio" name="range" checked={range === "custom"} onChange={() => setRange("custom")} /> From … to …
        </label>
        {range === "custom" && (
          <div class="row">
            <Field id="export-from" label="From">
              <input id="export-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
            </Field>
            <Field id="export-to" label="To">
              <input id="export-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
            </Field>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Format</legend>
        <label>
          <input type="radio" name="format" checked={format === "csv"} onChange={() => setFormat("csv")} /> CSV (spreadsheets)
        </label>
        <label>
          <input type="radio" name="format" checked={format === "json"} onChange={() => setFormat("json")} /> JSON
        </label>
      </fieldset>
      <ErrorLine message={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <button type="submit">Export</button>
    </form>
  );
}
