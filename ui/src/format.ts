// How time reads in the window: one duration format everywhere, the one the CLI, the tray and
// Jira show (`7h 30m`; a UI test checks it against Stint's own on the same values), a clock for
// the running timer (`1:02:03`), and dates and weekdays through Intl in the person's locale.

/** `7h 30m`, `45m`, `0m` (whole minutes, rounded down), as Stint's `format_duration`. */
export function duration(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  const minutes = Math.floor(Math.abs(seconds) / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${sign}${h}h ${String(m).padStart(2, "0")}m` : `${sign}${m}m`;
}

/** `1:02:03` for a running timer. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** Hours with one decimal, for chart axes. */
export function hours(seconds: number): number {
  return Math.round((seconds / 3600) * 10) / 10;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });

export function time(rfc3339: string): string {
  return timeFormat.format(new Date(rfc3339));
}

/** A calendar date (`2026-11-20`) as `Fri 20 Nov`. */
export function day(date: string): string {
  return dayFormat.format(new Date(date + "T12:00:00"));
}

export function longDay(date: string): string {
  return longDayFormat.format(new Date(date + "T12:00:00"));
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDate(when: Date | string): string {
  const d = typeof when === "string" ? new Date(when) : when;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + "T12:00:00");
  d.setDate(d.getDate() + days);
  return localDate(d);
}
