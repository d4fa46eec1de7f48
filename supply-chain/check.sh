#!/usr/bin/env bash
# Checks what Stint is built from: `bash supply-chain/check.sh` (tests/run.sh runs it as a gate).
#
# - Rust: cargo-deny, offline, with deny.toml: advisories from the RustSec snapshot kept in
#   supply-chain/advisory-db (SOURCE.md says which and how to refresh it), licences against an
#   allow-list, crates.io as the only source.
# - The UI's npm packages: supply-chain/npm-check.mjs (every package from the npm registry, each one
#   exactly what the registry signed; and npm's audit, where the registry answers it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_cargo_deny

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# cargo-deny opens its database as a git repository, in a folder named after the database's URL
# (rustsec/advisory-db's). The snapshot is committed under its own date, so cargo-deny dates it
# right.
db="$work/db/advisory-db-3157b0e258782691"
mkdir -p "$work/db"
cp -r supply-chain/advisory-db "$db"
snapshot_date="$(sed -n 's/^- Date: *//p' supply-chain/SOURCE.md)"
(
  cd "$db"
  export GIT_AUTHOR_NAME=stint GIT_AUTHOR_EMAIL=stint@localhost GIT_COMMITTER_NAME=stint \
    GIT_COMMITTER_EMAIL=stint@localhost GIT_AUTHOR_DATE="$snapshot_date" GIT_COMMITTER_DATE="$snapshot_date"
  git init -q
  git add -A
  git commit -qm "RustSec advisory-db snapshot"
)
# The policy is deny.toml's; only the database's place is this run's.
sed "s|^\[advisories\]\$|[advisories]\ndb-path = \"$work/db\"|" deny.toml >"$work/deny.toml"

say "supply chain: Rust crates (cargo-deny: advisories, licences, sources)"
# Licences are read from the crates' sources, which `cargo fetch` puts in place.
cargo fetch --locked --quiet
cargo deny --color never --offline --locked --log-level warn --manifest-path Cargo.toml --config "$work/deny.toml" \
  check --hide-inclusion-graph advisories licenses sources bans

say "supply chain: the UI's npm packages"
ensure_node
node supply-chain/npm-check.mjs ui/package-lock.json
