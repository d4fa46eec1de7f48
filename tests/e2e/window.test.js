// End to end: the real, built Stint window (WebKitGTK) under Xvfb, driven through tauri-driver and
// WebKitWebDriver, with the real `stint` CLI on the same database, the Jira test server, and the
// real keychain of the private D-Bus session `tests/with-keychain.sh` runs this in.
//
//   node --test tests/e2e/   (after `cargo build --bins` and `npm run build` in ui/)
//
// STINT_BIN_DIR names the folder with `stint`, `stint-desktop` and `stint-jira-server`
// (default: $CARGO_TARGET_DIR/debug, else target/debug).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// selenium-webdriver is one of the UI's dev dependencies.
const { Builder, By, Key, until } = createRequire(join(root, "ui", "package.json"))("selenium-webdriver");

const bin = process.env.STINT_BIN_DIR ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug");
const work = mkdtempSync(join(tmpdir(), "stint-e2e-"));
const children = [];
let env;
let driverPort;
let driver;

function sleep(ms) {
  return new Promise((ok) => setTimeout(ok, ms));
}

async function waitForPort(port, what) {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise((ok) => {
      const s = connect(port, "127.0.0.1", () => {
        s.end();
        ok(true);
      });
      s.on("error", () => ok(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`${what} did not start listening on ${port}`);
}

function freePort() {
  return 20000 + Math.floor(Math.random() * 20000);
}

function start(cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  child.stdout.on("data", (d) => (child.output += d));
  child.stderr.on("data", (d) => (child.output += d));
  children.push(child);
  return child;
}

/** The `stint` CLI on the window's database; with `--json`, its answer parsed. */
function stint(...args) {
  const out = execFileSync(join(bin, "stint"), args, { env: { ...process.env, ...env }, encoding: "utf8" });
  return args.includes("--json") ? JSON.parse(out) : out;
}

/** A calendar date `days` from today, `YYYY-MM-DD` (the tests run in UTC). */
function date(days) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function plus(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of last week. */
function lastMonday() {
  const today = new Date();
  const back = ((today.getUTCDay() + 6) % 7) + 7;
  return date(-back);
}

/** `gdbus call` on this session bus; its output. */
function gdbus(...args) {
  return execFileSync("gdbus", ["call", "--session", ...args], { encoding: "utf8" });
}

/** The unique bus name owning io.github.stint.Tray, or null. */
function trayOwner() {
  try {
    return /'([^']+)'/.exec(gdbus("-d", "org.freedesktop.DBus", "-o", "/", "-m", "org.freedesktop.DBus.GetNameOwner", "io.github.stint.Tray"))[1];
  } catch {
    return null;
  }
}

/** Pids of processes running `name` (by their executable's name). */
function processes(name) {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8").trim() === name.slice(0, 15);
    } catch {
      return false;
    }
  });
}

