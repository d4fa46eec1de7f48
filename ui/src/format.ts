// How time reads in the window: one duration format everywhere, the one the CLI, the tray and
// Jira show (`7h 30m`; a UI test checks it against Stint's own on the same values), a clock for
// the running timer (`1:02:03`), times of day on the person's clock as Stint decides it from their
// locale (`13:05` or `1:05 PM`, the CLI's too; checked against Stint's own), and dates and
// weekdays through Intl in that locale.

import type { TimeLocale } from "./bindings";

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

// Until Stint says otherwise: the locale it uses for `C` (24-hour, `Fri 20 Nov`), not the web
// view's guess (WebKit takes en-US, a 12-hour clock, whatever the session's locale).
let twelveHour = false;
let dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short" });
let longDayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
let weekdayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short" });
let dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

/** Takes Stint's word on the person's locale (from `Status.locale`). */
export function setTimeLocale(locale: TimeLocale): void {
  twelveHour = locale.twelve_hour;
  let tag = "en-GB";
  try {
    tag = Intl.DateTimeFormat.supportedLocalesOf([locale.tag])[0] ?? "en-GB";
  } catch {
    // A tag Intl cannot read: the default stands.
  }
  dayFormat = new Intl.DateTimeFormat(tag, { weekday: "short", day: "numeric", month: "short" });
  longDayFormat = new Intl.DateTimeFormat(tag, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  weekdayFormat = new Intl.DateTimeFormat(tag, { weekday: "short" });
  dateFormat = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short" });
}

/** A time of day as Stint writes it for this person: `13:05`, or `1:05 PM`. */
export function clockTime(hours: number, minutes: number, twelve = twelveHour): string {
  const mm = String(minutes).padStart(2, "0");
  if (!twelve) return `${String(hours).padStart(2, "0")}:${mm}`;
  return `${hours % 12 === 0 ? 12 : hours % 12}:${mm} ${hours < 12 ? "AM" : "PM"}`;
}

/** How a time of day is typed on the person's clock (either form is read). */
export function clockHint(): string {
  return twelveHour ? "H:MM AM/PM" : "HH:MM";
}

/** An instant's local time of day, on the person's clock. */
export function time(rfc3339: string): string {
  const d = new Date(rfc3339);
  return clockTime(d.getHours(), d.getMinutes());
}

/** A calendar date (`2026-11-20`) as `Fri 20 Nov`. */
export function day(date: string): string {
  return dayFormat.format(new Date(date + "T12:00:00"));
}

/** A day in two short lines for a narrow column head: `Mon` and `23 Nov`. */
export function dayLines(date: string): [string, string] {
  const noon = new Date(date + "T12:00:00");
  return [weekdayFormat.format(noon), dateFormat.format(noon)];
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

/** The instant `ms` as RFC 3339 with the UTC offset `like` carries (`2026-11-24T09:00:00+01:00`),
 *  so a time moved on the timeline keeps the offset Stint gave the day. */
export function withOffsetOf(ms: number, like: string): string {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(like);
  const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const wall = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(minutes);
  return `${wall}${minutes < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** A site as a person reads it in a row: its host (and port or path, where it has them). */
export function hostOf(site: string): string {
  return site.replace(/^[a-z]+:\/\//, "").replace(/\/$/, "");
}
