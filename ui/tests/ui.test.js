// The window's UI in headless Chromium over the in-memory backend: every screen, each form's
// validation, the keyboard paths, light and dark, 200% zoom. Screenshots of every main screen are
// saved under ui/test-results/screenshots (or $STINT_SCREENSHOTS). The real app, with the Rust
// facade behind it, is driven by the end-to-end tests in tests/e2e.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";

import { browser, open, overflowsSideways, screenshot, serve } from "./harness.js";

let server;
let chromium;

before(async () => {
  server = await serve();
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await server?.close();
});

const SCREENS = [
  ["1", "timer"],
  ["2", "entries"],
  ["3", "week"],
  ["4", "settings"],
  ["5", "privacy"],
];

/** Shows a screen by its shortcut; the entries as a week, so their screenshot has some. */
async function show(page, key, name) {
  await page.keyboard.press(`Alt+${key}`);
  if (name === "entries") await page.getByRole("button", { name: "Week", exact: true }).click();
  await page.waitForTimeout(150);
}

const tab = (page, name) => page.getByRole("tab", { name });
const entries = (page, n) => page.waitForFunction((want) => document.querySelectorAll("li.entry").length === want, n, { timeout: 2000 });

describe("first run", () => {
  test("an empty database gets a welcome, not blank charts", async () => {
    const page = await open(chromium, server.url);
    await page.getByRole("heading", { name: "Welcome to Stint" }).waitFor();
    assert.equal(await page.locator("canvas").count(), 0);
    await screenshot(page, "welcome-light");
    // The week screen says there is nothing yet, and draws no chart.
    await tab(page, "Week").click();
    await page.getByText("Nothing tracked in this week").waitFor();
    assert.equal(await page.locator("canvas").count(), 0);
    assert.deepEqual(page.problems, []);
  });

  test("the first timer starts from the keyboard alone", async () => {
    const page = await open(chromium, server.url);
    await page.getByLabel("Jira issue").focus();
    await page.keyboard.type("abc-12");
    await page.keyboard.press("Enter");
    await page.locator(".now").getByText("ABC-12").waitFor();
    await page.getByRole("heading", { name: "Timer" }).waitFor();
  });

  test("a wrong key is refused with what to do", async () => {
    const page = await open(chromium, server.url);
    await page.getByLabel("Jira issue").fill("not a key");
    await page.getByRole("button", { name: "Start" }).click();
    const error = page.locator("#welcome-error");
    await error.waitFor();
    assert.match(await error.innerText(), /not a Jira issue key.*like PROJ-123/);
  });
});

describe("timer", () => {
  test("start, the floor shown before stopping, switch, stop", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.getByLabel("Issue", { exact: true }).fill("ABC-1");
    await page.getByLabel("Note (optional)").fill("pairing");
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.locator("#running-issue").getByText("ABC-1").waitFor();
    // Under a minute: the window says stopping keeps nothing, before anything is stopped.
    await page.locator("#stop-preview").getByText(/stopping now keeps nothing/).waitFor();
    await page.clock.fastForward("05:00");
    await page.locator("#stop-preview").getByText(/Stopping now saves 5m/).waitFor();
    await screenshot(page, "timer-light");

    // Switch: the form says so, and the previous one is saved.
    await page.getByLabel("Issue", { exact: true }).fill("OPS-7");
    await page.getByRole("button", { name: "Switch", exact: true }).click();
    await page.locator(".announcer").getByText(/Tracking OPS-7\. ABC-1 saved \(5m\)/).waitFor();

    // Alt+S stops.
    await page.clock.fastForward("02:00");
    await page.keyboard.press("Alt+s");
    await page.locator(".announcer").getByText(/Saved 2m on OPS-7/).waitFor();
    await page.getByText("No timer is running.").waitFor();
    assert.deepEqual(page.problems, []);
  });

  test("one click starts a recent issue again, or continues an entry, with titles beside keys", async () => {
    const page = await open(chromium, server.url, { seed: true });
    // Recent issues, newest first, with the titles Stint keeps.
    const recent = page.getByRole("group", { name: "Start again" });
    await recent.getByRole("button").first().waitFor();
    assert.deepEqual(await recent.getByRole("button").evaluateAll((b) => b.map((x) => x.getAttribute("aria-label"))), [
      "Start XYZ-9",
      "Start ABC-1 Login page",
      "Start ABC-2 Checkout flow",
      "Start OPS-7 Rotate certificates",
    ]);
    await recent.getByRole("button", { name: "Start ABC-2 Checkout flow" }).click();
    await page.locator("#running-issue").getByText("ABC-2").waitFor();
    // Now they switch; the running one is not offered.
    const switching = page.getByRole("group", { name: "Switch to" });
    await switching.getByRole("button", { name: "Switch to XYZ-9" }).waitFor();
    assert.equal(await switching.getByRole("button", { name: /ABC-2/ }).count(), 0);
    // ▶ Continue on an entry: its issue and note, from now; the title shows beside its key.
    await show(page, "2", "entries");
    const review = page.locator("li.entry", { hasText: "review" });
    assert.match(await review.locator(".summary").innerText(), /Login page/);
    await review.getByRole("button", { name: /^Continue ABC-1/ }).click();
    await page.locator(".announcer").getByText(/Tracking ABC-1\./).waitFor();
    await page.locator(".now").getByText(/ABC-1/).waitFor();
    const status = await page.evaluate(() => window.stintMemory.status());
    assert.equal(status.running.note, "review");
  });

  test("today's progress against the daily target", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(async () => {
      await window.stintMemory.addEntry({ issue: "ABC-4", duration: "2h", at: "2026-11-27 09:00", note: null, local_only: false });
      window.stintMemory.changedElsewhere();
    });
    await page.locator("#today-words").getByText(/Today 2h 00m of 8h 00m · 6h 00m to go/).waitFor();
    const meter = page.locator("#today-meter");
    assert.deepEqual([await meter.getAttribute("aria-valuenow"), await meter.getAttribute("aria-valuemax")], ["7200", "28800"]);
    assert.equal(await meter.locator(".fill").getAttribute("style"), "width: 25%;");
    // Past the target: said as over, the bar full.
    await page.evaluate(async () => {
      await window.stintMemory.addEntry({ issue: "ABC-4", duration: "8h", at: "2026-11-27 00:30", note: null, local_only: false });
      window.stintMemory.changedElsewhere();
    });
    await page.locator("#today-words").getByText(/Today 10h 00m of 8h 00m · 2h 00m over/).waitFor();
    assert.equal(await meter.getAttribute("aria-valuenow"), "28800");
    assert.equal(await meter.locator(".fill").getAttribute("style"), "width: 100%;");
  });

  test("the header's clock and the big clock agree, whenever the Timer screen is shown", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => window.stintMemory.external("start", "ABC-3"));
    await page.locator(".now").getByText(/ABC-3/).waitFor();
    await page.keyboard.press("Alt+3");
    await page.clock.runFor(30_000);
    await page.keyboard.press("Alt+1");
    await page.locator(".clock").waitFor();
    const [header, big] = await page.evaluate(() => [document.querySelector(".now .num")?.textContent, document.querySelector(".clock")?.textContent]);
    assert.equal(big, header, "one clock");
    assert.deepEqual(page.problems, []);
  });

  test("the issue picker is a keyboard combobox", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+t");
    const input = page.getByRole("combobox", { name: "Issue" });
    assert.equal(await input.evaluate((el) => el === document.activeElement), true);
    await page.keyboard.type("rot");
    // Down at once: the suggestions for the empty field (ABC-1 first) may still be shown, and
    // must not be what Down and Enter pick.
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => [...document.querySelectorAll("[role=option]")].map((o) => o.textContent).join() === "OPS-7 Rotate certificates");
    await page.keyboard.press("ArrowDown");
    assert.equal(await input.getAttribute("aria-activedescendant"), "start-issue-list-0");
    await page.keyboard.press("Enter");
    assert.equal(await input.inputValue(), "OPS-7");
    assert.equal(await page.getByRole("listbox").count(), 0);
  });

  test("with nothing to suggest, no pop-up lies over the Start button", async () => {
    const page = await open(chromium, server.url, { seed: true });
    const input = page.getByRole("combobox", { name: "Issue" });
    await input.fill("rot");
    await page.getByRole("option", { name: /OPS-7/ }).waitFor();
    await input.fill("ZZZ-9");
    // The suggestions for ZZZ-9 are none: the pop-up goes, rather than staying with "no suggestions".
    await page.locator(".picker-pop").waitFor({ state: "detached", timeout: 2000 });
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    // A click lands on Start the first time (a trial click fails if anything intercepts it).
    await page.getByRole("button", { name: "Start", exact: true }).click({ trial: true, timeout: 1000 });
  });

  test("a timer started in another process shows up", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => window.stintMemory.external("start", "CLI-9"));
    await page.locator(".now").getByText("CLI-9").waitFor({ timeout: 1000 });
    await page.evaluate(() => window.stintMemory.external("stop"));
    await page.locator(".now").getByText("Not tracking").waitFor({ timeout: 1000 });
  });
});

