// First run: nothing tracked, no Jira. Say what Stint is, start a first timer, or connect Jira;
// never a screen of empty charts.

import { useState } from "preact/hooks";

import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { IssuePicker } from "../picker";
import { ErrorLine, Field } from "../ui";

export function Welcome(p: ScreenProps & { dismiss: () => void }) {
  const [issue, setIssue] = useState("");
  const [error, setError] = useState<string | null>(null);

  const start = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const started = await p.backend.startTimer({ issue, note: null, at: null, local_only: false, gap: "ask" });
      p.announce(`Tracking ${started.running.issue}.`);
      p.dismiss();
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section class="welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Welcome to Stint</h2>
      <p>
        Stint times your work on Jira issues and keeps it on this machine. When you sync, it sends your entries to your own Jira as worklogs; nothing goes
        anywhere else.
      </p>
      <div class="welcome-steps">
        <form class="card" onSubmit={start} aria-labelledby="first-heading">
          <h3 id="first-heading">1. Start your first timer</h3>
          <Field id="welcome-issue" label="Jira issue">
            <IssuePicker backend={p.backend} id="welcome-issue" value={issue} onInput={setIssue} required />
          </Field>
          <ErrorLine message={error} id="welcome-error" />
          <button type="submit">Start</button>
        </form>
        <div class="card">
          <h3>2. Connect Jira</h3>
          <p>Sign in with your Atlassian account, an API token, or a Data Center token. Until then, entries wait safely here.</p>
          <button class="secondary" onClick={() => p.go("settings")}>
            Connect Jira
          </button>
        </div>
        <div class="card">
          <h3>Already worked today?</h3>
          <p>Log time after the fact on the Entries screen.</p>
          <button
            class="secondary"
            onClick={() => {
              p.dismiss();
              p.go("entries");
            }}
          >
            Log time
          </button>
        </div>
      </div>
      <button class="link" onClick={p.dismiss}>
        Skip, show the timer
      </button>
    </section>
  );
}
