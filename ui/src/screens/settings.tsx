// Settings: every setting the CLI knows, as Stint reports it (value, where it came from, what it
// means), written back to the same config.toml through the same code, so the checks and the
// messages are the CLI's. Then the Jira connection: who is signed in, to which site, how; sign
// in (browser, API token, Data Center token) and out.

import { useState } from "preact/hooks";

import type { SettingView, SignIn, SiteSignIn, TempoAccounts, TrayPanel, Whoami } from "../backend";
import { messageOf } from "../backend";
import type { ScreenProps } from "../app";
import { ErrorLine, Field, useFollowing, useLoad } from "../ui";
import { hostOf, localDate, longDay } from "../format";

/** The settings a person tunes; the rest (Jira endpoints, the OAuth app) sit under "Advanced". */
const EVERYDAY = [
  "week_start",
  "working_days",
  "working_hours",
  "daily_target",
  "rounding",
  "idle_gap",
  "reminders",
  "remind_after",
  "remind_running_after",
  "week_summary",
];

const LABELS: Record<string, string> = {
  week_start: "Week starts on",
  working_days: "Working days",
  working_hours: "Working hours",
  daily_target: "Daily target",
  rounding: "Rounding of timers",
  idle_gap: "Idle gap",
  reminders: "Reminders",
  remind_after: "Remind when untracked for",
  remind_running_after: "Remind when a timer has run",
  week_summary: "Summary at the end of the week",
};

export function SettingsScreen(p: ScreenProps) {
  const [settings, setSettings] = useState<SettingView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useLoad(() => p.backend.settings(), [p.backend, p.version], setSettings, (e) => setError(messageOf(e)));

  const everyday = (settings ?? []).filter((s) => EVERYDAY.includes(s.key));
  const advanced = (settings ?? []).filter((s) => !EVERYDAY.includes(s.key));

  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <ErrorLine message={error} />
      <JiraConnection {...p} />
      <div class="card">
        <h3>Your week</h3>
        <p class="muted">Saved to Stint's config file, which the command line reads too.</p>
        {everyday.map((s) => (
          <SettingRow {...p} setting={s} onSaved={setSettings} />
        ))}
      </div>
      <TrayCard {...p} />
      <details class="card">
        <summary>Advanced: Jira endpoints, the OAuth app, sync timing</summary>
        {advanced.map((s) => (
          <SettingRow {...p} setting={s} onSaved={setSettings} />
        ))}
      </details>
    </section>
  );
}