describe("entries", () => {
  test("day and week lists, edit with validation, split, merge, delete and undo", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+2");
    await page.getByRole("heading", { name: "Entries" }).waitFor();
    await page.getByRole("button", { name: "Week" }).click();
    await page.locator("li.entry").first().waitFor();
    const count = await page.locator("li.entry").count();
    assert.ok(count >= 3, `a week of entries, saw ${count}`);
    await screenshot(page, "entries-light");

    // Edit: a bad duration is refused in the row, with the fix; nothing changes.
    const first = page.locator("li.entry").first();
    const issue = await first.locator(".issue").innerText();
    await first.getByRole("button", { name: /^Edit/ }).click();
    // The start field takes the focus as the form opens.
    await page.waitForFunction(() => document.activeElement?.id?.endsWith("-start"));
    await first.getByLabel("Duration").fill("forever");
    await first.getByRole("button", { name: "Save" }).click();
    assert.match(await first.getByRole("alert").innerText(), /`forever` is not a duration \(each part needs a number before its unit\): write it like 1h30m/);
    await first.getByLabel("Duration").fill("2h");
    await first.getByLabel("Note").fill("changed note");
    await first.getByRole("button", { name: "Save" }).click();
    await page.locator("li.entry").first().getByText("changed note").waitFor();
    assert.equal(await page.locator("li.entry").first().locator(".dur").innerText(), "2h 00m");

    // Split it in the middle.
    await page.locator("li.entry").first().getByRole("button", { name: /^Split/ }).click();
    await page.waitForFunction(() => document.activeElement?.id?.startsWith("split-"));
    await page.locator("li.entry").first().getByRole("button", { name: "Split", exact: true }).click();
    await page.locator(".announcer").getByText(/Split .* into 1h 00m and 1h 00m/).waitFor();
    await entries(page, count + 1);

    // The two halves touch and are one issue: merge them back.
    await page.locator("li.entry").first().getByRole("button", { name: /^Merge/ }).click();
    await page.locator(".announcer").getByText(/Merged into one .* entry of 2h 00m/).waitFor();
    await entries(page, count);

    // Delete, then undo.
    await page.locator("li.entry").first().getByRole("button", { name: /^Delete/ }).click();
    await page.locator(".undo").waitFor();
    await entries(page, count - 1);
    await page.locator(".undo").getByRole("button", { name: "Undo" }).click();
    await page.locator(".announcer").getByText(`${issue} is back.`).waitFor();
    await entries(page, count);
    assert.deepEqual(page.problems, []);
  });

  test("Enter twice or a double-click on Delete deletes one entry, and Undo takes its place", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await show(page, "2", "entries");
    const count = await page.locator("li.entry").count();
    const first = page.locator("li.entry").first();
    const issue = (await first.locator(".issue").innerText()).trim();
    await first.getByRole("button", { name: /^Delete/ }).focus();
    await page.keyboard.press("Enter");
    await entries(page, count - 1);
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ""), /Undo/, "the focus is on Undo, not on the next Delete");
    await page.keyboard.press("Enter");
    await page.locator(".announcer").getByText(`${issue} is back.`).waitFor();
    await entries(page, count);

    const box = await page.locator("li.entry").first().getByRole("button", { name: /^Delete/ }).boundingBox();
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(300);
    const left = await page.locator("li.entry").count();
    assert.ok(left >= count - 1, `a double-click deleted ${count - left} entries`);
    assert.deepEqual(page.problems, []);
  });

  test("overlaps are flagged and Jira's refusal is shown", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(async () => {
      const m = window.stintMemory;
      await m.addEntry({ issue: "ABC-5", duration: "1h", at: "2026-11-26 09:30", note: null, local: false });
      const bad = await m.addEntry({ issue: "ABC-6", duration: "30m", at: "2026-11-26 13:00", note: null, local: false });
      m.refuse(bad.id, "Worklog must not be null: the issue does not accept worklogs");
    });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    await page.getByText(/Overlaps XYZ-9 at 09:00/).first().waitFor();
    await page.getByText("Jira refused it: Worklog must not be null: the issue does not accept worklogs").waitFor();
    await page.locator(".badge-failed").waitFor();
  });

  test("a removal Jira refused stays in sight, on its issue, with Retry and Keep", async () => {
    const page = await open(chromium, server.url, { seed: true });
    const id = await page.evaluate(async () => {
      const m = window.stintMemory;
      const gone = await m.addEntry({ issue: "ABC-7", duration: "1h", at: "2026-11-26 15:00", note: null, local: false });
      await m.removeEntry(gone.id);
      m.refuseDeletion(gone.id, "You do not have the permission to delete this worklog.");
      return gone.id;
    });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    const row = page.locator(`.entry.removed[data-id="${id}"]`);
    await row.getByText("deleted here, still in Jira").waitFor();
    await row.getByText(/Jira would not delete this entry's worklog on ABC-7, so it stays there/).waitFor();
    await row.getByText(/Retry once you may delete worklogs there/).waitFor();
    assert.equal(await row.getByRole("button", { name: /^Delete / }).count(), 0, "nothing to delete twice");
    await row.getByRole("button", { name: /^Retry deleting ABC-7/ }).click();
    await page.locator(".announcer").getByText("ABC-7: its deletion is asked again at the next sync.").waitFor();
    await row.waitFor({ state: "detached" });
    assert.deepEqual(page.problems, []);
  });

  test("what a read-back of Jira found: settled with a button, time logged elsewhere shown and adopted", async () => {
    const page = await open(chromium, server.url, { seed: true });
    const ids = await page.evaluate(async () => {
      const m = window.stintMemory;
      const mine = await m.addEntry({ issue: "ABC-8", duration: "1h", at: "2026-11-26 15:00", note: null, local: false });
      const gone = await m.addEntry({ issue: "ABC-9", duration: "30m", at: "2026-11-26 17:00", note: null, local: false });
      m.conflict(mine.id, 2 * 3600);
      m.deletedInJira(gone.id);
      m.readBack(
        [{ worklog_id: "10042", issue: "OPS-3", started: "2026-11-26T18:00:00+00:00", seconds: 1800, logged: "elsewhere" }],
        Date.parse("2026-11-26T18:45:00Z"),
      );
      return { mine: mine.id, gone: gone.id };
    });
    // The timer screen shows Stint's figure for today, time logged elsewhere today included.
    const today = await page.evaluate(async () => {
      const m = window.stintMemory;
      m.readBack([...(await m.listInJira(null, null)).worklogs, { worklog_id: "10043", issue: "OPS-4", started: new Date(m.now() - 3600_000).toISOString().replace(/\.\d+Z$/, "+00:00"), seconds: 900, logged: "elsewhere" }]);
      return m.formatDuration((await m.status()).today_seconds);
    });
    await page.keyboard.press("Alt+1");
    await page.locator("#today-total").getByText(today, { exact: true }).waitFor();
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    const mine = page.locator(`.entry[data-id="${ids.mine}"]`);
    await mine.getByText("changed here and in Jira").waitFor();
    await page.locator(`.entry[data-id="${ids.gone}"]`).getByText("deleted in Jira").waitFor();
    const theirs = page.locator('.entry.in-jira[data-worklog="10042"]');
    await theirs.getByText("in Jira, not from Stint").waitFor();
    await page.locator("#range-total").getByText(/30m logged in Jira, not from Stint/).waitFor();
    await page.getByText(/\(as of [^)]*\d\d:\d\d[^)]*\)/).waitFor();

    await mine.getByRole("button", { name: /^Take Jira's ABC-8/ }).click();
    await page.locator(".announcer").getByText("ABC-8 now has Jira's values.").waitFor();
    await mine.getByText("2h").waitFor();
    assert.equal(await mine.getByRole("button", { name: /Keep this machine's/ }).count(), 0, "settled: no more choice");
    await page.locator(`.entry[data-id="${ids.gone}"]`).getByRole("button", { name: /^Send ABC-9 .* to Jira again/ }).click();
    await page.locator(".announcer").getByText("ABC-9 goes to Jira again at the next sync.").waitFor();
    await theirs.getByRole("button", { name: /^Edit OPS-3 at .* here/ }).click();
    await page.locator(".announcer").getByText("OPS-3 is now an entry here: edit it like any other.").waitFor();
    await theirs.waitFor({ state: "detached" });
    await page.locator(".entry:not(.in-jira)").getByText("OPS-3").waitFor();
    assert.deepEqual(page.problems, []);
  });

  test("a message goes after a while, and a new one starts its own time", async () => {
    const page = await open(chromium, server.url, { seed: true });
    const toast = page.locator(".announcer");
    await show(page, "2", "entries");
    await page.locator("li.entry").first().getByRole("button", { name: /^Delete / }).click();
    await toast.getByText(/^Deleted /).waitFor();
    await page.clock.runFor(4_000);
    assert.match(await toast.textContent(), /^Deleted /, "still there to be read");
    await page.getByRole("button", { name: "Undo" }).click();
    await toast.getByText(/ is back\.$/).waitFor();
    await page.clock.runFor(4_000);
    assert.match(await toast.textContent(), / is back\.$/, "the new one has its own time");
    await page.clock.runFor(12_000);
    assert.equal(await toast.textContent(), "", "gone after a while");
    assert.equal(await toast.isVisible(), false);
    assert.deepEqual(page.problems, []);
  });

  test("Log time on the day shown: a time of day alone lands on that day", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    await page.getByRole("button", { name: "Previous day" }).click();
    await page.getByRole("button", { name: "Log time" }).click();
    await page.getByText(/HH:MM on /).waitFor();
    await page.getByLabel("Issue", { exact: true }).fill("ABC-4");
    await page.getByLabel("Duration", { exact: true }).fill("30m");
    await page.getByLabel("Start (optional)").fill("16:00");
    await page.getByRole("button", { name: "Log it" }).click();
    await page.locator(".announcer").getByText(/Logged 30m on ABC-4/).waitFor();
    await page.locator("li.entry").getByText("ABC-4").waitFor();
    const started = await page.evaluate(async () => (await window.stintMemory.listEntries(null, null)).find((e) => e.issue === "ABC-4").started);
    assert.equal(started.slice(0, 16), "2026-11-25T16:00", "two days before the page's today (27 Nov), at 16:00");
    assert.deepEqual(page.problems, []);
  });

  test("the fields of the Log time form and of an edit row sit on one line", async () => {
    for (const width of [1100, 800]) {
      const page = await open(chromium, server.url, { seed: true, width });
      await show(page, "2", "entries");
      await page.getByRole("button", { name: "Log time" }).click();
      await page.locator("li.entry").first().getByRole("button", { name: /^Edit / }).click();
      const staggered = await page.evaluate(() => {
        const found = [];
        for (const row of document.querySelectorAll("#add-form .row, form.edit")) {
          const boxes = [...row.querySelectorAll("input[type=text], input:not([type])")].map((i) => i.getBoundingClientRect());
          // Two inputs side by side (one ends before the other starts) on one line of the form
          // (less than an input's height apart) must share their top.
          for (const a of boxes) {
            for (const b of boxes) {
              const sideBySide = a.right <= b.left;
              const oneLine = Math.abs(a.top - b.top) < a.height * 1.5;
              if (sideBySide && oneLine && Math.round(a.top) !== Math.round(b.top)) found.push(`${row.id || row.className}: ${Math.round(a.top)} vs ${Math.round(b.top)}`);
            }
          }
        }
        return found;
      });
      assert.deepEqual(staggered, [], `at ${width} px`);
      assert.deepEqual(page.problems, []);
    }
  });

  test("log time after the fact, with the form's checks", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Log time" }).click();
    await page.getByLabel("Issue", { exact: true }).fill("ABC-3");
    await page.getByLabel("Duration").fill("30s");
    await page.getByRole("button", { name: "Log it" }).click();
    assert.match(await page.locator("#add-error").innerText(), /not a duration|shorter than one minute/);
    await page.getByLabel("Duration").fill("45m");
    await page.getByRole("button", { name: "Log it" }).click();
    await page.locator(".announcer").getByText("Logged 45m on ABC-3.").waitFor();
    await page.locator("li.entry .issue", { hasText: "ABC-3" }).waitFor();
  });
});

