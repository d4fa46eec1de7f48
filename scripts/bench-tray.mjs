// The tray's figures (run through `bash scripts/bench-tray.sh`, which builds the release binaries
// and gives this a display and a D-Bus session of its own).
//
//   node scripts/bench-tray.mjs BIN_DIR MINUTES OPENS

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [bin, minutesArg, opensArg] = process.argv.slice(2);
const minutes = Number(minutesArg ?? 10);
const opens = Number(opensArg ?? 5);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const home = mkdtempSync(join(tmpdir(), "stint-bench-tray-"));
const env = { ...process.env, STINT_HOME: join(home, "stint"), HOME: join(home, "home"), XDG_CONFIG_HOME: join(home, "config"), STINT_LOG: "info" };
const stint = (...args) => execFileSync(join(bin, "stint"), args, { env, encoding: "utf8" });
const gdbus = (...args) => execFileSync("gdbus", ["call", "--session", ...args], { encoding: "utf8" });
const read = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};
const pids = (name) => readdirSync("/proc").filter((p) => /^\d+$/.test(p) && read(`/proc/${p}/comm`).trim() === name.slice(0, 15));
const pss = (pid) => Number(/^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`))?.[1] ?? 0);
const rss = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`))?.[1] ?? 0);
/** utime + stime of the whole process (its threads, live and ended), in clock ticks. */
const cpuTicks = (pid) => {
  const stat = read(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
};
/** The main thread's context switches (it runs the tray's event loop: timers, D-Bus, inotify),
 *  each voluntary one a wake-up after a wait. */
const switches = (pid) => {
  const s = read(`/proc/${pid}/status`);
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(s)?.[1] ?? 0) + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(s)?.[1] ?? 0);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A year of history, and a timer running.
for (let m = 1; m <= 12; m++) stint("add", `ABC-${m}`, "2h", "--at", `2025-${String(m).padStart(2, "0")}-10 09:00`);
stint("start", "ABC-7");
const tray = spawn(join(bin, "stint-tray"), [], { env, stdio: "ignore" });
let item = null;
for (let i = 0; i < 200 && !item; i++) {
  await sleep(50);
  item = new RegExp(`org\\.kde\\.StatusNotifierItem-${tray.pid}-\\d+`).exec(gdbus("-d", "org.freedesktop.DBus", "-o", "/", "-m", "org.freedesktop.DBus.ListNames"))?.[0];
}
if (!item) throw new Error("the tray did not come up");
await sleep(5000);

const stintProcesses = ["stint", "stint-tray", "stint-desktop", "WebKitWebProcess", "WebKitNetworkProcess"].flatMap((n) => pids(n).map((p) => [n, p]));
console.log(`stint-tray (release), a timer running, the window closed; ${new Date().toISOString().slice(0, 10)}`);
console.log("\nmemory of every Stint process:");
for (const [name, pid] of stintProcesses) console.log(`  ${name.padEnd(22)} PSS ${(pss(pid) / 1024).toFixed(1)} MiB   RSS ${(rss(pid) / 1024).toFixed(1)} MiB`);

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
const [t0, s0, at0] = [cpuTicks(tray.pid), switches(tray.pid), Date.now()];
// Which seconds the event loop woke in (reading /proc does not wake it).
let last = s0;
let wokeSeconds = 0;
const gaps = [];
let lastWoke = null;
const wokeAt = [];
for (let second = 0; second < minutes * 60; second++) {
  await sleep(1000);
  const now = switches(tray.pid);
  if (now !== last) {
    wokeSeconds++;
    if (lastWoke !== null) gaps.push(second - lastWoke);
    lastWoke = second;
    wokeAt.push(second);
  }
  last = now;
}
const [t1, s1, at1] = [cpuTicks(tray.pid), switches(tray.pid), Date.now()];
const seconds = (at1 - at0) / 1000;
const cpu = (t1 - t0) / ticksPerSecond;
console.log(`\nover ${(seconds / 60).toFixed(1)} minutes with the timer running:`);
console.log(`  CPU ${(cpu * 1000).toFixed(0)} ms in all (${((cpu / seconds) * 100).toFixed(4)}% of one core)`);
console.log(`  the event loop's thread: ${s1 - s0} context switches, in ${wokeSeconds} of ${Math.round(seconds)} seconds`);
// Seconds within one burst (the tick, then the file change its own heartbeat makes) count as one.
const bursts = wokeAt.filter((s, i) => i === 0 || s - wokeAt[i - 1] > 2);
const apart = bursts.slice(1).map((s, i) => s - bursts[i]);
console.log(`  ${bursts.length} bursts of wake-ups, ${apart.length ? Math.min(...apart) : "-"} to ${apart.length ? Math.max(...apart) : "-"} s apart (seconds: ${wokeAt.join(" ")})`);
console.log(`  PSS after: ${(pss(tray.pid) / 1024).toFixed(1)} MiB`);

// "Open Stint" in the menu, to the window's first live data (the window logs when it sent it).
const layout = gdbus("-d", item, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1", "@as []");
const id = /<\((\d+), \{[^}]*'label': <'Open Stint'>/.exec(layout)[1];
const times = [];
const logs = join(env.STINT_HOME, "logs");
for (let run = 0; run < opens; run++) {
  const seen = new Set(readdirSync(logs).flatMap((f) => [...read(join(logs, f)).matchAll(/window ready.*epoch_ms=(\d+)/g)].map((m) => m[1])));
  const clicked = Date.now();
  gdbus("-d", item, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.Event", id, "clicked", "<int32 0>", "0");
  let ready = null;
  for (let i = 0; i < 400 && ready === null; i++) {
    await sleep(10);
    for (const f of readdirSync(logs)) {
      for (const m of read(join(logs, f)).matchAll(/window ready.*epoch_ms=(\d+)/g)) if (!seen.has(m[1])) ready = Number(m[1]) - clicked;
    }
  }
  times.push(ready);
  await sleep(2000);
  for (const p of pids("stint-desktop")) process.kill(Number(p), "SIGTERM");
  // Until WebKit's helpers of that window are gone too, as after a person closed it.
  for (let i = 0; i < 100 && (pids("stint-desktop").length || pids("WebKitWebProcess").length || pids("WebKitNetworkProcess").length); i++) await sleep(50);
  await sleep(1000);
}
console.log(`\n"Open Stint" to the window's first live data: median ${median(times)} ms (${times.join(", ")} ms)`);
tray.kill("SIGTERM");