/** The tray: start at login, and what it can notice on this desktop (said plainly where it cannot). */
function TrayCard(p: ScreenProps) {
  const [panel, setPanel] = useState<TrayPanel | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(() => p.backend.trayPanel(), [p.backend, p.version], setPanel, (e) => setError(messageOf(e)));
  const toggle = async (on: boolean) => {
    try {
      setPanel(await p.backend.setAutostart(on));
      setError(null);
      p.announce(on ? "The tray will start when you log in." : "The tray will not start at login.");
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const r = panel?.report;
  return (
    <div class="card" aria-labelledby="tray-heading">
      <h3 id="tray-heading">Tray</h3>
      <label class="check">
        <input type="checkbox" checked={panel?.autostart ?? false} disabled={!panel} onChange={(e) => toggle(e.currentTarget.checked)} />
        Start Stint's tray when I log in
      </label>
      <ErrorLine message={error} />
      {r && !r.known ? (
        <p class="muted">The tray has not run yet on this computer. It starts with this window.</p>
      ) : r ? (
        <ul class="facts">
          <li>
            {r.host === false
              ? "No tray shows Stint's icon on this desktop: reminders and the sync still run, and closing this window only minimizes it (Ctrl+Q quits). On GNOME, install the “AppIndicator and KStatusNotifierItem Support” extension to get the tray."
              : r.host
                ? "The tray icon is shown."
                : "Whether a tray shows the icon is not known yet."}
          </li>
          <li>
            {r.idle === "gnome"
              ? "Idle time: read from GNOME."
              : r.idle === "screensaver"
                ? "Idle time: read from the screen saver."
                : "Idle time cannot be read on this desktop: Stint notices sleep and the lock screen, not a break at the desk."}
          </li>
          <li>{r.logind ? "Sleep and lock: heard from the system (logind)." : "Sleep and lock cannot be heard here (no logind): a silence is noticed from the missing heartbeats only."}</li>
          <li>{r.network_manager ? "Network: NetworkManager says when it is back, and the sync waits for it." : "Network: not known here, so a failed sync waits longer each time (up to 30 minutes)."}</li>
        </ul>
      ) : null}
    </div>
  );
}

/** A setting's help as a sentence: `quoted` words as code, and one full stop (none after "…"). */
function helpText(help: string) {
  const parts = help.split("`").map((part, i) => (i % 2 ? <code>{part}</code> : part));
  return (
    <>
      {parts}
      {/[.…!?]$/.test(help.trim()) ? "" : "."}
    </>
  );
}

function SettingRow(p: ScreenProps & { setting: SettingView; onSaved: (all: SettingView[]) => void }) {
  const s = p.setting;
  const secret = s.key.includes("secret");
  const [value, setValue] = useFollowing(secret ? "" : s.value);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = `setting-${s.key}`;

  const save = async (next: string) => {
    setError(null);
    setSaved(false);
    try {
      const all = await p.backend.setSetting(s.key, next);
      // The field shows the value as Stint keeps it (`yes` is kept as `on`), so Save rests.
      const kept = all.find((v) => v.key === s.key);
      if (kept && !secret) setValue(kept.value);
      p.onSaved(all);
      setSaved(true);
      p.announce(`${LABELS[s.key] ?? s.key} saved.`);
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void save(value);
  };
  const fixed = s.source === "env";
  const label = LABELS[s.key] ?? s.key;

  const from =
    s.source === "env"
      ? `Set by ${s.variable ?? "the environment"}, which wins over the file: change it there.`
      : s.source === "file"
        ? "From the config file."
        : "Default.";
  const unchanged = !secret && value === s.value;
  const described = `${id}-help ${id}-error`;
  // Each setting as the control it is (Stint says which, and the values it takes); whatever the
  // control, the value is written through the CLI's code with its checks.
  const control =
    s.control === "switch" ? (
      <label class="switch">
        <input id={id} type="checkbox" role="switch" checked={s.value === "on"} disabled={fixed} aria-describedby={described} onChange={(e) => void save((e.target as HTMLInputElement).checked ? "on" : "off")} />
        <span>{s.value === "on" ? "On" : "Off"}</span>
      </label>
    ) : s.control === "choice" ? (
      <select id={id} value={s.value} disabled={fixed} aria-describedby={described} onChange={(e) => void save((e.target as HTMLSelectElement).value)}>
        {s.options.map((o) => (
          <option value={o}>{o[0].toUpperCase() + o.slice(1)}</option>
        ))}
      </select>
    ) : s.control === "days" ? (
      <div class="days" role="group" aria-labelledby={`${id}-label`}>
        {s.options.map((d) => {
          const on = value.split(",").includes(d);
          return (
            <label class="day">
              <input
                type="checkbox"
                checked={on}
                disabled={fixed}
                onChange={() => {
                  const next = s.options.filter((o) => (o === d ? !on : value.split(",").includes(o)));
                  setValue(next.join(","));
                  setSaved(false);
                }}
              />{" "}
              {d[0].toUpperCase() + d.slice(1)}
            </label>
          );
        })}
        <button type="submit" class="secondary" disabled={fixed || unchanged}>
          Save
        </button>
      </div>
    ) : (
      <div class="setting-input">
        <input
          id={id}
          type={secret ? "password" : "text"}
          value={value}
          placeholder={secret ? s.value || "not set" : ""}
          readOnly={fixed}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          onInput={(e) => {
            setValue((e.target as HTMLInputElement).value);
            setSaved(false);
          }}
        />
        <button type="submit" class="secondary" disabled={fixed || unchanged}>
          Save
        </button>
      </div>
    );
  return (
    <form class="setting" onSubmit={submit} aria-label={label}>
      {s.control === "days" ? (
        <div class="field">
          <span class="label" id={`${id}-label`}>
            {label}
          </span>
          {control}
        </div>
      ) : (
        <Field id={id} label={label}>
          {control}
        </Field>
      )}
      <small class="hint" id={`${id}-help`}>
        {helpText(s.help)} <span class="muted">{from}</span>
        {saved && <span class="ok"> Saved.</span>}
      </small>
      <ErrorLine message={error} id={`${id}-error`} />
    </form>
  );
}

function JiraConnection(p: ScreenProps) {
  const [who, setWho] = useState<Whoami | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useLoad(() => p.backend.whoami(), [p.backend, p.version], setWho, (e) => setError(messageOf(e)));

  const signOut = async (site?: string) => {
    setError(null);
    try {
      await p.backend.logout(site);
      p.announce(site ? `Signed out of ${site}. Its token was removed from the keychain; its entries wait.` : "Signed out of Jira. The token was removed from the keychain.");
      p.changed();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div class="card jira" aria-labelledby="jira-heading">
      <h3 id="jira-heading">Jira</h3>
      {who?.signed_in ? (
        <>
          <dl class="facts">
            <dt>Site</dt>
            <dd id="jira-site">{who.site}</dd>
            <dt>Account</dt>
            <dd id="jira-account">{who.account}</dd>
            <dt>Signed in with</dt>
            <dd>{who.how_text}</dd>
            {who.sites.length === 1 && who.sites[0].tempo_api && (
              <>
                <dt>Worklogs go to</dt>
                <dd id="jira-tempo">Tempo ({hostOf(who.sites[0].tempo_api)}), with the Account each issue needs</dd>
              </>
            )}
            {who.ends_by && (
              <>
                <dt>Sign-in ends</dt>
                <dd id="jira-ends">
                  by {longDay(localDate(who.ends_by))} at the latest: a sign-in lasts a year. Stint reminds you a week before.
                </dd>
              </>
            )}
          </dl>
          {who.sites.length > 1 && (
            <>
              <h4 id="jira-sites-heading">Sites</h4>
              <ul id="jira-sites" aria-labelledby="jira-sites-heading">
                {who.sites.map((s) => (
                  <li key={s.site}>
                    <span class="site-facts">
                      <strong>{s.site}</strong>
                      {s.default && " (default)"}
                      {s.signed_in ? `: ${s.account ?? s.account_id}` : ": needs a new sign-in"}
                      {s.projects.length > 0 && `; entries of ${s.projects.join(", ")} go here`}
                      {s.tempo_api && `; worklogs go to Tempo (${hostOf(s.tempo_api)})`}
                    </span>{" "}
                    {s.signed_in && (
                      <button class="secondary small" onClick={() => signOut(s.site)} aria-label={`Sign out of ${s.site}`}>
                        Sign out
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <p class="muted">Entries go to the default site unless their project goes to another.</p>
              <RouteForm {...p} who={who} />
            </>
          )}
          <TempoPanel {...p} who={who} />
          <button class="secondary" onClick={() => signOut()}>
            {who.sites.length > 1 ? "Sign out of every site" : "Sign out"}
          </button>
          {/* Keyed by the sites, so it closes (and its form empties) once one is added. */}
          <details class="another-site" key={who.sites.map((s) => s.site).join(" ")}>
            <summary>Sign in to another site</summary>
            <p class="muted">It is added beside {who.sites.length > 1 ? "these" : "this one"}; entries still go to the default site unless their project goes to another.</p>
            <SignInForms {...p} busy={busy} setBusy={setBusy} known={who.sites.map((s) => s.site)} />
          </details>
        </>
      ) : (
        <>
          {who?.needs_sign_in && who.site && <p class="warn">Jira no longer accepts the sign-in to {who.site}: sign in again. Queued entries wait meanwhile.</p>}
          <SignInForms {...p} busy={busy} setBusy={setBusy} known={who?.sites.map((s) => s.site) ?? []} />
        </>
      )}
      <ErrorLine message={error} />
    </div>
  );
}

/** Sends a project's entries to one of the sites (or back to the default), as `stint site route`. */
function RouteForm(p: ScreenProps & { who: Whoami }) {
  const [project, setProject] = useState("");
  const [site, setSite] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await p.backend.routeProject(project, site || null);
      const key = project.trim().toUpperCase();
      p.announce(site ? `Entries of ${key} go to ${site} from now on; those already sent stay where they are.` : `Entries of ${key} go to the default site again.`);
      setProject("");
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form onSubmit={submit} aria-label="Send a project's entries to a site" class="inline route">
      <Field id="route-project" label="Project">
        <input id="route-project" value={project} required placeholder="ENG" onInput={(e) => setProject((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="route-site" label="Goes to">
        <select id="route-site" value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
          <option value="">the default site</option>
          {p.who.sites.map((s) => (
            <option key={s.site} value={s.site}>
              {s.site}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="secondary">
        Send its entries there
      </button>
      <ErrorLine message={error} id="route-error" />
    </form>
  );
}

/** Tempo Timesheets for a Jira Cloud site: where its worklogs go, and the token that reaches it. */
function TempoPanel(p: ScreenProps & { who: Whoami }) {
  const cloud = p.who.sites.filter((s) => s.tempo_possible);
  const inTempo = p.who.sites.filter((s) => s.tempo_api);
  const [error, setError] = useState<string | null>(null);
  const off = async (s: SiteSignIn) => {
    setError(null);
    try {
      await p.backend.tempoOff(s.site);
      p.announce(`Worklogs of ${s.site} go to Jira's own worklogs again; its Tempo token was removed from the keychain.`);
      p.changed();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  if (cloud.length === 0 && inTempo.length === 0) return null;
  return (
    <section class="tempo" aria-labelledby="tempo-heading">
      <h4 id="tempo-heading">Tempo Timesheets</h4>
      {inTempo.map((s) => (
        <p key={s.site}>
          Worklogs of {hostOf(s.site)} go to Tempo ({hostOf(s.tempo_api ?? "")}).{" "}
          <button class="secondary small" onClick={() => off(s)} aria-label={`Send worklogs of ${s.site} to Jira instead of Tempo`}>
            Send to Jira instead
          </button>
        </p>
      ))}
      <ErrorLine message={error} id="tempo-off-error" />
      {inTempo.map((s) => (
        <TempoAccountsForm key={s.site} {...p} site={s} />
      ))}
      {cloud.length > 0 && (
        <details class="tempo-sign-in" key={inTempo.map((s) => s.site).join(" ")}>
          <summary>{inTempo.length ? "Sign in to Tempo again" : "Send worklogs to Tempo"}</summary>
          <p class="muted">Where your organisation bills time through Tempo, a site's worklogs go there, with the Account each issue needs.</p>
          <TempoForm {...p} sites={cloud} />
        </details>
      )}
    </section>
  );
}

/** The Accounts a site's projects and issues are billed to where Tempo and Jira say none. */
function TempoAccountsForm(p: ScreenProps & { site: SiteSignIn }) {
  const [view, setView] = useState<TempoAccounts | null>(null);
  const [scope, setScope] = useState("");
  const [account, setAccount] = useState("");
  const [error, setError] = useState<string | null>(null);
  useLoad(() => p.backend.tempoAccounts(p.site.site), [p.backend, p.version, p.site.site], setView, (e) => setError(messageOf(e)));
  const choose = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setView(await p.backend.chooseTempoAccount({ site: p.site.site, scope, account }));
      p.announce(`Time on ${scope.trim().toUpperCase()} is billed to ${account} where its issue and project name no Account. Refused entries can be sent again.`);
      setScope("");
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const forget = async (chosen: string) => {
    setError(null);
    try {
      setView(await p.backend.chooseTempoAccount({ site: p.site.site, scope: chosen, account: null }));
      p.announce(`The Account chosen for ${chosen} is forgotten.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const id = `tempo-accounts-${hostOf(p.site.site).replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <div class="tempo-accounts">
      {view && view.chosen.length > 0 && (
        <ul aria-label={`Accounts chosen on ${hostOf(p.site.site)}`}>
          {view.chosen.map((c) => (
            <li key={c.scope}>
              {c.scope} is billed to {c.account}{" "}
              <button class="secondary small" onClick={() => forget(c.scope)} aria-label={`Forget the Account chosen for ${c.scope}`}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      {view && (
        <form onSubmit={choose} aria-label={`Choose an Account on ${hostOf(p.site.site)}`} class="inline">
          <Field id={`${id}-scope`} label="Project or issue" hint="its time goes to the Account below where its issue and project name none">
            <input id={`${id}-scope`} value={scope} required placeholder="ENG" aria-describedby={`${id}-scope-hint`} onInput={(e) => setScope((e.target as HTMLInputElement).value)} />
          </Field>
          <Field id={`${id}-account`} label="Tempo Account">
            <select id={`${id}-account`} value={account} required onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}>
              <option value="" disabled>
                Choose…
              </option>
              {view.accounts.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.key}: {a.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="secondary">
            Bill it there
          </button>
        </form>
      )}
      <ErrorLine message={error} id={`${id}-error`} />
      {view && view.attributes.length > 0 && <TempoValuesForm {...p} view={view} setView={setView} />}
    </div>
  );
}

/** Values for the work attributes a Tempo site requires besides the Account, which only the person's choice fills. */
function TempoValuesForm(p: ScreenProps & { site: SiteSignIn; view: TempoAccounts; setView: (v: TempoAccounts) => void }) {
  const [scope, setScope] = useState("");
  const [attribute, setAttribute] = useState(p.view.attributes[0].name);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const chosen = p.view.attributes.find((a) => a.name === attribute) ?? p.view.attributes[0];
  const choose = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      p.setView(await p.backend.chooseTempoValue({ site: p.site.site, scope, attribute: chosen.name, value }));
      p.announce(`Time on ${scope.trim().toUpperCase()} carries ${chosen.name} = ${value} in Tempo. Refused entries can be sent again.`);
      setScope("");
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const forget = async (c: { scope: string; attribute: string }) => {
    setError(null);
    try {
      p.setView(await p.backend.chooseTempoValue({ site: p.site.site, scope: c.scope, attribute: c.attribute, value: null }));
      p.announce(`The ${c.attribute} chosen for ${c.scope} is forgotten.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const id = `tempo-values-${hostOf(p.site.site).replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <div class="tempo-values">
      <p class="muted">Tempo also requires {p.view.attributes.map((a) => a.name).join(", ")} on every worklog here; only your choice fills {p.view.attributes.length === 1 ? "it" : "them"}.</p>
      {p.view.values.length > 0 && (
        <ul aria-label={`Values chosen on ${hostOf(p.site.site)}`}>
          {p.view.values.map((c) => (
            <li key={`${c.scope} ${c.attribute}`}>
              {c.scope}: {c.attribute} is {c.value}{" "}
              <button class="secondary small" onClick={() => forget(c)} aria-label={`Forget the ${c.attribute} chosen for ${c.scope}`}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={choose} aria-label={`Choose a Tempo value on ${hostOf(p.site.site)}`} class="inline">
        <Field id={`${id}-scope`} label="Applies to" hint="a project key, or an issue key for one issue">
          <input id={`${id}-scope`} value={scope} required placeholder="ENG" aria-describedby={`${id}-scope-hint`} onInput={(e) => setScope((e.target as HTMLInputElement).value)} />
        </Field>
        {p.view.attributes.length > 1 && (
          <Field id={`${id}-attribute`} label="Work attribute">
            <select id={`${id}-attribute`} value={attribute} onChange={(e) => { setAttribute((e.target as HTMLSelectElement).value); setValue(""); }}>
              {p.view.attributes.map((a) => (
                <option key={a.key} value={a.name}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${id}-value`} label={chosen.name}>
          {chosen.kind === "STATIC_LIST" ? (
            <select id={`${id}-value`} value={value} required onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
              <option value="" disabled>
                Choose…
              </option>
              {chosen.values.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          ) : chosen.kind === "CHECKBOX" ? (
            <select id={`${id}-value`} value={value} required onChange={(e) => setValue((e.target as HTMLSelectElement).value)}>
              <option value="" disabled>
                Choose…
              </option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          ) : (
            <input id={`${id}-value`} value={value} required inputMode={chosen.kind === "INPUT_NUMERIC" ? "decimal" : "text"} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          )}
        </Field>
        <button type="submit" class="secondary">
          Use it
        </button>
      </form>
      <ErrorLine message={error} id={`${id}-error`} />
    </div>
  );
}

/** How the window reaches Tempo: a personal API token, or the administrator's OAuth app in the browser. */
type TempoWay = "token" | "oauth";

function TempoForm(p: ScreenProps & { sites: SiteSignIn[] }) {
  const [site, setSite] = useState((p.sites.find((s) => s.default) ?? p.sites[0]).site);
  const [region, setRegion] = useState("global");
  const [address, setAddress] = useState("");
  const [way, setWay] = useState<TempoWay>("token");
  const [token, setToken] = useState("");
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const where = { site, region: region === "address" ? address : region };
    try {
      const who =
        way === "token"
          ? await p.backend.tempoSignIn({ ...where, token })
          : await p.backend.tempoOAuthSignIn({ ...where, client_id: clientId, client_secret: clientSecret });
      const now = who.sites.find((s) => s.site === site);
      p.announce(`Worklogs of ${site} go to Tempo (${hostOf(now?.tempo_api ?? "")}) from now on.`);
      p.changed();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setToken("");
      setClientSecret("");
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Send worklogs to Tempo" class="sign-in">
      {p.sites.length > 1 && (
        <Field id="tempo-site" label="Site">
          <select id="tempo-site" value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
            {p.sites.map((s) => (
              <option key={s.site} value={s.site}>
                {s.site}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id="tempo-region" label="Tempo region" hint="as Tempo's settings show it">
        <select id="tempo-region" value={region} aria-describedby="tempo-region-hint" onChange={(e) => setRegion((e.target as HTMLSelectElement).value)}>
          <option value="global">Global (api.tempo.io)</option>
          <option value="eu">Europe (api.eu.tempo.io)</option>
          <option value="us">Americas (api.us.tempo.io)</option>
          <option value="address">Another address (a proxy's)</option>
        </select>
      </Field>
      {region === "address" && (
        <Field id="tempo-address" label="Tempo's address" hint="https://…; Stint may reach it, and only it, for this site">
          <input id="tempo-address" type="url" value={address} required aria-describedby="tempo-address-hint" onInput={(e) => setAddress((e.target as HTMLInputElement).value)} />
        </Field>
      )}
      <fieldset>
        <legend>Reach Tempo with</legend>
        <label>
          <input type="radio" name="tempo-way" checked={way === "token"} onChange={() => setWay("token")} /> A personal API token
        </label>
        <label>
          <input type="radio" name="tempo-way" checked={way === "oauth"} onChange={() => setWay("oauth")} /> Your administrator's OAuth app, in the browser
        </label>
      </fieldset>
      {way === "token" ? (
        <Field id="tempo-token" label="Tempo API token" hint="made in Tempo under Settings, API Integration, with Manage access to worklogs; kept in the system keychain only">
          <input id="tempo-token" type="password" autocomplete="off" value={token} required aria-describedby="tempo-token-hint" onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        </Field>
      ) : (
        <>
          <Field id="tempo-client-id" label="Client id" hint="of the app your Tempo administrator made under Settings, OAuth 2.0 Applications, redirecting to http://localhost:PORT/callback (PORT: the OAuth redirect port in Settings)">
            <input id="tempo-client-id" value={clientId} required autocomplete="off" aria-describedby="tempo-client-id-hint" onInput={(e) => setClientId((e.target as HTMLInputElement).value)} />
          </Field>
          <Field id="tempo-client-secret" label="Client secret" hint="kept in the system keychain only, with what Tempo gives back">
            <input id="tempo-client-secret" type="password" autocomplete="off" value={clientSecret} required aria-describedby="tempo-client-secret-hint" onInput={(e) => setClientSecret((e.target as HTMLInputElement).value)} />
          </Field>
        </>
      )}
      <ErrorLine message={error} id="tempo-error" />
      <button type="submit" disabled={busy}>
        {busy ? (way === "token" ? "Checking the token with Tempo…" : "Waiting for you in the browser…") : way === "token" ? "Use Tempo" : "Sign in to Tempo in the browser"}
      </button>
    </form>
  );
}

type Way = "browser" | "api_token" | "personal_token";

function SignInForms(p: ScreenProps & { busy: boolean; setBusy: (b: boolean) => void; known: string[] }) {
  const [way, setWay] = useState<Way>("browser");
  const [site, setSite] = useState("");
  const [email, setEmail] = useState("");
  const [token, setToken] = useState("");
  const [dataCenter, setDataCenter] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    p.setBusy(true);
    try {
      const how: SignIn =
        way === "api_token"
          ? { how: "cloud_api_token", site, email, token }
          : way === "personal_token"
            ? { how: "data_center_token", site, token }
            : dataCenter && site.trim()
              ? { how: "data_center_oauth", site }
              : { how: "cloud_oauth", site: site.trim() || null };
      const who = await p.backend.signIn(how);
      setToken("");
      // The site just signed into: a new one in the list, else the one typed, else the default.
      const added = who.sites.find((s) => !p.known.includes(s.site));
      const typed = who.sites.find((s) => site.trim() && s.site.replace(/\/$/, "") === site.trim().replace(/\/$/, ""));
      const signed = added ?? typed ?? who.sites.find((s) => s.default);
      p.announce(`Signed in to ${signed?.site ?? who.site} as ${signed?.account ?? who.account}.`);
      p.changed();
    } catch (err) {
      setToken("");
      setError(messageOf(err));
    } finally {
      p.setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Sign in to Jira" class="sign-in">
      <fieldset>
        <legend>Sign in with</legend>
        <label>
          <input type="radio" name="way" checked={way === "browser"} onChange={() => setWay("browser")} /> Your Atlassian account, in the browser (recommended)
        </label>
        <label>
          <input type="radio" name="way" checked={way === "api_token"} onChange={() => setWay("api_token")} /> Jira Cloud: email and API token
        </label>
        <label>
          <input type="radio" name="way" checked={way === "personal_token"} onChange={() => setWay("personal_token")} /> Jira Data Center: personal access token
        </label>
      </fieldset>
      <Field
        id="jira-site-input"
        label={way === "browser" ? "Site (optional)" : "Site"}
        hint={way === "personal_token" ? "your Jira's address, like https://jira.example.com" : "like https://your-team.atlassian.net"}
      >
        <input id="jira-site-input" type="url" value={site} required={way !== "browser"} aria-describedby="jira-site-input-hint" onInput={(e) => setSite((e.target as HTMLInputElement).value)} />
      </Field>
      {way === "browser" && (
        <label class="check">
          <input type="checkbox" checked={dataCenter} onChange={(e) => setDataCenter((e.target as HTMLInputElement).checked)} /> The site is Jira Data Center (its own OAuth app)
        </label>
      )}
      {way === "api_token" && (
        <Field id="jira-email" label="Email">
          <input id="jira-email" type="email" autocomplete="username" value={email} required onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </Field>
      )}
      {way !== "browser" && (
        <Field id="jira-token" label={way === "api_token" ? "API token" : "Personal access token"} hint="kept in the system keychain only; never written to a file or a log">
          <input id="jira-token" type="password" autocomplete="off" value={token} required aria-describedby="jira-token-hint" onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        </Field>
      )}
      {way === "browser" && p.busy && <p class="muted">Finish the sign-in in the browser window that opened; Stint waits for it.</p>}
      <ErrorLine message={error} id="sign-in-error" />
      <button type="submit" disabled={p.busy}>
        {p.busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
