// The running timer's clock: it ticks once a second, and only while the window is visible (a hidden
// window costs no CPU for a clock nobody sees).

import { useEffect, useState } from "preact/hooks";

import type { RunningView } from "./backend";

export function useElapsed(running: RunningView | null): number {
  const [now, setNow] = useState(() => Date.now());
  const [base] = useState(() => ({ at: Date.now() }));
  useEffect(() => {
    base.at = Date.now();
    setNow(Date.now());
  }, [running?.id, running?.elapsed_seconds, base]);
  useEffect(() => {
    if (!running) return;
    let timer: number | undefined;
    const start = () => {
      stop();
      if (document.visibilityState === "visible") timer = window.setInterval(() => setNow(Date.now()), 1000);
    };
    const stop = () => {
      if (timer !== undefined) window.clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      setNow(Date.now());
      start();
    };
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [running]);
  if (!running) return 0;
  return running.elapsed_seconds + Math.max(0, Math.floor((now - base.at) / 1000));
}
