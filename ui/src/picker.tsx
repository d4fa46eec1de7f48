// The issue picker: a text field that suggests issues as the person types (the recent ones, or
// Jira's search once signed in), following the ARIA combobox pattern: arrows move through the
// suggestions, Enter takes one, Escape closes the list. Typing a key and pressing Enter needs no
// suggestion at all; Stint checks the key.

import { useEffect, useRef, useState } from "preact/hooks";

import type { Backend, FoundIssue } from "./backend";
import { messageOf } from "./backend";
import { hostOf } from "./format";

export function IssuePicker(props: {
  backend: Backend;
  id: string;
  value: string;
  onInput: (value: string) => void;
  required?: boolean;
  describedBy?: string;
  invalid?: boolean;
  /** A suggestion was taken (with the site it was found on, when there are several). */
  onChoose?: (issue: FoundIssue) => void;
}) {
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<FoundIssue[]>([]);
  const [active, setActive] = useState(-1);
  const [source, setSource] = useState<string>("");
  // The text the suggestions answer: until the answer for what is typed now arrives, the arrows and
  // Enter leave the older suggestions alone (a fast "rot" + Down + Enter must not take the first
  // of the suggestions for an empty field).
  const [answered, setAnswered] = useState<string | null>(null);
  const fresh = answered === props.value.trim();
  const asked = useRef(0);
  const listId = `${props.id}-list`;

  // Asks for suggestions a moment after the typing pauses; only the latest answer counts.
  useEffect(() => {
    if (!open) return;
    const ticket = ++asked.current;
    const text = props.value.trim();
    const timer = window.setTimeout(() => {
      props.backend.findIssues(text || null).then(
        (list) => {
          if (ticket !== asked.current) return;
          setOptions(list.issues.slice(0, 12));
          setAnswered(text);
          setActive(-1);
          setSource(list.source === "jira" ? "From Jira" : `Recent issues${list.offline_reason ? ` (${list.offline_reason})` : ""}`);
        },
        (e) => {
          if (ticket !== asked.current) return;
          setOptions([]);
          setAnswered(text);
          setSource(messageOf(e));
        },
      );
    }, 200);
    return () => window.clearTimeout(timer);
  }, [open, props.value, props.backend]);

  const choose = (issue: FoundIssue) => {
    props.onInput(issue.key);
    props.onChoose?.(issue);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      setOpen(true);
      if (fresh) setActive((a) => Math.min(a + 1, options.length - 1));
      e.preventDefault();
    } else if (e.key === "ArrowUp") {
      setActive((a) => Math.max(a - 1, -1));
      e.preventDefault();
    } else if (e.key === "Escape" && open) {
      setOpen(false);
      e.preventDefault();
      e.stopPropagation();
    } else if (e.key === "Enter" && open && fresh && active >= 0 && options[active]) {
      choose(options[active]);
      e.preventDefault();
    }
  };

  // Only suggestions pop up: an empty pop-up (just "no suggestions") would lie over the form's
  // buttons, and the first click on Start would land on it.
  const shown = open && options.length > 0;
  return (
    <div class="picker">
      <input
        id={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        placeholder="PROJ-123"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        required={props.required}
        value={props.value}
        onInput={(e) => {
          props.onInput((e.target as HTMLInputElement).value);
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <div class="picker-pop">
          <ul id={listId} role="listbox" aria-label="Suggested issues">
            {options.map((o, i) => (
              <li
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? "active" : ""}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
              >
                <span class="key">{o.key}</span> <span class="summary">{o.summary}</span>
                {o.site && (
                  <>
                    {" "}
                    <span class="site muted">{hostOf(o.site)}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          {source !== "" && <p class="picker-source muted">{source}</p>}
        </div>
      )}
    </div>
  );
}
