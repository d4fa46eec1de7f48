// Measures the Stint window: the time from exec to the page's first live data, the memory of all
// the app's processes (PSS, WebKit's included) with the window open, and the UI bundle's size.
// Run through `bash scripts/bench-window.sh`, which builds the release app first.
//
//   node scripts/bench-window.mjs BIN_DIR [RUNS]

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [bin, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const display = 400 + Math.floor(Math.random() * 200);
const xvfb = spawn("Xvfb", [`:${display}`, "-noreset", "-nolisten", "tcp", "-screen", "0", "1280x900x24"], { stdio: "ignore" });
for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${display}`); i++) await sleep(50);

/** Every process under `pid`, itself included. */
function tree(pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function comm(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (let run = 0; run < runs; run++) {
  const home = mkdtempSync(join(tmpdir(), "stint-bench-"));
  const env = { ...process.env, DISPLAY: `:${display}`, STINT_HOME: join(home, "stint"), HOME: join(home, "home"), STINT_LOG: "info" };
  // A realistic database: a year of entries.
  for (let d = 1; d <= 12; d++) {
    execFileSync(join(bin, "stint"), ["add", `ABC-${d}`, "2h", "--at", `2025-${String(d).padStart(2, "0")}-10 09:00`], { env, stdio: "ignore" });
  }
  const started = Date.now();
  const app = spawn(join(bin, "stint-desktop"), [], { env, stdio: "ignore" });
  let ready = null;
  for (let i = 0; i < 400 && ready === null; i++) {
    await sleep(25);
    const logs = join(env.STINT_HOME, "logs");
    if (!existsSync(logs)) continue;
    for (const f of readdirSync(logs)) {
      const m = /window ready.*epoch_ms=(\d+)/.exec(readFileSync(join(logs, f), "utf8"));
      if (m) ready = Number(m[1]) - started;
    }
  }
  await sleep(3000); // settled, with the window open
  const pids = tree(app.pid);
  const byProcess = pids.map((p) => [comm(p), pssKiB(p)]);
  const total = byProcess.reduce((n, [, k]) => n + k, 0);
  results.push({ ready, total, byProcess });
  app.kill("SIGTERM");
  await new Promise((ok) => app.on("exit", ok));
  rmSync(home, { recursive: true, force: true });
  console.log(`run ${run + 1}: ready ${ready} ms, PSS ${(total / 1024).toFixed(1)} MiB (${byProcess.map(([c, k]) => `${c} ${(k / 1024).toFixed(1)}`).join(", ")})`);
}
xvfb.kill();

const dist = join(import.meta.dirname, "..", "ui", "dist", "assets");
let raw = 0;
let gz = 0;
for (const f of readdirSync(dist)) {
  const bytes = readFileSync(join(dist, f));
  raw += statSync(join(dist, f)).size;
  gz += gzipSync(bytes).length;
}
console.log(`\nwindow ready (exec to first live data), median of ${runs}: ${median(results.map((r) => r.ready))} ms`);
console.log(`memory, all processes (PSS), median: ${(median(results.map((r) => r.total)) / 1024).toFixed(1)} MiB`);
console.log(`UI bundle (ui/dist/assets): ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped`);