describe("one figure for one thing", () => {
  test("today, the week and the header count the same time the same way, running timer included", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(async () => {
      const m = window.stintMemory;
      // Today: 30m kept here only, and a timer running for 2 minutes. Thursday's XYZ-9 is refused.
      await m.addEntry({ issue: "ABC-4", duration: "30m", at: "2026-11-27 09:00", note: null, local_only: true });
      m.refuse(5, "Worklog must not be null: the issue does not accept worklogs");
      m.external("start", "ABC-3");
    });
    // The header: what the next sync sends, and what Jira refused, apart.
    await page.locator("#count-waiting").getByText("1 waiting").waitFor();
    await page.locator("#count-refused").getByText("1 refused").waitFor();
    // Entries' today counts the running timer, as the Week screen's Friday does.
    await page.keyboard.press("Alt+2");
    await page.locator("#range-total").getByText(/32m: 1 entry and the running timer \(2m\)/).waitFor();
    await page.keyboard.press("Alt+3");
    const friday = page.getByRole("table", { name: "Hours per day" }).getByRole("row", { name: /Fri 27 Nov/ });
    assert.match(await friday.innerText(), /32m/);
    // Waiting to sync is what the next sync sends; the rest is said apart, each once.
    assert.match(await page.locator("#tile-waiting").innerText(), /4h 00m\s+and 6h 00m refused by Jira, 30m kept here only, 2m running/);
    // A minute on, the totals are Stint's again without a click.
    await page.clock.runFor(61_000);
    await page.locator("#tile-total").getByText("20h 33m").waitFor();
    await page.keyboard.press("Alt+2");
    await page.locator("#range-total").getByText(/33m: 1 entry/).waitFor();
    // The counts lead to the entries they count, of any day; back to all with one click.
    const listed = (want) => page.waitForFunction((w) => [...document.querySelectorAll("li.entry .issue")].map((e) => e.textContent).join() === w, want, { timeout: 2000 });
    await page.locator("#count-refused").click();
    await page.getByText(/Refused by Jira · 1 entry, of any day/).waitFor();
    await listed("XYZ-9");
    await page.locator("#count-waiting").click();
    await page.getByText(/Waiting to sync · 1 entry, of any day/).waitFor();
    await listed("ABC-1");
    await page.getByRole("button", { name: "Show all entries" }).click();
    await page.locator("#range-total").getByText(/33m: 1 entry/).waitFor();
    assert.deepEqual(page.problems, []);
  });

  test("a deletion waiting for the next sync is among what waits, and can be kept", async () => {
    const page = await open(chromium, server.url, { seed: true });
    // Monday's ABC-1 is in Jira; deleting it here waits for the next sync to delete it there.
    await show(page, "2", "entries");
    await page.getByRole("button", { name: "Delete ABC-1 at 09:00" }).first().click();
    await page.locator("#count-waiting").getByText("3 waiting").waitFor();
    await page.locator("#count-waiting").click();
    await page.getByText(/Waiting to sync · 2 entries and 1 deletion, of any day/).waitFor();
    await page.getByText("deleted here: goes from Jira at the next sync").waitFor();
    // Kept: no deletion waits; the entry goes to Jira again as it is (still three to send).
    await page.getByRole("button", { name: /^Keep ABC-1/ }).click();
    await page.getByText("deleted here: goes from Jira at the next sync").waitFor({ state: "detached" });
    await page.getByText(/Waiting to sync · 3 entries, of any day/).waitFor();
  });

  test("the header stays in view while the screen scrolls, and the window's title says what runs", async () => {
    const page = await open(chromium, server.url, { seed: true, height: 500 });
    await page.evaluate(() => window.stintMemory.external("start", "ABC-3"));
    await page.keyboard.press("Alt+3");
    await page.locator("#tile-total").waitFor();
    await page.mouse.wheel(0, 2000);
    await page.waitForFunction(() => window.scrollY > 300);
    const top = await page.locator("header.top").boundingBox();
    assert.equal(Math.round(top.y), 0, "the header is at the top of the view");
    assert.match(await page.title(), /^ABC-3 0:02:\d\d · Stint$/);
  });
});

