// Import history into Stint from the window, as `stint import` does: choose a file, see what Stint
// will do with it (Stint's own preview: entries per issue, what is skipped and why, what overlaps,
// what was imported before), then confirm. The reading, the checks and the writing are Stint's;
// the page sends the file's content and the choices the CLI takes as flags.

import { useState } from "preact/hooks";

import type { ImportPreview, WindowImport } from "../bindings";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { day, duration } from "../format";
import { IssuePicker } from "../picker";
import { ErrorLine, Field } from "../ui";

const FORMATS: [string, string][] = [
  ["", "Tell from the file"],
  ["toggl", "Toggl Track (detailed CSV)"],
  ["timewarrior", "Timewarrior (timew export)"],
  ["watson", "Watson (frames file)"],
  ["stint", "Stint export"],
];
const NAMES: Record<string, string> = { toggl: "Toggl Track", timewarrior: "Timewarrior", watson: "Watson", stint: "Stint export" };
const PLACES: [string, string][] = [
  ["", "Tags, then project, then description"],
  ["tag", "Tags"],
  ["project", "Project"],
  ["description", "Description"],
];
const ORDERS: [string, string][] = [
  ["", "Tell from the dates"],
  ["DD/MM/YYYY", "DD/MM/YYYY"],
  ["MM/DD/YYYY", "MM/DD/YYYY"],
  ["YYYY-MM-DD", "YYYY-MM-DD"],
];
const LISTED = 20;

function Select(props: { id: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      {props.options.map(([value, label]) => (
        <option value={value}>{label}</option>
      ))}
    </select>
  );
}

