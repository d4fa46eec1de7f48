// What the UI tests share: a static server for the built UI (`ui/dist`), Debian's Chromium driven
// headless through playwright-core, and a folder for the screenshots each run saves.

import { createServer } from "node:http";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const dist = join(here, "..", "dist");
export const shots = process.env.STINT_SCREENSHOTS ?? join(here, "..", "test-results", "screenshots");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

/** Serves `ui/dist` on a free loopback port, with the window's CSP, so a CSP break fails here too. */
export async function serve() {
  if (!existsSync(join(dist, "index.html"))) throw new Error("ui/dist is missing: run `npm run build` in ui/ first");
  const conf = JSON.parse(readFileSync(join(here, "..", "..", "tauri.conf.json"), "utf8"));
  const csp = Object.entries(conf.app.security.csp)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "") || "index.html";
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-security-policy": csp });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * A page over the in-memory backend. `seed` loads a week of entries; `dark` the dark theme;
 * `zoom` 2 renders as at 200% (the same window, half the CSS pixels). The clock starts at `now`.
 */
export async function open(b, base, { seed = false, dark = false, zoom = 1, now = "2026-11-27T14:00:00Z", width = 1100, height = 760 } = {}) {
  const context = await b.newContext({
    viewport: { width: Math.round(width / zoom), height: Math.round(height / zoom) },
    deviceScaleFactor: zoom,
    colorScheme: dark ? "dark" : "light",
    timezoneId: "UTC",
    locale: "en-GB",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  await page.clock.install({ time: new Date(now) });
  await page.goto(base + (seed ? "?seed" : ""));
  await page.getByRole("heading", { level: 1, name: "Stint" }).waitFor();
  // The window wires its shortcuts (Alt+1…5) in an effect, which runs once the first render is
  // painted: a frame, then a task. A key pressed before that is lost, so wait the same way; on a
  // loaded machine the heading can show well before.
  await page.evaluate(() => new Promise((done) => globalThis.requestAnimationFrame(() => setTimeout(done, 0))));
  page.problems = problems;
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Whether anything sticks out sideways (a page that needs a horizontal scrollbar at 200%). */
export async function overflowsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