describe("week", () => {
  test("the week at a glance, with its numbers", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+3");
    await page.locator("#tile-total").getByText("20h 00m").waitFor();
    assert.match(await page.locator("#tile-synced").innerText(), /10h 00m/);
    assert.match(await page.locator("#tile-waiting").innerText(), /10h 00m/);
    assert.equal(await page.locator("canvas").count(), 4);
    const issues = await page.locator("#share-issues tbody tr").allInnerTexts();
    assert.deepEqual(
      issues.map((r) => r.split("\t").slice(0, 2).join(" ")),
      ["ABC-1 7h 00m", "XYZ-9 6h 00m", "ABC-2 5h 00m", "OPS-7 2h 00m"],
    );
    const projects = await page.locator("#share-projects tbody tr").allInnerTexts();
    assert.deepEqual(
      projects.map((r) => r.split("\t").slice(0, 2).join(" ")),
      ["ABC 12h 00m", "XYZ 6h 00m", "OPS 2h 00m"],
    );
    await screenshot(page, "week-light");
    await page.getByRole("button", { name: "Previous week" }).click();
    await page.getByText("Nothing tracked in this week").waitFor();
    await page.getByRole("button", { name: "This week" }).click();
    await page.locator("#tile-total").getByText("20h 00m").waitFor();
  });

  test("the daily target is a mark on each working day, not a line sloping into the weekend", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+3");
    await page.locator("#tile-total").getByText("20h 00m").waitFor();
    // The target's colour, read from the page; then where the chart drew it.
    const drawn = async () =>
      page.evaluate(() => {
        const hex = getComputedStyle(document.documentElement).getPropertyValue("--chart-4").trim();
        const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        const canvas = document.querySelector(".chart-days canvas");
        const { width, height } = canvas;
        const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
        // Each row's runs of target-coloured pixels, then bands of neighbouring rows.
        const runsIn = (y) => {
          const runs = [];
          for (let x = 0; x < width; x++) {
            const at = (y * width + x) * 4;
            const hit = data[at + 3] > 200 && want.every((c, i) => Math.abs(data[at + i] - c) < 24);
            if (hit && (runs.length === 0 || runs[runs.length - 1][1] !== x - 1)) runs.push([x, x]);
            else if (hit) runs[runs.length - 1][1] = x;
          }
          return runs;
        };
        const bands = [];
        for (let y = 0; y < height; y++) {
          const runs = runsIn(y);
          if (runs.length === 0) continue;
          const last = bands[bands.length - 1];
          if (last && last.to === y - 1) {
            last.to = y;
            last.runs = Math.max(last.runs, runs.length);
          } else bands.push({ from: y, to: y, runs: runs.length });
        }
        return bands.map((b) => ({ rows: b.to - b.from + 1, runs: b.runs }));
      });
    let bands = await drawn();
    for (let i = 0; i < 40 && !bands.some((b) => b.runs === 5); i++) {
      await page.waitForTimeout(50);
      bands = await drawn();
    }
    // Five working days of 8 h: five dashes at one height (and the legend's dash). A line down to
    // Saturday's none would make a band many rows tall, its dashes joined into one.
    assert.ok(bands.some((b) => b.runs === 5), `no band of five marks: ${JSON.stringify(bands)}`);
    assert.ok(bands.every((b) => b.rows <= 4), `the target slopes: ${JSON.stringify(bands)}`);
  });

  test("export the week, or a range", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+3");
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByText(/Saved \d+ entries to .*stint-2026-11-23-2026-11-29\.csv/).waitFor();
    await page.getByLabel("From … to …").check();
    await page.getByLabel("JSON").check();
    await page.getByLabel("From", { exact: true }).fill("2026-11-01");
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByText(/stint-2026-11-01-2026-11-29\.json/).waitFor();
  });
});

describe("timesheet and timeline", () => {
  const cell = (page, issue, day) => page.getByRole("textbox", { name: `${issue} on ${day}`, exact: true });
  const started = (page, issue) => page.evaluate(async (key) => (await window.stintMemory.listEntries(null, null)).filter((e) => e.issue === key).map((e) => [e.started.slice(0, 16), e.seconds]), issue);

  test("the timesheet: issues by days, typing 2h logs it, one entry's cell changes it, several say so", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+3");
    await page.getByRole("button", { name: "Timesheet" }).click();
    const rows = await page.locator("table.sheet tbody th").allInnerTexts();
    assert.deepEqual(rows.map((r) => r.split("\n")[0]), ["ABC-1", "ABC-2", "OPS-7", "XYZ-9"]);
    assert.match(await page.locator("table.sheet tbody tr").first().innerText(), /Login page/, "the title beside the key");
    assert.equal(await cell(page, "ABC-1", "Monday, 23 November 2026").inputValue(), "3h00m");
    const foot = await page.locator("table.sheet tfoot tr").innerText();
    assert.match(foot, /Total\s+5h 00m\s+of 8h 00m\s+5h 00m/, "each day's total against its target");
    assert.match(foot, /20h 00m\s+of 40h 00m/);

    // An empty cell, keyboard only: type, Enter saves and goes down a row.
    const thursday = cell(page, "ABC-1", "Thursday, 26 November 2026");
    await thursday.focus();
    await page.keyboard.type("2h");
    await page.keyboard.press("Enter");
    await page.locator(".announcer").getByText(/Logged 2h on ABC-1, Thursday/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "ABC-2 on Thursday, 26 November 2026");
    assert.deepEqual(await started(page, "ABC-1"), [["2026-11-23T09:00", 10800], ["2026-11-25T09:00", 14400], ["2026-11-26T15:00", 7200]], "after Thursday's XYZ-9, 09:00-15:00");
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "ABC-1 on Thursday, 26 November 2026");

    // A cell of one entry: the duration becomes the entry's.
    const monday = cell(page, "ABC-1", "Monday, 23 November 2026");
    await monday.fill("1h30m");
    await monday.press("Enter");
    await page.locator(".announcer").getByText(/ABC-1 on Monday, 23 November 2026 is now 1h30m/).waitFor();
    assert.deepEqual((await started(page, "ABC-1"))[0], ["2026-11-23T09:00", 5400]);

    // A wrong duration: said at the sheet, the cell as it was, nothing changed.
    await monday.fill("forever");
    await monday.press("Enter");
    await page.locator("#sheet-error").getByText(/ABC-1, Monday, 23 November 2026: `forever` is not a duration/).waitFor();
    assert.equal(await monday.inputValue(), "1h30m");

    // Two entries in one cell: it says so and is not a field.
    await page.evaluate(() => window.stintMemory.addEntry({ issue: "OPS-7", duration: "30m", at: "2026-11-23 16:00", note: null, local_only: false }).then(() => window.stintMemory.changedElsewhere()));
    const ops = page.locator("table.sheet tbody tr", { hasText: "OPS-7" });
    await ops.getByText("2 entries").waitFor();
    assert.equal(await cell(page, "OPS-7", "Monday, 23 November 2026").count(), 0);

    // A row for another issue, then time in it.
    await page.getByLabel("Add a row for an issue").fill("ABC-2");
    await page.getByRole("button", { name: "Add row" }).click();
    await page.getByLabel("Add a row for an issue").fill("ABC-4");
    await page.getByRole("button", { name: "Add row" }).click();
    await cell(page, "ABC-4", "Friday, 27 November 2026").fill("45m");
    await cell(page, "ABC-4", "Friday, 27 November 2026").press("Enter");
    await page.locator(".announcer").getByText(/Logged 45m on ABC-4/).waitFor();
    assert.deepEqual(await started(page, "ABC-4"), [["2026-11-27T09:00", 2700]]);
    await screenshot(page, "timesheet-light");
    assert.deepEqual(page.problems, []);
  });

  test("the timeline: blocks on the day's hours, moved and resized by keys and by dragging, a free stretch logged into", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    const timeline = page.getByRole("group", { name: "Timeline of Thursday, 26 November 2026" });
    const block = timeline.getByRole("button", { name: /^XYZ-9 09:00–15:00, 6h 00m, waiting to sync/ });
    await block.waitFor();
    assert.deepEqual(await timeline.locator(".tick").allInnerTexts(), ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"]);

    // Keys: two steps later, Enter saves; the end one step earlier; Esc puts a change back.
    await block.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.locator(".announcer").getByText("XYZ-9 now runs 09:10–15:10.").waitFor();
    assert.deepEqual(await started(page, "XYZ-9"), [["2026-11-26T09:10", 21600]]);
    const moved = timeline.getByRole("button", { name: /^XYZ-9 09:10–15:10/ });
    await moved.focus();
    await page.keyboard.press("Shift+ArrowLeft");
    await page.keyboard.press("Enter");
    await page.locator(".announcer").getByText("XYZ-9 now runs 09:10–15:05.").waitFor();
    await timeline.getByRole("button", { name: /^XYZ-9 09:10–15:05/ }).focus();
    await page.keyboard.press("Alt+ArrowLeft");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.deepEqual(await started(page, "XYZ-9"), [["2026-11-26T09:10", 21300]], "Esc kept it as it was");

    // Dragging: the start edge an hour earlier (an hour is an eighth of the 09:00-17:00 axis).
    const track = await timeline.locator(".track").boundingBox();
    const edge = await timeline.locator(".block .edge-start").boundingBox();
    await page.mouse.move(edge.x + 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + 2 - track.width / 8 / 2, edge.y + 5, { steps: 4 });
    await page.mouse.move(edge.x + 2 - track.width / 8, edge.y + 5, { steps: 4 });
    await page.mouse.up();
    await page.locator(".announcer").getByText(/XYZ-9 now runs 08:10–15:05/).waitFor();
    assert.deepEqual(await started(page, "XYZ-9"), [["2026-11-26T08:10", 24900]]);

    // A free stretch: the form opens on it, the issue is what is left to say.
    await timeline.getByRole("button", { name: "Free 15:05–17:00: add an entry here" }).click();
    await page.waitForFunction(() => document.activeElement?.id === "add-issue", null, { timeout: 2000 });
    assert.equal(await page.getByLabel("Start (optional)").inputValue(), "2026-11-26 15:05");
    assert.equal(await page.getByLabel("Duration", { exact: true }).inputValue(), "1h55m");
    await page.keyboard.type("ABC-2");
    await page.getByRole("button", { name: "Log it" }).click();
    await page.locator(".announcer").getByText(/Logged 1h 55m on ABC-2/).waitFor();
    await timeline.getByRole("button", { name: /^ABC-2 15:05–17:00/ }).waitFor();
    await screenshot(page, "timeline-light");
    assert.deepEqual(page.problems, []);
  });
});

