// Checks the UI's npm packages, as cargo-deny checks the crates: `node supply-chain/npm-check.mjs
// ui/package-lock.json` (supply-chain/check.sh runs it). Exits 1 on any finding.
//
// From the lock file alone:
// - every package comes from the npm registry (no git, file or link sources, no other registry)
//   with a sha512 integrity, which `npm ci` checks each download against;
// - no package runs an install script (none does today; a new one must be read and listed here);
// - every licence is on the allow-list below (an `OR` needs one allowed side, an `AND` both).
// From the registry:
// - each locked integrity is the one the registry publishes for that version, and no version in
//   use is deprecated by its authors;
// - npm's audit, where the registry answers it. The registry reachable from Stint's build machines
//   refuses the audit endpoint (HTTP 405) and publishes no signing keys, so neither advisories nor
//   signatures can be checked there; this says so in its output rather than passing in silence.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";

const REGISTRY = "https://registry.npmjs.org/";
const LICENSES = new Set([
  "MIT", "Apache-2.0", "ISC", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "Zlib", "MPL-2.0",
  "BlueOak-1.0.0", "Python-2.0", "CC0-1.0", "Unlicense",
]);
// Packages allowed to run scripts at install time, each with why. None today.
const INSTALL_SCRIPTS = new Map();

const lockPath = process.argv[2] ?? "ui/package-lock.json";
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const problems = [];

/** Whether an SPDX expression is met by the allow-list (no WITH exceptions appear in npm's). */
function licenseAllowed(expression) {
  const text = String(expression ?? "").trim();
  if (text.startsWith("(") && text.endsWith(")")) return licenseAllowed(text.slice(1, -1));
  const ors = text.split(/\s+OR\s+/);
  if (ors.length > 1) return ors.some(licenseAllowed);
  const ands = text.split(/\s+AND\s+/);
  if (ands.length > 1) return ands.every(licenseAllowed);
  return LICENSES.has(text);
}

const packages = Object.entries(lock.packages ?? {})
  .filter(([path]) => path !== "")
  .map(([path, entry]) => ({ path, name: entry.name ?? path.slice(path.lastIndexOf("node_modules/") + 13), ...entry }));
if (lock.lockfileVersion !== 3 || packages.length === 0) {
  problems.push(`${lockPath}: not a version 3 lock file with packages`);
}

for (const p of packages) {
  const where = `${p.name}@${p.version}`;
  if (p.link || !p.version) problems.push(`${where}: not from the registry (a link or a folder)`);
  if (p.resolved && !p.resolved.startsWith(REGISTRY)) problems.push(`${where}: comes from ${p.resolved}, not the npm registry`);
  if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(p.integrity ?? "")) problems.push(`${where}: no sha512 integrity in the lock`);
  if (p.hasInstallScript && !INSTALL_SCRIPTS.has(p.name)) problems.push(`${where}: runs a script at install time`);
  if (!licenseAllowed(p.license)) problems.push(`${where}: licence ${JSON.stringify(p.license ?? null)} is not on the allow-list`);
}

const shipped = packages.filter((p) => !p.dev);
console.log(`${packages.length} npm packages; shipped in the window's bundle: ${shipped.map((p) => `${p.name}@${p.version} (${p.license})`).join(", ")}`);

// The registry's own record of each version, a few at a time.
async function manifest(p) {
  const url = `${REGISTRY}${p.name.replace("/", "%2f")}/${p.version}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    } catch (error) {
      if (attempt === 3) throw new Error(`${p.name}@${p.version}: the registry did not answer (${error.message})`);
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
const queue = [...packages];
let deprecated = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      try {
        const m = await manifest(p);
        if (m.dist?.integrity !== p.integrity) problems.push(`${p.name}@${p.version}: the lock's integrity is not the registry's`);
        if (m.deprecated) {
          deprecated += 1;
          problems.push(`${p.name}@${p.version}: deprecated by its authors: ${String(m.deprecated).slice(0, 200)}`);
        }
      } catch (error) {
        problems.push(error.message);
      }
    }
  }),
);
console.log(`registry: ${packages.length} integrities compared, ${deprecated} deprecated`);

// npm's audit: advisories, where the registry serves them.
try {
  const out = execFileSync("npm", ["audit", "--package-lock-only", "--json"], {
    cwd: dirname(lockPath), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
  });
  const report = JSON.parse(out);
  console.log(`npm audit: ${JSON.stringify(report.metadata?.vulnerabilities ?? {})}`);
} catch (error) {
  let report = null;
  try {
    report = JSON.parse(error.stdout);
  } catch {
    // not JSON: npm itself failed
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts) {
    // npm exits 1 when it found vulnerabilities: high or critical ones fail this check.
    console.log(`npm audit: ${JSON.stringify(counts)}`);
    for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
      if (v.severity === "high" || v.severity === "critical") problems.push(`${name}: ${v.severity} advisory (npm audit)`);
    }
  } else {
    const why = report?.message ?? report?.error?.summary ?? String(error.stderr ?? error.message).split("\n")[0];
    console.log(`npm audit: the registry did not answer it (${why}); no npm advisories were checked on this machine`);
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`npm supply chain: ${problem}`);
  process.exit(1);
}
console.log("npm supply chain ok");
