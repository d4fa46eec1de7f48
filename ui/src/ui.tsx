// Small pieces every screen uses: a labelled field, an error line, a status region.

import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

export function Field(props: { label: string; hint?: string; id: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function ErrorLine(props: { message: string | null; id?: string }) {
  if (!props.message) return null;
  return (
    <p class="error" role="alert" id={props.id}>
      {props.message}
    </p>
  );
}

export function Badge(props: { state: string }) {
  const words: Record<string, string> = {
    local: "local only",
    pending: "waiting to sync",
    pushing: "sending",
    synced: "in Jira",
    failed: "refused by Jira",
    needs_sign_in: "needs sign-in",
  };
  return <span class={`badge badge-${props.state}`}>{words[props.state] ?? props.state}</span>;
}

/** Focuses the element once it is shown (the `autofocus` attribute only works at page load). */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T> {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/**
 * Loads with `load` whenever `deps` change. Answers can arrive out of order (each call is its own
 * IPC request), so an answer to a request that a newer one superseded is dropped: a stale answer
 * never overwrites a fresh one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], ok: (value: T) => void, fail: (e: unknown) => void): void {
  useEffect(() => {
    let current = true;
    load().then(
      (v) => current && ok(v),
      (e) => current && fail(e),
    );
    return () => {
      current = false;
    };
  }, deps);
}

/**
 * A field's text that starts as `source` and follows it when it changes (a save, another
 * process), and is the person's own in between. It never resets on its first render: effects run
 * after paint, and whatever was typed by then stays. `of` names what the text belongs to (the
 * running timer's id): when that changes, the text follows too.
 */
export function useFollowing(source: string, of: string | number = ""): [string, (text: string) => void] {
  const [text, setText] = useState(source);
  const seen = useRef(`${of}\u0000${source}`);
  useEffect(() => {
    const now = `${of}\u0000${source}`;
    if (seen.current !== now) {
      seen.current = now;
      setText(source);
    }
  }, [source, of]);
  return [text, setText];
}