describe("import", () => {
  test("import a Toggl file: choose it, see Stint's preview, give an issue for what has no key, confirm", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Import…" }).click();
    const form = page.locator("#import-form");
    await form.getByRole("button", { name: "Preview" }).click();
    await form.locator("#import-error").getByText("Choose a file to import first.").waitFor();

    // A file Stint cannot read: said, with the way out in the window's words.
    await page.setInputFiles("#import-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await form.getByRole("button", { name: "Preview" }).click();
    await form.locator("#import-error").getByText(/Could not tell what kind of file this is.*Choose the file's format under Format/).waitFor();

    await page.setInputFiles("#import-file", new URL("./fixtures/toggl.csv", import.meta.url).pathname);
    await form.getByRole("button", { name: "Preview" }).click();
    await form.getByRole("heading", { name: /Toggl Track: 2 entries to import, 2h 30m/ }).waitFor();
    assert.match(await form.locator(".import-skips").innerText(), /line 4 \[Code review\]: no issue key in its tags, project or description/);
    assert.deepEqual(
      (await form.locator("table tbody tr").allInnerTexts()).map((r) => r.split("\t").join(" ")),
      ["ABC-12 ABC-12 1 1h 30m", "OPS-4 OPS-4 1 1h 00m"],
    );
    await form.getByText("They stay on this machine").waitFor();
    await screenshot(page, "import-light");

    // What has no key goes to OPS-1: a new choice, a new preview.
    await page.getByLabel("Issue for entries without a key (optional)").fill("OPS-1");
    await page.keyboard.press("Escape");
    assert.equal(await form.getByRole("button", { name: /^Import \d/ }).count(), 0, "a changed choice takes the old preview away");
    await form.getByRole("button", { name: "Preview" }).click();
    await form.getByRole("heading", { name: /3 entries to import, 2h 50m/ }).waitFor();
    await form.getByRole("button", { name: "Import 3 entries" }).click();
    await page.locator(".announcer").getByText("Imported 3 entries from Toggl Track.").waitFor();
    assert.equal(await page.locator("#import-form").count(), 0);
    const imported = await page.evaluate(async () => (await window.stintMemory.listEntries("2026-11-20", "2026-11-24")).map((e) => [e.issue, e.started.slice(0, 16), e.seconds, e.sync]));
    assert.deepEqual(imported.filter(([issue]) => ["ABC-12", "OPS-4", "OPS-1"].includes(issue)), [
      ["ABC-12", "2026-11-20T08:15", 5400, "local"],
      ["OPS-4", "2026-11-23T13:30", 3600, "local"],
      ["OPS-1", "2026-11-24T09:00", 1200, "local"],
    ]);
    assert.deepEqual(page.problems, []);
  });
});

describe("settings", () => {
  test("a setting is checked by Stint, and the message shown at the field", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    const target = page.getByRole("textbox", { name: "Daily target" });
    await target.fill("30h");
    await target.press("Enter");
    const error = page.locator("#setting-daily_target-error");
    await error.waitFor();
    assert.match(await error.innerText(), /out of range.*between 0 \(none\) and 24h/);
    assert.equal(await target.getAttribute("aria-invalid"), "true");
    await target.fill("7h30m");
    await target.press("Enter");
    await page.locator(".announcer").getByText("Daily target saved.").waitFor();
    await page.getByText("From the config file.").first().waitFor();
    await screenshot(page, "settings-light");
  });

  test("a setting shows as Stint keeps it after Save, and its help reads as a sentence", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    const form = page.getByRole("form", { name: /^Idle gap/ });
    const field = form.getByRole("textbox");
    await field.fill("90m");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Saved.").waitFor();
    assert.equal(await field.inputValue(), "1h30m", "the field says what Stint keeps");
    assert.equal(await form.getByRole("button", { name: "Save" }).isDisabled(), true, "nothing left to save");
    const helps = await page.locator("form.setting .hint").allInnerTexts();
    for (const help of helps) {
      assert.ok(!help.includes("`"), `no literal backticks: ${help}`);
      assert.ok(!help.includes("…."), `no "….": ${help}`);
    }
    assert.ok(await page.locator("form.setting .hint code").count() > 0, "quoted words as code");
    assert.deepEqual(page.problems, []);
  });

  test("settings are the controls they are: a switch, a list to pick from, days to tick", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    // A switch saves as it is flipped.
    const reminders = page.getByRole("switch", { name: /^Reminders/ });
    assert.equal(await reminders.isChecked(), true);
    await reminders.click();
    await page.getByRole("form", { name: /^Reminders/ }).getByText("Saved.").waitFor();
    assert.equal(await reminders.isChecked(), false);
    // A choice offers only what Stint takes.
    const start = page.getByRole("combobox", { name: /^Week starts/ });
    assert.deepEqual(await start.locator("option").allInnerTexts(), ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
    await start.selectOption("sunday");
    await page.getByRole("form", { name: /^Week starts/ }).getByText("Saved.").waitFor();
    // Days are ticked, then saved as Stint writes them.
    const days = page.getByRole("form", { name: /^Working days/ });
    await days.getByRole("checkbox", { name: "Fri" }).uncheck();
    await days.getByRole("button", { name: "Save" }).click();
    await days.getByText("Saved.").waitFor();
    const kept = await page.evaluate(async () => (await window.stintMemory.settings()).filter((s) => ["reminders", "week_start", "working_days"].includes(s.key)).map((s) => `${s.key}=${s.value}`));
    assert.deepEqual(kept, ["week_start=sunday", "working_days=mon,tue,wed,thu", "reminders=off"]);
  });

  test("signed in to two sites: the Jira card lists both, and each entry says its site", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => window.stintMemory.twoSites());
    await page.keyboard.press("Alt+4");
    const sites = page.locator("#jira-sites li .site-facts");
    await sites.first().waitFor();
    assert.deepEqual(await sites.allInnerTexts(), [
      "https://acme.atlassian.net/ (default): Ada Tester",
      "https://ops.example.com/: Ada Tester; entries of OPS go here",
    ]);
    assert.equal(await page.getByRole("button", { name: "Sign out of every site" }).count(), 1);
    // One site signed out: the other stays.
    await page.getByRole("button", { name: "Sign out of https://ops.example.com/" }).click();
    await page.locator(".announcer").getByText("Signed out of https://ops.example.com/. Its token was removed from the keychain; its entries wait.").waitFor();
    await sites.nth(1).getByText("needs a new sign-in").waitFor();
    assert.equal(await page.locator("#jira-account").innerText(), "Ada Tester", "the default stays signed in");
    await page.evaluate(() => window.stintMemory.twoSites());
    // The seeded week has ABC and OPS entries: on two sites, each row names its own.
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Week", exact: true }).click();
    const ops = page.locator("li.entry", { hasText: "OPS-7" });
    await ops.locator(".site").waitFor();
    assert.equal(await ops.locator(".site").innerText(), "ops.example.com");
    assert.equal(await page.locator("li.entry", { hasText: "ABC-2" }).locator(".site").innerText(), "acme.atlassian.net");
    await screenshot(page, "entries-two-sites");
    const axe = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
    for (const key of ["2", "4"]) {
      await page.keyboard.press(`Alt+${key}`);
      await page.waitForTimeout(200);
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`));
      assert.deepEqual(violations, [], `screen ${key}`);
    }
    assert.deepEqual(page.problems, []);
  });

  test("signed in to two sites: an issue found on one starts a timer there", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => window.stintMemory.twoSites());
    const field = page.locator("#start-issue");
    await field.fill("engine");
    const option = page.getByRole("option", { name: /ENG-4/ });
    await option.waitFor();
    assert.equal(await option.locator(".site").innerText(), "ops.example.com", "the suggestion says where it was found");
    await option.click();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.locator(".now").getByText(/ENG-4/).waitFor();
    await page.locator(".now .site").getByText("for ops.example.com").waitFor();
    // Tracked again from the recent issues: on the site it was on.
    const opsAgain = page.getByRole("button", { name: /^Switch to OPS-7 .* on ops\.example\.com$/ });
    await opsAgain.waitFor();
    assert.equal(await opsAgain.locator(".site").innerText(), "ops.example.com");
    await page.clock.runFor(5 * 60_000);
    const stopped = await page.evaluate(() => window.stintMemory.stopTimer({ at: null, note: null, gap: "ask" }));
    assert.equal(stopped.entry.site, "https://ops.example.com/", "the entry goes to the site the issue was found on");
    assert.deepEqual(page.problems, []);
  });

  test("the tray: start at login, and what it cannot notice said plainly", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => {
      window.stintMemory.tray = { known: true, idle: null, logind: false, network_manager: false, host: false };
    });
    await page.keyboard.press("Alt+4");
    await page.getByText("Idle time cannot be read on this desktop").waitFor();
    await page.getByText(/No tray shows Stint's icon.*AppIndicator/).waitFor();
    const box = page.getByRole("checkbox", { name: "Start Stint's tray when I log in" });
    assert.equal(await box.isChecked(), false);
    await box.check();
    await page.locator(".announcer").getByText("The tray will start when you log in.").waitFor();
    assert.equal(await box.isChecked(), true);
    // The reminder settings are among the everyday ones, with their words.
    await page.getByRole("textbox", { name: "Remind when a timer has run" }).waitFor();
    // Ctrl+Q quits the window.
    await page.keyboard.press("Control+q");
    assert.equal(await page.evaluate(() => window.stintMemory.quitAsked), true);
  });

  test("the tray's Start on… opens the picker", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+3");
    await page.evaluate(() => window.stintMemory.pickFromTray());
    const field = page.getByRole("combobox", { name: "Issue" });
    await field.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "start-issue");
    assert.equal(await field.evaluate((el) => el === document.activeElement), true);
    assert.equal(await page.getByRole("tab", { name: "Timer" }).getAttribute("aria-selected"), "true");
  });

  test("not signed in, the header's button says so and leads to the sign-in", async () => {
    const page = await open(chromium, server.url, { seed: true });
    // The reason is in the page, with a way there a keyboard reaches (not a tooltip).
    await page.getByText(/Not signed in to Jira/).waitFor();
    const way = page.locator("#sync-why").getByRole("button", { name: "open Settings" });
    await way.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("tab", { name: "Settings", selected: true }).waitFor();
    assert.equal(await page.getByRole("button", { name: /^Sync now/ }).getAttribute("aria-describedby"), "sync-why");
    assert.deepEqual(page.problems, []);
  });

  test("sign in with an API token, see the connection, sign out", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    await page.getByLabel("Jira Cloud: email and API token").check();
    await page.getByLabel("Site", { exact: true }).fill("https://acme.atlassian.net");
    await page.getByLabel("Email", { exact: true }).fill("ada@example.com");
    await page.getByLabel("API token", { exact: true }).fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    assert.match(await page.locator("#sign-in-error").innerText(), /did not accept those credentials/);
    assert.equal(await page.getByLabel("API token", { exact: true }).inputValue(), "", "a refused token is not kept in the form");
    await page.getByLabel("API token", { exact: true }).fill("api-token-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#jira-account").getByText("Ada Tester").waitFor();
    await page.locator("#jira-ends").getByText(/at the latest: a sign-in lasts a year/).waitFor();
    // Sync now is enabled once signed in; the header says how many wait.
    await page.locator("#count-waiting").getByText("2 waiting").waitFor();
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.locator(".announcer").getByText(/Sent to Jira: 2 created/).waitFor();
    await page.locator("#count-waiting").getByText("0 waiting").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });
});

/** Signs in from Settings' form with the double's email and API token. */
async function signInWithApiToken(page, site) {
  await page.getByLabel("Jira Cloud: email and API token").check();
  await page.getByLabel("Site", { exact: true }).fill(site);
  await page.getByLabel("Email", { exact: true }).fill("ada@example.com");
  await page.getByLabel("API token", { exact: true }).fill("api-token-1");
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("several sites", () => {
  test("signed in, another site is added beside the first, which stays the default", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    await signInWithApiToken(page, "https://acme.atlassian.net/");
    await page.locator("#jira-account").getByText("Ada Tester").waitFor();
    await page.getByText("Sign in to another site").click();
    await signInWithApiToken(page, "https://ops.example.com/");
    await page.locator(".announcer").getByText("Signed in to https://ops.example.com/ as Ada Tester.").waitFor();
    const sites = page.locator("#jira-sites li .site-facts");
    await sites.nth(1).waitFor();
    assert.deepEqual(await sites.allInnerTexts(), ["https://acme.atlassian.net/ (default): Ada Tester", "https://ops.example.com/: Ada Tester"]);
    assert.equal(await page.locator("#jira-site").innerText(), "https://acme.atlassian.net/", "the default is as it was");
    assert.equal(await page.locator("details.another-site").getAttribute("open"), null, "the form closes once the site is added");
    // A project's entries go to the second site, then back to the default.
    await page.getByLabel("Project", { exact: true }).fill("ops");
    await page.getByLabel("Goes to").selectOption("https://ops.example.com/");
    await page.getByRole("button", { name: "Send its entries there" }).click();
    await page.locator(".announcer").getByText("Entries of OPS go to https://ops.example.com/ from now on; those already sent stay where they are.").waitFor();
    await page.locator("#jira-sites li .site-facts").nth(1).getByText("entries of OPS go here").waitFor();
    await page.getByLabel("Project", { exact: true }).fill("not a key");
    await page.getByRole("button", { name: "Send its entries there" }).click();
    await page.locator("#route-error").getByText(/is not a project key/).waitFor();
    await page.getByLabel("Project", { exact: true }).fill("OPS");
    await page.getByLabel("Goes to").selectOption("");
    await page.getByRole("button", { name: "Send its entries there" }).click();
    await page.locator(".announcer").getByText("Entries of OPS go to the default site again.").waitFor();
    assert.equal(await page.getByText("entries of OPS go here").count(), 0);
    assert.deepEqual(page.problems, []);
  });
});

describe("Tempo", () => {
  test("a site's worklogs go to Tempo with a token Tempo accepts, and back to Jira", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    await signInWithApiToken(page, "https://acme.atlassian.net/");
    await page.locator("#jira-account").getByText("Ada Tester").waitFor();
    await page.getByText("Send worklogs to Tempo").click();
    await page.getByLabel("Tempo region").selectOption("eu");
    await page.getByLabel("Tempo API token").fill("not-a-token");
    await page.getByRole("button", { name: "Use Tempo" }).click();
    await page.locator("#tempo-error").getByText(/Tempo does not accept Stint's sign-in/).waitFor();
    assert.equal(await page.getByLabel("Tempo API token").inputValue(), "", "a refused token is not kept in the form");
    await page.getByLabel("Tempo API token").fill("tempo-token-1");
    await page.getByRole("button", { name: "Use Tempo" }).click();
    await page.locator(".announcer").getByText("Worklogs of https://acme.atlassian.net/ go to Tempo (api.eu.tempo.io) from now on.").waitFor();
    await page.locator("#jira-tempo").getByText("Tempo (api.eu.tempo.io)").waitFor();
    await page.locator(".tempo").getByText("Worklogs of acme.atlassian.net go to Tempo (api.eu.tempo.io).").waitFor();
    assert.equal(await page.locator("details.tempo-sign-in").getAttribute("open"), null, "the form closes once Tempo is set");
    // An Account for a project whose issues and links name none.
    await page.getByLabel("Project or issue").fill("eng");
    await page.getByLabel("Tempo Account").selectOption("INTERNAL");
    await page.getByRole("button", { name: "Bill it there" }).click();
    await page.getByRole("list", { name: "Accounts chosen on acme.atlassian.net" }).getByText("ENG is billed to INTERNAL").waitFor();
    await page.locator(".announcer").getByText(/Time on ENG is billed to INTERNAL/).waitFor();
    await page.getByLabel("Project or issue").fill("not a key");
    await page.getByRole("button", { name: "Bill it there" }).click();
    await page.locator(".tempo-accounts .error").getByText(/is not a project key/).waitFor();
    // A work attribute the site requires besides the Account: only a choice fills it.
    await page.locator(".tempo-values").getByText("Tempo also requires Phase on every worklog here").waitFor();
    await page.getByLabel("Applies to").fill("eng");
    await page.getByLabel("Phase", { exact: true }).selectOption("Build");
    await page.getByRole("button", { name: "Use it" }).click();
    await page.getByRole("list", { name: "Values chosen on acme.atlassian.net" }).getByText("ENG: Phase is Build").waitFor();
    await page.locator(".announcer").getByText(/Time on ENG carries Phase = Build in Tempo/).waitFor();
    await page.getByLabel("Applies to").fill("not a key");
    await page.getByLabel("Phase", { exact: true }).selectOption("Run");
    await page.getByRole("button", { name: "Use it" }).click();
    await page.locator(".tempo-values .error").getByText(/is not a project key/).waitFor();
    await page.getByRole("button", { name: "Forget the Phase chosen for ENG" }).click();
    await page.locator(".announcer").getByText("The Phase chosen for ENG is forgotten.").waitFor();
    assert.equal(await page.getByText("ENG: Phase is Build").count(), 0);
    await screenshot(page, "tempo-light");
    await page.getByRole("button", { name: "Forget the Account chosen for ENG" }).click();
    await page.locator(".announcer").getByText("The Account chosen for ENG is forgotten.").waitFor();
    assert.equal(await page.getByText("ENG is billed to INTERNAL").count(), 0);
    await page.getByRole("button", { name: "Send worklogs of https://acme.atlassian.net/ to Jira instead of Tempo" }).click();
    await page.locator(".announcer").getByText(/go to Jira's own worklogs again/).waitFor();
    assert.equal(await page.locator("#jira-tempo").count(), 0);
    assert.deepEqual(page.problems, []);
  });

  test("Tempo through the administrator's OAuth app: a refused app is said, the secret is not kept in the form", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+4");
    await signInWithApiToken(page, "https://acme.atlassian.net/");
    await page.locator("#jira-account").getByText("Ada Tester").waitFor();
    await page.getByText("Send worklogs to Tempo").click();
    await page.getByLabel("Your administrator's OAuth app, in the browser").check();
    assert.equal(await page.getByLabel("Tempo API token").count(), 0, "no token field for the OAuth way");
    await page.getByLabel("Client id").fill("tempo-oauth-client");
    await page.getByLabel("Client secret").fill("not-the-secret");
    await page.getByRole("button", { name: "Sign in to Tempo in the browser" }).click();
    await page.locator("#tempo-error").getByText(/Tempo refused the OAuth app's client id or secret/).waitFor();
    assert.equal(await page.getByLabel("Client secret").inputValue(), "", "a refused secret is not kept in the form");
    assert.equal(await page.getByLabel("Client id").inputValue(), "tempo-oauth-client", "the client id stays to correct");
    await page.getByLabel("Client secret").fill("tempo-oauth-secret");
    await page.getByRole("button", { name: "Sign in to Tempo in the browser" }).click();
    await page.locator(".announcer").getByText("Worklogs of https://acme.atlassian.net/ go to Tempo (api.tempo.io) from now on.").waitFor();
    await page.locator("#jira-tempo").getByText("Tempo (api.tempo.io)").waitFor();
    assert.deepEqual(page.problems, []);
  });
});

describe("privacy", () => {
  test("where data lives, what leaves, delete everything with the CLI's question", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.keyboard.press("Alt+5");
    await page.locator("#path-database").getByText("stint.db").waitFor();
    await page.getByText("window-state.json").waitFor();
    await page.locator(".hosts").getByText("api.atlassian.com").waitFor();
    await screenshot(page, "privacy-light");
    await page.getByRole("button", { name: "Delete everything…" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText(/5 entries, 2 of them not in Jira \(they will be lost\)/).waitFor();
    // "No" is the default, as in the CLI.
    assert.equal(await dialog.getByRole("button", { name: "No, keep it" }).evaluate((el) => el === document.activeElement), true);
    await dialog.getByRole("button", { name: "Yes, delete everything" }).click();
    await page.getByRole("heading", { name: "Everything was deleted" }).waitFor();
    await page.getByText("Stint closes now.").waitFor();
  });
});

describe("deleted elsewhere", () => {
  test("a purge in a terminal is said before the window closes", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await page.evaluate(() => window.stintMemory.purgedElsewhere());
    await page.getByRole("heading", { name: "Stint's data was deleted" }).waitFor();
    assert.equal(await page.getByRole("tab").count(), 0);
  });
});

describe("keyboard, themes and zoom", () => {
  test("every main screen passes axe-core's checks, light and dark, with a timer running", async () => {
    const axe = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
    for (const dark of [false, true]) {
      const page = await open(chromium, server.url, { seed: true, dark });
      await page.evaluate(() => window.stintMemory.external("start", "ABC-3"));
      await page.locator(".now").getByText(/ABC-3/).waitFor();
      for (const [key, heading] of [["1", "Timer"], ["2", "Entries"], ["3", /^Week/], ["4", "Settings"], ["5", "Privacy"]]) {
        await page.keyboard.press(`Alt+${key}`);
        await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
        await page.waitForTimeout(200);
        // Evaluated through the driver, as a page script could not be (the window's CSP).
        await page.evaluate(axe);
        const violations = await page.evaluate(async () =>
          (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(", ")}`),
        );
        assert.deepEqual(violations, [], `${dark ? "dark" : "light"} screen ${key}`);
      }
      // The week's timesheet too.
      await page.keyboard.press("Alt+3");
      await page.getByRole("button", { name: "Timesheet" }).click();
      await page.locator("table.sheet").waitFor();
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`));
      assert.deepEqual(violations, [], `${dark ? "dark" : "light"} timesheet`);
    }
  });

  test("the entries are one Tab stop; arrows move between them and along their buttons", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await show(page, "2", "entries");
    await page.locator("li.entry").nth(4).waitFor();
    const where = () =>
      page.evaluate(() => {
        const b = document.activeElement;
        const row = b?.closest("li.entry");
        return row ? `${[...document.querySelectorAll("li.entry")].indexOf(row)}:${b.textContent.trim()}` : "outside";
      });
    await page.getByRole("button", { name: "Import…" }).focus();
    await page.keyboard.press("Tab");
    assert.equal(await where(), "0:▶ Continue");
    // One more Tab leaves the list (it took a Tab per button, 25 for five entries, before).
    await page.keyboard.press("Tab");
    assert.equal(await where(), "outside");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await where(), "0:▶ Continue");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await where(), "4:▶ Continue");
    await page.keyboard.press("ArrowRight");
    assert.equal(await where(), "4:Edit");
    await page.keyboard.press("ArrowUp");
    assert.equal(await where(), "3:Edit");
    // The row last used is where Tab comes back to.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await where(), "3:Continue".replace("Continue", "▶ Continue"));
  });

  test("the main landmark stays, Alt+1…5 and leaving an edit keep the focus somewhere useful", async () => {
    const page = await open(chromium, server.url, { seed: true });
    assert.equal(await page.locator("main").getAttribute("role"), null, "main keeps its landmark");
    assert.equal(await page.locator("main [role=tabpanel]").count(), 1);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute("aria-label") || document.activeElement?.tagName);
    // Polled from here (the page's own timers run on the test's clock).
    const focusOn = async (want) => {
      for (let i = 0; i < 50 && (await focused()) !== want; i++) await page.waitForTimeout(50);
      assert.equal(await focused(), want);
    };
    await page.keyboard.press("Alt+3");
    await focusOn("tab-week");
    await show(page, "2", "entries");
    const edit = page.locator("li.entry").first().getByRole("button", { name: /^Edit / });
    const label = await edit.getAttribute("aria-label");
    await edit.click();
    // Escape once the edit has the focus (its first field takes it when it is drawn).
    await focusOn(await page.locator("form.edit input[id$='-start']").getAttribute("id"));
    await page.keyboard.press("Escape");
    await focusOn(label);
    await edit.click();
    await page.locator("li.entry").first().getByRole("button", { name: "Save" }).click();
    await focusOn(label);
    assert.deepEqual(page.problems, []);
  });

  test("the tabs move with the arrow keys and the focus is visible", async () => {
    const page = await open(chromium, server.url, { seed: true });
    await tab(page, "Timer").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await tab(page, "Entries").getAttribute("aria-selected"), "true");
    assert.equal(await tab(page, "Entries").evaluate((el) => el === document.activeElement), true);
    const outline = await tab(page, "Entries").evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, "none");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await tab(page, "Privacy").getAttribute("aria-selected"), "true");
  });

  for (const [theme, dark] of [
    ["light", false],
    ["dark", true],
  ]) {
    test(`every screen at 200% zoom in ${theme}: nothing sticks out sideways`, async () => {
      const page = await open(chromium, server.url, { seed: true, dark, zoom: 2 });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, dark ? "rgb(21, 24, 28)" : "rgb(246, 247, 249)");
      for (const [key, name] of SCREENS) {
        await show(page, key, name);
        assert.equal(await overflowsSideways(page), false, `${name} overflows at 200% (${theme})`);
        await screenshot(page, `${name}-${theme}-200`);
      }
      assert.deepEqual(page.problems, []);
    });
  }

  test("every screen in an 800×600 window, a timer running: nothing sticks out sideways, the header stays", async () => {
    const page = await open(chromium, server.url, { seed: true, width: 800, height: 600 });
    await page.evaluate(() => window.stintMemory.external("start", "ABC-3"));
    for (const [key, name] of SCREENS) {
      await show(page, key, name);
      assert.equal(await overflowsSideways(page), false, `${name} overflows at 800×600`);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(100);
      const top = await page.locator("header.top").boundingBox();
      assert.equal(Math.round(top.y), 0, `${name}: the header stays in view`);
      // One line: the Sync button sits beside the timer, not under it.
      const [sync, now] = [await page.getByRole("button", { name: "Sync now" }).boundingBox(), await page.locator(".now").boundingBox()];
      assert.ok(Math.abs(sync.y + sync.height / 2 - (now.y + now.height / 2)) < 12, `${name}: the header is one line`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `${name}-800x600`);
    }
    // The timesheet and the day's timeline too.
    await page.keyboard.press("Alt+3");
    await page.getByRole("button", { name: "Timesheet" }).click();
    await page.locator("table.sheet").waitFor();
    await screenshot(page, "timesheet-800x600");
    assert.equal(await overflowsSideways(page), false, "the timesheet overflows at 800×600");
    const inside = await page.locator(".sheet-scroll").evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(inside[0] <= inside[1], `the week fits its card at 800×600, no scrolling sideways: ${inside}`);
    assert.equal(await page.getByRole("columnheader", { name: /Monday/ }).count(), 1, "each day's head says which day in full");
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Day", exact: true }).click();
    await page.getByRole("button", { name: "Previous day" }).click();
    await page.locator(".timeline .block").first().waitFor();
    assert.equal(await overflowsSideways(page), false, "the timeline overflows at 800×600");
    await screenshot(page, "timeline-800x600");
    assert.deepEqual(page.problems, []);
  });

  test("a duration or an issue key is never broken across lines, at any width or zoom", async () => {
    for (const [width, zoom] of [
      [1100, 1],
      [1280, 1],
      [800, 1],
      [1100, 2],
    ]) {
      const page = await open(chromium, server.url, { seed: true, width, zoom });
      await page.evaluate(async () => {
        const m = window.stintMemory;
        await m.addEntry({ issue: "PLATFORMINFRA-123456", duration: "10h15m", at: "2026-11-24 06:00", note: null, local: false });
      });
      for (const [key, name] of SCREENS) {
        await show(page, key, name);
        const broken = await page.evaluate(() => {
          const token = /^(-?\d+h \d\dm|-?\d+m|[A-Z][A-Z0-9_]*-\d+)$/;
          const found = [];
          const walk = document.createTreeWalker(document.querySelector("main"), 4 /* NodeFilter.SHOW_TEXT */);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const text = n.textContent.trim();
            if (!token.test(text)) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (lines.size > 1) found.push(text);
          }
          return found;
        });
        assert.deepEqual(broken, [], `${name} at ${width} px, ${zoom * 100}%`);
        assert.equal(await overflowsSideways(page), false, `${name} overflows at ${width} px, ${zoom * 100}%`);
      }
      assert.deepEqual(page.problems, []);
    }
  });

  test("every main screen in dark: its heading, the dark colours, no error", async () => {
    const page = await open(chromium, server.url, { seed: true, dark: true });
    const HEADINGS = { timer: /^Timer$/, entries: /^Entries$/, week: /^Week 48\b/, settings: /^Settings$/, privacy: /^Privacy$/ };
    for (const [key, name] of SCREENS) {
      await show(page, key, name);
      const heading = page.getByRole("heading", { level: 2, name: HEADINGS[name] });
      await heading.waitFor({ timeout: 2000 });
      const colours = await page.evaluate(() => {
        const main = document.querySelector("main");
        return {
          page: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(main).color,
          heading: getComputedStyle(main.querySelector("h2")).color,
        };
      });
      // The dark theme's background, and light text on it (not the light theme's dark text).
      assert.equal(colours.page, "rgb(21, 24, 28)", `${name}: the page's background in dark`);
      for (const [what, colour] of [["text", colours.text], ["heading", colours.heading]]) {
        const [r, g, b] = colour.match(/\d+/g).map(Number);
        assert.ok(r + g + b > 3 * 160, `${name}: the ${what} is light on the dark background (${colour})`);
      }
      await screenshot(page, `${name}-dark`);
    }
    assert.deepEqual(page.problems, []);
  });
});