async function openWindow() {
  driver = await new Builder()
    .usingServer(`http://127.0.0.1:${driverPort}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: join(bin, "stint-desktop") } })
    .build();
  await driver.wait(until.elementLocated(By.css("h1.brand")), 20000);
}

const css = (selector) => driver.findElement(By.css(selector));

/** Waits until `selector`'s text matches `pattern` (the window updates asynchronously). */
async function waitText(selector, pattern, timeout = 5000) {
  let last = "";
  try {
    await driver.wait(async () => {
      try {
        const found = await driver.findElements(By.css(selector));
        last = found.length ? await found[0].getText() : "(missing)";
      } catch (e) {
        // The page replaced the element between finding it and reading it (the screen changed
        // under us, as it does when the window says the data was deleted): look again.
        if (e?.name === "StaleElementReferenceError") return false;
        throw e;
      }
      return pattern.test(last);
    }, timeout);
  } catch (e) {
    const why = e?.name && e.name !== "TimeoutError" ? ` (stopped by ${e.name}: ${e.message})` : "";
    assert.fail(`${selector}: expected ${pattern}, saw ${JSON.stringify(last)}${why}`);
  }
}

async function clickButton(name, scope = driver) {
  const buttons = await scope.findElements(By.css("button"));
  for (const b of buttons) {
    if ((await b.getText()).trim() === name && (await b.isDisplayed())) {
      await b.click();
      return;
    }
  }
  throw new Error(`no button ${name}`);
}

async function fill(selector, value) {
  const el = await css(selector);
  await el.clear();
  await el.sendKeys(value);
}

async function screen(n) {
  await css(`#tab-${["timer", "entries", "week", "settings", "privacy"][n - 1]}`).click();
}

/** A table's rows as arrays of cell texts. */
async function rows(selector) {
  return driver.executeScript(
    (s) => [...document.querySelectorAll(`${s} tr`)].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    selector,
  );
}

before(async () => {
  for (const name of ["stint", "stint-desktop", "stint-tray", "stint-jira-server", "stint-tempo-server"]) {
    if (!existsSync(join(bin, name))) throw new Error(`${join(bin, name)} is missing: run \`cargo build --bins\` (or set STINT_BIN_DIR)`);
  }
  const display = 90 + Math.floor(Math.random() * 400);
  start("Xvfb", [`:${display}`, "-noreset", "-nolisten", "tcp", "-screen", "0", "1280x900x24"]);
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${display}`); i++) await sleep(50);

  env = { DISPLAY: `:${display}`, STINT_HOME: join(work, "stint"), TZ: "UTC", STINT_HTTP_TIMEOUT: "3s", NO_AT_BRIDGE: "1" };
  const jira = start(join(bin, "stint-jira-server"), []);
  for (let i = 0; i < 100 && !/STINT_API_GATEWAY_URL=\S+\n/.test(jira.output); i++) await sleep(50);
  for (const [, name, value] of jira.output.matchAll(/export (\w+)=(\S+)/g)) env[name] = value;
  env.JIRA_URL = /listening on (\S+)/.exec(jira.output)[1];

  driverPort = freePort();
  start("tauri-driver", ["--port", String(driverPort), "--native-port", String(driverPort + 1)]);
  await waitForPort(driverPort, "tauri-driver");
  await openWindow();
});

after(async () => {
  await driver?.quit().catch(() => {});
  for (const c of children) c.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

describe("the Stint window", () => {
  test("first run: a timer started in the window is in `stint status` at once", async () => {
    await waitText("#welcome-heading", /Welcome to Stint/);
    await fill("#welcome-issue", "e2e-1");
    await (await css("#welcome-issue")).sendKeys(Key.ENTER);
    await waitText(".now", /E2E-1/);
    const status = stint("status", "--json");
    assert.equal(status.running?.issue, "E2E-1");
  });

  test("a timer started with the CLI shows in the open window", async () => {
    stint("start", "CLI-2", "--json");
    await waitText(".now", /CLI-2/, 3000);
    stint("stop", "--json");
    await waitText(".now", /Not tracking/, 3000);
  });

  test("the analytics of a seeded week show its totals per day, issue and project", async () => {
    const mon = lastMonday();
    const [tue, thu] = [plus(mon, 1), plus(mon, 3)];
    stint("add", "ABC-1", "2h", "--at", `${mon} 09:00`, "--note", "seeded", "--json");
    stint("add", "OPS-2", "1h30m", "--at", `${mon} 13:00`, "--json");
    stint("add", "ABC-7", "3h", "--at", `${tue} 09:00`, "--json");
    stint("add", "XYZ-1", "45m", "--at", `${thu} 10:00`, "--json");
    await screen(3);
    await waitText("#week-heading", /Week/);
    await clickButton("‹");
    await waitText("#tile-total", /7h 15m/);
    const two = (list) => list.map((r) => r.slice(0, 2));
    assert.deepEqual(two(await rows("#share-issues tbody")), [
      ["ABC-7", "3h 00m"],
      ["ABC-1", "2h 00m"],
      ["OPS-2", "1h 30m"],
      ["XYZ-1", "45m"],
    ]);
    assert.deepEqual(two(await rows("#share-projects tbody")), [
      ["ABC", "5h 00m"],
      ["OPS", "1h 30m"],
      ["XYZ", "45m"],
    ]);
    const days = (await rows(".chart-days tbody")).map((r) => r[1]);
    assert.deepEqual(days, ["3h 30m", "3h 00m", "0m", "45m", "0m", "0m", "0m"]);
    assert.equal((await driver.findElements(By.css("canvas"))).length, 4);
  });

  test("edit, split and delete an entry in the window; the CLI sees each", async () => {
    const mon = lastMonday();
    const list = () => stint("list", "--from", mon, "--to", mon, "--json");
    await screen(2);
    await clickButton("Week", await css(".segmented"));
    await clickButton("‹");
    await waitText("li.entry .issue", /ABC-1/);
    const first = await css("li.entry");
    await clickButton("Edit", first);
    await fill("li.entry input[id$='-duration']", "1h30m");
    await fill("li.entry input[id$='-note']", "edited in the window");
    await clickButton("Save", await css("li.entry"));
    await waitText("li.entry .note", /edited in the window/);
    let abc = list().find((e) => e.issue === "ABC-1");
    assert.equal(abc.seconds, 5400);
    assert.equal(abc.note, "edited in the window");

    await clickButton("Split", await css("li.entry"));
    await fill("li.entry form.split input", `${mon} 09:45`);
    await clickButton("Split", await css("li.entry form.split"));
    await driver.wait(async () => list().filter((e) => e.issue === "ABC-1").length === 2, 5000);
    assert.deepEqual(
      list()
        .filter((e) => e.issue === "ABC-1")
        .map((e) => e.seconds),
      [2700, 2700],
    );

    const before = list().length;
    await clickButton("Delete", await css("li.entry"));
    await driver.wait(async () => list().length === before - 1, 5000);
    await clickButton("Undo");
    await driver.wait(async () => list().length === before, 5000);
  });

  test("the timesheet: 2h typed into an empty cell is an entry `stint list` shows, after the day's work", async () => {
    const mon = lastMonday();
    await screen(3);
    await waitText("#week-heading", /Week/);
    await clickButton("This week");
    await clickButton("‹");
    await clickButton("Timesheet");
    await waitText("table.sheet tbody", /ABC-1/);
    await fill("#sheet-add-issue", "E2E-7");
    await clickButton("Add row");
    await waitText("table.sheet tbody tr:last-child th", /E2E-7/);
    // Monday's cell of the new row: type, Enter saves.
    const cell = await css("table.sheet tbody tr:last-child td:nth-child(2) input.cell");
    await cell.sendKeys("2h", Key.ENTER);
    await driver.wait(async () => stint("list", "--from", mon, "--to", mon, "--json").some((e) => e.issue === "E2E-7"), 5000);
    const logged = stint("list", "--from", mon, "--to", mon, "--json").find((e) => e.issue === "E2E-7");
    // ABC-1 runs 09:00-10:30 (edited above), OPS-2 from 13:00: the first stretch from nine that holds 2h.
    assert.equal(logged.started.slice(0, 16), `${mon}T10:30`);
    assert.equal(logged.seconds, 7200);
    // The row is Stint's now, in key order, its total the new entry.
    await driver.wait(async () => (await rows("table.sheet tbody")).some((r) => r[0] === "E2E-7" && r[r.length - 1] === "2h 00m"), 5000);
  });

  test("the day's timeline: a free stretch clicked, the issue typed, the time logged where it was free", async () => {
    const day = date(-1);
    await screen(2);
    await clickButton("Day", await css(".segmented"));
    await clickButton("Today");
    await clickButton("‹");
    await driver.wait(until.elementLocated(By.css(".timeline .free")), 5000);
    await (await css(".timeline .free")).click();
    const start = await (await css("#add-at")).getAttribute("value");
    const length = await (await css("#add-duration")).getAttribute("value");
    assert.equal(start, `${day} 09:00`, "an empty day is free from the working day's start");
    assert.equal(length, "8h00m");
    await (await css("#add-issue")).sendKeys("E2E-8");
    await clickButton("Log it");
    await driver.wait(async () => stint("list", "--from", day, "--to", day, "--json").some((e) => e.issue === "E2E-8"), 5000);
    const logged = stint("list", "--from", day, "--to", day, "--json").find((e) => e.issue === "E2E-8");
    assert.equal(logged.started.slice(0, 16), `${day}T09:00`);
    assert.equal(logged.seconds, 8 * 3600);
    await driver.wait(until.elementLocated(By.css(".timeline .block.movable")), 5000);
  });

  test("continue an entry: ▶ starts its issue again, as `stint status` says", async () => {
    await waitText("li.entry .issue", /E2E-8/);
    await clickButton("▶ Continue", await css("li.entry"));
    await waitText(".now", /E2E-8/);
    assert.equal(stint("status", "--json").running?.issue, "E2E-8");
    stint("stop", "--json");
    await waitText(".now", /Not tracking/, 3000);
  });

  test("import a Toggl file from the import screen, to be sent to Jira: the preview, then what `stint list` shows", async () => {
    const fri = plus(lastMonday(), 4);
    const [d, m, y] = [fri.slice(8, 10), fri.slice(5, 7), fri.slice(0, 4)];
    const csv = join(work, "toggl.csv");
    writeFileSync(
      csv,
      "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n" +
        `Ann,ann@example.com,Acme,Website,,Fix IMP-3 login,Yes,${d}/${m}/${y},07:00:00,${d}/${m}/${y},08:15:00,01:15:00,,\n` +
        `Ann,ann@example.com,Acme,Support,,Triage,No,${d}/${m}/${y},18:00:00,${d}/${m}/${y},18:30:00,00:30:00,imp-4,\n`,
    );
    await screen(2);
    await clickButton("Import…");
    await (await css("#import-file")).sendKeys(csv);
    await (await driver.findElement(By.xpath("//label[contains(., 'Send them to Jira as worklogs')]/input"))).click();
    await clickButton("Preview", await css("#import-form"));
    await waitText("#import-preview-heading", /Toggl Track: 2 entries to import, 1h 45m/);
    await waitText(".import-preview", /2 will be sent to Jira at the next sync/);
    await clickButton("Import 2 entries", await css("#import-form"));
    await driver.wait(async () => stint("list", "--from", fri, "--to", fri, "--json").some((e) => e.issue === "IMP-4"), 5000);
    const got = stint("list", "--from", fri, "--to", fri, "--json")
      .filter((e) => e.issue.startsWith("IMP-"))
      .map((e) => [e.issue, e.started.slice(0, 16), e.seconds, e.sync]);
    assert.deepEqual(got, [
      ["IMP-3", `${fri}T07:00`, 4500, "pending"],
      ["IMP-4", `${fri}T18:00`, 1800, "pending"],
    ]);
  });

  test("sign in to Jira with an API token in the window, and sync", async () => {
    await screen(4);
    await (await driver.findElement(By.xpath("//label[contains(., 'email and API token')]/input"))).click();
    await fill("#jira-site-input", env.JIRA_URL);
    await fill("#jira-email", "ada@example.com");
    await fill("#jira-token", "api-token-1");
    await clickButton("Sign in");
    await waitText("#jira-account", /\S/, 15000);
    const waiting = stint("status", "--json").counts.pending;
    assert.ok(waiting > 0, "entries wait for Jira");
    const sync = await driver.findElement(By.xpath("//button[starts-with(., 'Sync now')]"));
    await driver.wait(until.elementIsEnabled(sync), 5000);
    // The header's count is Stint's own (`stint status`'s pending).
    await waitText("#count-waiting", new RegExp(`^${waiting} waiting$`), 5000);
    await sync.click();
    await waitText(".announcer", new RegExp(`Sent to Jira: ${waiting} created`), 30000);
    await waitText("#count-waiting", /^0 waiting$/, 5000);
    const counts = stint("status", "--json").counts;
    assert.equal(counts.pending, 0);
    assert.equal(counts.synced, waiting);
  });

  test("time logged on Jira's page is read back: the window's week says what `stint week` says", async () => {
    const mon = lastMonday();
    // Logged as Jira's own page does: the same REST call, by the same person, with no Stint uid.
    const answer = await fetch(`${env.JIRA_URL}/rest/api/3/issue/WEB-1/worklog`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("ada@example.com:api-token-1").toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ started: `${mon}T16:00:00.000+0000`, timeSpentSeconds: 1800 }),
    });
    assert.equal(answer.status, 201, await answer.text());
    const pulled = stint("pull", "--full", "--json");
    assert.equal(pulled.elsewhere, 1, JSON.stringify(pulled));
    const week = stint("week", mon, "--json");
    assert.equal(week.elsewhere_seconds, 1800);
    const shown = (s) => (s >= 3600 ? `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : `${Math.floor(s / 60)}m`);
    await screen(3);
    await waitText("#week-heading", /Week/);
    await clickButton("‹");
    // "Tracked7h 15mof 40h 00m target": the tile's value sits between its label and its target.
    await waitText("#tile-total", new RegExp(`^Tracked${shown(week.total_seconds)}of`), 5000);
    await screen(2);
    await clickButton("Week", await css(".segmented"));
    await clickButton("‹");
    await waitText("li.entry.in-jira .issue", /WEB-1/, 5000);
    // Entries' week total is `stint week`'s, the worklog logged elsewhere included and said apart.
    await waitText("#range-total", new RegExp(`· ${shown(week.total_seconds)}: .*30m logged in Jira, not from Stint \\(as of [^)]+\\)`));
  });

  test("a second site signed in from the window: OPS goes there, and while it is down the first site still syncs", async () => {
    const second = start(join(bin, "stint-jira-server"), []);
    for (let i = 0; i < 100 && !/listening on \S+/.test(second.output); i++) await sleep(50);
    const secondUrl = /listening on (\S+)/.exec(second.output)[1];
    await screen(4);
    await (await driver.wait(until.elementLocated(By.css("details.another-site summary")), 5000)).click();
    await (await driver.findElement(By.xpath("//details//label[contains(., 'email and API token')]/input"))).click();
    await fill("#jira-site-input", secondUrl);
    await fill("#jira-email", "ada@example.com");
    await fill("#jira-token", "api-token-1");
    await clickButton("Sign in");
    await waitText("#jira-sites", new RegExp(secondUrl.replace(/[.:/]/g, "\\$&")), 15000);
    const who = stint("whoami", "--json");
    assert.deepEqual(who.sites.map((s) => [s.site.replace(/\/$/, ""), s.default]), [[env.JIRA_URL, true], [secondUrl, false]]);
    // OPS routed to the second site from the window's own form.
    await fill("#route-project", "OPS");
    await driver.executeScript(
      "const s = document.getElementById('route-site'); s.value = arguments[0]; s.dispatchEvent(new Event('change', { bubbles: true }));",
      `${secondUrl}/`,
    );
    await clickButton("Send its entries there");
    await driver.wait(() => stint("whoami", "--json").sites[1].projects.includes("OPS"), 5000);
    const day = date(-1);
    stint("add", "OPS-1", "30m", "--at", `${day} 08:00`);
    stint("add", "WEB-2", "15m", "--at", `${day} 08:40`);
    await clickButton("Sync now");
    await waitText(".announcer", /Sent to Jira: 2 created/, 30000);
    const worklogs = async (url, issue) => {
      const answer = await fetch(`${url}/rest/api/3/issue/${issue}/worklog`, {
        headers: { authorization: `Basic ${Buffer.from("ada@example.com:api-token-1").toString("base64")}` },
      });
      return (await answer.json()).worklogs.length;
    };
    assert.equal(await worklogs(secondUrl, "OPS-1"), 1, "OPS went to the second site");
    assert.equal(await worklogs(env.JIRA_URL, "OPS-1"), 0, "and not to the first");
    // The second site goes down: its entry waits, the first site's goes.
    second.kill("SIGTERM");
    await sleep(300);
    stint("add", "OPS-1", "20m", "--at", `${day} 05:00`);
    stint("add", "WEB-2", "10m", "--at", `${day} 05:30`);
    await clickButton("Sync now");
    const early = () => stint("list", "--from", day, "--to", day, "--json").filter((e) => e.started.includes("T05:"));
    await driver.wait(() => early().some((e) => e.issue === "WEB-2" && e.sync === "synced"), 30000);
    // The sync ends (the second site given up on for now), the button back.
    await driver.wait(until.elementLocated(By.xpath("//button[starts-with(., 'Sync now') and not(@disabled)]")), 30000);
    const list = early();
    assert.deepEqual(list.map((e) => [e.issue, e.sync]), [["OPS-1", "pending"], ["WEB-2", "synced"]]);
    await waitText("#count-waiting", /^1 waiting$/, 5000);
    // With two sites, each entry in the window says which. (The sync's message about the site
    // that is down may lie over the tabs: the tab is pressed as a keyboard would.)
    await driver.executeScript("document.getElementById('tab-entries').click()");
    await clickButton("‹");
    await waitText("li.entry .site", /\S/, 5000);
    // The entry the down site never got goes, so what follows starts with nothing left unsent.
    stint("rm", String(list[0].id));
    // Signed out of the second site in the window: the first stays signed in.
    await driver.executeScript("document.getElementById('tab-settings').click()");
    const out = await driver.wait(until.elementLocated(By.xpath(`//button[@aria-label='Sign out of ${secondUrl}/']`)), 5000);
    await driver.executeScript("arguments[0].click()", out);
    await driver.wait(() => stint("whoami", "--json").sites[1].signed_in === false, 5000);
    assert.equal(stint("whoami", "--json").signed_in, true, "the default site is still signed in");
  });

  test("a site whose worklogs go to Tempo: the window syncs there, billed to the project's Account", async () => {
    const site = start(join(bin, "stint-jira-server"), ["--tempo-site"]);
    const tempo = start(join(bin, "stint-tempo-server"), ["--no-rate-limit"]);
    for (let i = 0; i < 100 && !(/listening on \S+/.test(site.output) && /listening on \S+/.test(tempo.output)); i++) await sleep(50);
    const siteUrl = /listening on (\S+)/.exec(site.output)[1];
    const tempoUrl = /listening on (\S+)/.exec(tempo.output)[1];
    await screen(4);
    // (The last sync's message may lie over the card: clicked as a keyboard would.)
    const another = await driver.wait(until.elementLocated(By.css("details.another-site summary")), 5000);
    await driver.executeScript("arguments[0].click()", another);
    await driver.executeScript("arguments[0].click()", await driver.findElement(By.xpath("//details//label[contains(., 'email and API token')]/input")));
    await fill("#jira-site-input", siteUrl);
    await fill("#jira-email", "ada@example.com");
    await fill("#jira-token", "api-token-1");
    await clickButton("Sign in");
    await waitText("#jira-sites", new RegExp(siteUrl.replace(/[.:/]/g, "\\$&")), 15000);
    // The window's Tempo form, pointed at the stand-in's address.
    const tempoSummary = await driver.wait(until.elementLocated(By.css("details.tempo-sign-in summary")), 5000);
    await driver.executeScript("arguments[0].click()", tempoSummary);
    const choose = (id, value) =>
      driver.executeScript(
        "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        id,
        value,
      );
    await choose("tempo-site", `${siteUrl}/`);
    await choose("tempo-region", "address");
    await fill("#tempo-address", tempoUrl);
    await fill("#tempo-token", "tempo-token-1");
    await clickButton("Use Tempo");
    await waitText(".tempo", /go to Tempo \(127\.0\.0\.1/, 10000);
    const who = stint("whoami", "--json").sites.find((s) => s.site === `${siteUrl}/`);
    assert.equal(who.tempo_api, tempoUrl, "the window's choice is the CLI's");
    stint("site", "route", "ABC", siteUrl);
    const day = date(-1);
    stint("add", "ABC-1", "45m", "--at", `${day} 07:00`, "--note", "Tempo from the window");
    await clickButton("Sync now");
    await waitText(".announcer", /1 created/, 30000);
    const answer = await fetch(`${tempoUrl}/4/worklogs/user/5b10ac8d82e05b22cc7d4ef5?from=${day}&to=${day}`, {
      headers: { authorization: "Bearer tempo-token-1" },
    });
    const found = (await answer.json()).results;
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].issue.id, 10001);
    assert.equal(found[0].timeSpentSeconds, 45 * 60);
    assert.equal(found[0].description, "Tempo from the window");
    assert.deepEqual(found[0].attributes.values.map((a) => [a.key, a.value]).filter(([k]) => k === "_Account_"), [["_Account_", "ACME"]]);
    const jiraWorklogs = await fetch(`${siteUrl}/rest/api/3/issue/ABC-1/worklog`, {
      headers: { authorization: `Basic ${Buffer.from("ada@example.com:api-token-1").toString("base64")}` },
    });
    assert.equal((await jiraWorklogs.json()).worklogs.length, 0, "nothing in Jira's own worklogs");
    // Back to Jira's own worklogs is refused from the window while the entry is in Tempo.
    const back = await driver.wait(until.elementLocated(By.xpath(`//button[@aria-label='Send worklogs of ${siteUrl}/ to Jira instead of Tempo']`)), 5000);
    await driver.executeScript("arguments[0].click()", back);
    await waitText("#tempo-off-error", /already is in Tempo/, 5000);
  });

  test("starting the app again focuses the running one", async () => {
    const second = start(join(bin, "stint-desktop"), []);
    const code = await new Promise((ok) => {
      second.on("exit", ok);
      setTimeout(() => ok("still running"), 15000);
    });
    assert.equal(code, 0, `the second instance should hand over and exit: ${second.output}`);
    await waitText("h1.brand", /Stint/);
  });

  test("the window starts the tray, which outlives it and opens it again", async () => {
    // The window started the tray (stint-tray, beside it): it owns its name on the session bus.
    let owner = null;
    for (let i = 0; i < 100 && !owner; i++) {
      owner = trayOwner();
      if (!owner) await sleep(100);
    }
    assert.ok(owner, "the tray owns io.github.stint.Tray");
    const pid = gdbus("-d", "org.freedesktop.DBus", "-o", "/", "-m", "org.freedesktop.DBus.GetConnectionUnixProcessID", owner).match(/uint32 (\d+)/)[1];
    const item = () => gdbus("-d", "org.freedesktop.DBus", "-o", "/", "-m", "org.freedesktop.DBus.ListNames").match(new RegExp(`org\\.kde\\.StatusNotifierItem-${pid}-\\d+`))?.[0];
    assert.ok(item(), "its item is on the bus");
    const layout = () => gdbus("-d", item(), "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "@as []");
    assert.match(layout(), /'Open Stint'/);

    // The window closes: the tray stays, the same process.
    await driver.quit().catch(() => {});
    driver = undefined;
    await sleep(1000);
    assert.equal(trayOwner(), owner, "the tray outlived the window");

    // "Open Stint" in its menu starts the window again.
    const id = /<\((\d+), \{[^}]*'label': <'Open Stint'>/.exec(layout())[1];
    gdbus("-d", item(), "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.Event", id, "clicked", "<int32 0>", "0");
    let opened = false;
    for (let i = 0; i < 100 && !opened; i++) {
      opened = processes("stint-desktop").length > 0;
      if (!opened) await sleep(100);
    }
    assert.ok(opened, "the tray opened the window");
    for (const p of processes("stint-desktop")) process.kill(Number(p), "SIGTERM");
    await sleep(500);

    // A window under WebDriver again, for the tests below; it finds the tray running and keeps it.
    await openWindow();
    await sleep(1000);
    assert.equal(trayOwner(), owner, "starting the window again starts no second tray");
  });

  test("delete everything: the CLI's plan, then the window closes and nothing is left", async () => {
    await screen(5);
    await clickButton("Delete everything…");
    await waitText("[role=alertdialog]", /entries, 0 of them not in Jira/);
    await clickButton("Yes, delete everything");
    await waitText("main", /Everything was deleted/);
    // The window closes by itself; what it wrote on the way out goes too.
    for (let i = 0; i < 100 && existsSync(env.STINT_HOME); i++) await sleep(100);
    await sleep(1000);
    assert.equal(existsSync(env.STINT_HOME), false, `left behind: ${existsSync(env.STINT_HOME) ? readdirSync(env.STINT_HOME) : ""}`);
    await driver.quit().catch(() => {});
    driver = undefined;
  });

  test("`stint purge` in a terminal: the window says so, closes, and writes nothing back", async () => {
    await openWindow();
    await waitText("#welcome-heading", /Welcome to Stint/);
    assert.ok(existsSync(join(env.STINT_HOME, "stint.db")));
    stint("purge", "--yes");
    await waitText("main", /Stint's data was deleted/, 3000);
    for (let i = 0; i < 100 && existsSync(env.STINT_HOME); i++) await sleep(100);
    await sleep(3500);
    assert.equal(existsSync(env.STINT_HOME), false, `left behind: ${existsSync(env.STINT_HOME) ? readdirSync(env.STINT_HOME) : ""}`);
    await driver.quit().catch(() => {});
    driver = undefined;
  });
});
