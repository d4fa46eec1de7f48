// One click to track an issue again (the Timer's recent issues, an entry's ▶): the same start as
// the form's, worded the same way.

import type { Backend, Started } from "./backend";
import { duration } from "./format";

/** Starts (or switches to) `issue` now, with `note` (on `site`, when one is named); says what
 * happened, in a sentence. */
export async function startNow(backend: Backend, issue: string, note: string | null, site?: string | null): Promise<string> {
  return said(await backend.startTimer({ issue, note, at: null, local_only: false, gap: "ask", ...(site ? { site } : {}) }));
}

/** What a start did, in a sentence. */
export function said(started: Started): string {
  const before = started.previous?.outcome === "finished" ? ` ${started.previous.entry.issue} saved (${duration(started.previous.entry.seconds)}).` : "";
  const overlap = started.overlaps.length ? ` It overlaps ${started.overlaps.map((o) => o.issue).join(", ")}.` : "";
  return `Tracking ${started.running.issue}.${before}${overlap}`;
}