describe("errors", () => {
  // One of each error Stint's facade can give (written by src-tauri/errors.rs from the Rust types):
  // as the window words them, with their remedies, none tells anyone to type a command.
  test("every error Stint can give, in the window's words, names no command", async () => {
    const { errors } = JSON.parse(readFileSync(new URL("./from-rust.json", import.meta.url), "utf8"));
    assert.ok(errors.length > 80, `the sweep holds ${errors.length} errors`);
    const page = await open(chromium, server.url);
    const shown = await page.evaluate((all) => all.map((e) => window.stintMemory.describe(e)), errors);
    const commands = /\bstint (start|stop|status|add|list|edit|rm|weeks?|split|merge|export|import|purge|heartbeat|config|login|logout|whoami|sync|retry|issues|audit|completions)\b/;
    shown.forEach((text, i) => {
      assert.doesNotMatch(text, commands, `${errors[i].code}: ${text}`);
      if (errors[i].code !== "import") assert.doesNotMatch(text, / --[a-z]/, `${errors[i].code}: ${text}`);
      assert.match(text, /^[A-Z`0-9/]/, `a sentence: ${text}`);
      if (errors[i].remedy) assert.ok(text.length > errors[i].message.length + 5, `${errors[i].code} says what to do: ${text}`);
    });
    assert.deepEqual(page.problems, []);
  });

  test("durations read as Stint shows them everywhere (the CLI, the tray, Jira)", async () => {
    const { durations } = JSON.parse(readFileSync(new URL("./from-rust.json", import.meta.url), "utf8"));
    const page = await open(chromium, server.url);
    const shown = await page.evaluate((all) => all.map(([s]) => window.stintMemory.formatDuration(s)), durations);
    assert.deepEqual(shown, durations.map(([, text]) => text));
  });

  test("times of day read as Stint writes them on each clock", async () => {
    const { clocks } = JSON.parse(readFileSync(new URL("./from-rust.json", import.meta.url), "utf8")).typed;
    const page = await open(chromium, server.url);
    const shown = await page.evaluate((all) => all.map(([h, m, twelve]) => window.stintMemory.formatClock(h, m, twelve)), clocks);
    assert.deepEqual(shown, clocks.map(([, , , text]) => text));
  });

  test("the window's times are on the person's clock, as Stint says, not the web view's guess", async () => {
    const page = await open(chromium, server.url, { seed: true });
    const listed = (want) => page.waitForFunction((w) => document.querySelector("li.entry .when")?.textContent === w, want, { timeout: 2000 });
    await page.keyboard.press("Alt+2");
    await page.getByRole("button", { name: "Previous day" }).click();
    // C.UTF-8 (the double's default): 24-hour, as the CLI prints it.
    await listed("09:00–15:00");
    // en_US.UTF-8: a 12-hour clock, in the list and in the field an edit starts with.
    await page.evaluate(() => {
      window.stintMemory.locale = { tag: "en-US", twelve_hour: true };
      window.stintMemory.changedElsewhere();
    });
    await listed("9:00 AM–3:00 PM");
    await page.getByRole("button", { name: "Edit XYZ-9 at 9:00 AM" }).click();
    assert.equal(await page.getByLabel("Start", { exact: true }).inputValue(), "2026-11-26 9:00 AM");
  });
});