export function ImportPanel(p: ScreenProps & { done: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [choices, setChoices] = useState({ format: "", key_from: "", unmapped: "", date_format: "", sync: false, skip_bad: false });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Any change of file or choice makes the preview stale: Stint reads again.
  const choose = (change: Partial<typeof choices>) => {
    setChoices({ ...choices, ...change });
    setPreview(null);
  };

  const read = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setPreview(null);
    if (!file) {
      setError("Choose a file to import first.");
      document.getElementById("import-file")?.focus();
      return;
    }
    setBusy(true);
    try {
      const req: WindowImport = {
        content: await file.text(),
        format: choices.format || null,
        key_from: choices.key_from || null,
        unmapped: choices.unmapped.trim() || null,
        date_format: choices.date_format || null,
        sync: choices.sync,
        skip_bad: choices.skip_bad,
      };
      setPreview(await p.backend.importPreview(req));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    setError(null);
    setBusy(true);
    try {
      const done = await p.backend.importConfirm();
      const left = done.duplicates ? ` ${done.duplicates} imported before, left out.` : "";
      p.announce(`Imported ${done.imported} ${done.imported === 1 ? "entry" : "entries"} from ${NAMES[done.format] ?? done.format}.${left}`);
      p.changed();
      p.done();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="import-form" class="card add import" onSubmit={read} aria-labelledby="import-heading" noValidate>
      <h3 id="import-heading">Import history</h3>
      <p class="muted">
        From Toggl Track (a detailed report saved as CSV), Timewarrior (<code>timew export</code>), Watson (its frames file) or a Stint export. Imported entries stay on this machine unless you send them to Jira; importing the same file again adds nothing.
      </p>
      <div class="row">
        <Field id="import-file" label="File">
          <input
            id="import-file"
            type="file"
            accept=".csv,.json,.data,.txt,text/csv,application/json,text/plain"
            onChange={(e) => {
              setFile((e.target as HTMLInputElement).files?.[0] ?? null);
              setPreview(null);
            }}
          />
        </Field>
        <Field id="import-format" label="Format">
          <Select id="import-format" value={choices.format} options={FORMATS} onChange={(v) => choose({ format: v })} />
        </Field>
      </div>
      <div class="row">
        <Field id="import-key-from" label="Issue keys are in">
          <Select id="import-key-from" value={choices.key_from} options={PLACES} onChange={(v) => choose({ key_from: v })} />
        </Field>
        <Field id="import-unmapped" label="Issue for entries without a key (optional)">
          <IssuePicker backend={p.backend} id="import-unmapped" value={choices.unmapped} onInput={(v) => choose({ unmapped: v })} />
        </Field>
        <Field id="import-date-format" label="Date order">
          <Select id="import-date-format" value={choices.date_format} options={ORDERS} onChange={(v) => choose({ date_format: v })} />
        </Field>
      </div>
      <div class="row">
        <label class="check">
          <input type="checkbox" checked={choices.sync} onChange={(e) => choose({ sync: (e.target as HTMLInputElement).checked })} /> Send them to Jira as worklogs
        </label>
        <label class="check">
          <input type="checkbox" checked={choices.skip_bad} onChange={(e) => choose({ skip_bad: (e.target as HTMLInputElement).checked })} /> Skip records that cannot be read
        </label>
      </div>
      <ErrorLine message={error} id="import-error" />
      {preview && <Preview preview={preview} />}
      <div class="buttons">
        {preview ? (
          <button type="button" onClick={confirm} disabled={busy || preview.entries === 0}>
            Import {preview.entries} {preview.entries === 1 ? "entry" : "entries"}
          </button>
        ) : (
          <button type="submit" disabled={busy}>
            Preview
          </button>
        )}
        <button type="button" class="secondary" onClick={p.done}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Preview({ preview: v }: { preview: ImportPreview }) {
  const span = v.first_day && v.last_day ? `, ${day(v.first_day)} to ${day(v.last_day)}` : "";
  const noKey = v.skipped.some((s) => s.reason.startsWith("no issue key"));
  return (
    <section class="import-preview" aria-labelledby="import-preview-heading" aria-live="polite">
      <h4 id="import-preview-heading">
        {NAMES[v.format] ?? v.format}: {v.entries} {v.entries === 1 ? "entry" : "entries"} to import, <span class="num">{duration(v.seconds)}</span>
        {span}
      </h4>
      {v.groups.length > 0 && (
        <table class="numbers" aria-label="Entries per issue">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Issue</th>
              <th scope="col">Entries</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {v.groups.slice(0, LISTED).map((g) => (
              <tr>
                <td>{g.source === "unmapped" ? "without a key" : g.source}</td>
                <th scope="row">{g.issue}</th>
                <td class="num">{g.entries}</td>
                <td class="num">{duration(g.seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {v.groups_total > LISTED && <p class="muted">and {v.groups_total - LISTED} more issues.</p>}
      <p>{v.to_sync ? `${v.to_sync} will be sent to Jira at the next sync.` : "They stay on this machine: none is sent to Jira."}</p>
      {v.duplicates > 0 && <p>{v.duplicates} imported before (or repeated in the file), left out.</p>}
      <Skips title="Skipped" items={v.skipped} total={v.skipped_total} />
      {noKey && <p class="muted">Give an issue for entries without a key above, then preview again, to import them too.</p>}
      <Skips title="Could not be read, skipped" items={v.bad} total={v.bad_total} />
      {v.overlaps_total > 0 && <p>{v.overlaps_total} share time with entries already in Stint; both are kept, and the Entries screen flags them.</p>}
      {v.notices.map((n) => (
        <p class="muted">{n}</p>
      ))}
    </section>
  );
}

function Skips(props: { title: string; items: ImportPreview["skipped"]; total: number }) {
  if (props.total === 0) return null;
  return (
    <div class="import-skips">
      <p>
        {props.title} ({props.total}):
      </p>
      <ul>
        {props.items.slice(0, LISTED).map((s) => (
          <li>
            {s.at}
            {s.name ? ` [${s.name}]` : ""}: {s.reason}
          </li>
        ))}
      </ul>
      {props.total > LISTED && <p class="muted">and {props.total - LISTED} more.</p>}
    </div>
  );
}
