// Privacy: where each kind of data lives, what leaves the machine and to which host, export
// everything, delete everything. The plan shown before deleting is `stint purge`'s, and so is the
// question; after a purge the window closes.

import { useState } from "preact/hooks";

import type { PrivacyReport, Purged } from "../backend";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { ErrorLine, useFocusOnMount, useLoad } from "../ui";

export function PrivacyScreen(p: ScreenProps) {
  const [info, setInfo] = useState<PrivacyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [purged, setPurged] = useState<Purged | null>(null);

  useLoad(
    () => (purged ? Promise.resolve(info) : p.backend.privacy()),
    [p.backend, p.version, purged],
    setInfo,
    (e) => setError(messageOf(e)),
  );

  const exportAll = async () => {
    setError(null);
    try {
      const out = await p.backend.exportRange("json", null, null);
      setExported(`Saved all ${out.entries} ${out.entries === 1 ? "entry" : "entries"} to ${out.path}`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const purge = async () => {
    setError(null);
    try {
      setPurged(await p.backend.purgeEverything(true));
      setAsking(false);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  if (purged) {
    return (
      <section aria-labelledby="privacy-heading" class="purged">
        <h2 id="privacy-heading">Everything was deleted</h2>
        <ul class="paths">
          {purged.deleted.map((d) => (
            <li>
              <code>{d}</code>
            </li>
          ))}
        </ul>
        {purged.kept.length > 0 && <KeptList kept={purged.kept} />}
        <p role="status">Stint closes now.</p>
      </section>
    );
  }

  const plan = info?.purge;
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy</h2>
      <ErrorLine message={error} />
      <div class="card">
        <h3>What Stint keeps, and where</h3>
        {info && (
          <dl class="facts">
            <dt>Entries, timers, sync state</dt>
            <dd>
              <code id="path-database">{info.files.database}</code> (readable by you only)
            </dd>
            <dt>Settings</dt>
            <dd>
              <code>{info.files.config_file}</code>
              {!info.files.config_file_exists && " (not created yet)"}
            </dd>
            <dt>Logs</dt>
            <dd>
              <code>{info.files.log_dir}</code> (no notes, issue summaries, tokens or emails)
            </dd>
            <dt>Window size and place</dt>
            <dd>
              <code>{info.files.window_state}</code>
            </dd>
            <dt>Jira token</dt>
            <dd>
              The system keychain, service <code>{info.keychain_service}</code>
            </dd>
          </dl>
        )}
        <p class="muted">The window loads nothing from the internet and keeps no web storage; everything it shows comes from this machine.</p>
      </div>
      <div class="card">
        <h3>What leaves this machine</h3>
        <p>
          Only your worklogs (issue, start, duration, note), sent to your own Jira when you sync, and the sign-in with Atlassian. Stint talks to these hosts
          and no others:
        </p>
        <ul class="hosts">
          {info?.hosts.map((h) => (
            <li>
              <code>{h}</code>
            </li>
          ))}
        </ul>
        <p class="muted">No telemetry, no crash reports, no update checks, no vendor server.</p>
      </div>
      <div class="card">
        <h3>Export everything</h3>
        <p>Every entry, with its notes and sync state, as JSON in your Downloads folder.</p>
        <button class="secondary" onClick={exportAll}>
          Export everything
        </button>
        {exported && (
          <p class="ok" role="status">
            {exported}
          </p>
        )}
      </div>
      <div class="card danger-zone">
        <h3>Delete everything</h3>
        {!asking ? (
          <button class="danger" onClick={() => setAsking(true)}>
            Delete everything…
          </button>
        ) : (
          plan && (
            <div role="alertdialog" aria-labelledby="purge-question" aria-describedby="purge-plan">
              <div id="purge-plan">
                <p>This deletes all of Stint's local data:</p>
                <ul class="paths">
                  {plan.paths.map((path) => (
                    <li>
                      <code>{path}</code>
                    </li>
                  ))}
                </ul>
                {plan.kept.length > 0 && <KeptList kept={plan.kept} />}
                {plan.entries !== null && plan.not_in_jira !== null && (
                  <p class={plan.not_in_jira ? "warn" : ""}>
                    {plan.entries} {plan.entries === 1 ? "entry" : "entries"}, {plan.not_in_jira} of them not in Jira (they will be lost).
                  </p>
                )}
                {plan.running && <p class="warn">A timer is running; it will be lost too.</p>}
                <p>The Jira token goes from the keychain too. Your worklogs in Jira stay.</p>
              </div>
              <p id="purge-question">
                <strong>Delete everything?</strong>
              </p>
              <div class="buttons">
                <NoButton onClick={() => setAsking(false)} />
                <button class="danger" id="purge-confirm" onClick={purge}>
                  Yes, delete everything
                </button>
              </div>
            </div>
          )
        )}
      </div>
    </section>
  );
}

function KeptList(props: { kept: { path: string; why: string }[] }) {
  return (
    <>
      <p>It leaves alone what is not Stint's:</p>
      <ul class="paths">
        {props.kept.map((k) => (
          <li>
            <code>{k.path}</code> ({k.why})
          </li>
        ))}
      </ul>
    </>
  );
}

/** "No" has the focus when the question appears: deleting takes a deliberate move. */
function NoButton(props: { onClick: () => void }) {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <button class="secondary" onClick={props.onClick} ref={ref}>
      No, keep it
    </button>
  );
}
