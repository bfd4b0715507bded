#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the main pages, on the
# release build with the demo data, in Debian's Chromium: Lighthouse's default mobile profile
# (a mid-range phone on a throttled 4G connection, simulated). Prints a Markdown table; the
# JSON reports stay in target/lighthouse/. Not part of the test suite (about 2 minutes once the
# release build exists).
#   PAGES   space-separated paths (default: the main public pages)
set -euo pipefail
cd "$(dirname "$0")/.."
#   SKIP_BUILD=1  use the release build already in target/
[ -n "${SKIP_BUILD:-}" ] || ./scripts/setup.sh --test
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=midsa RUSTFLAGS="--cfg erase_components"
(cd bench/lighthouse && [ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund)
[ -n "${SKIP_BUILD:-}" ] || ./scripts/build-site.sh --release
# target/site must hold the release build's files, compressed as the server sends them.
./scripts/release-site.sh
port=3207
data=target/lighthouse/data
rm -rf "$data" && mkdir -p "$data"
export DATA_DIR="$data" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn
unset DATABASE_URL
./target/release/server seed >/dev/null
./target/release/server &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
PAGES="${PAGES:-/meetings /meetings/1 /meetings/1/agenda /meetings/1/papers /meetings/1/register /meetings/2/plan /meetings/2/plan/dashboard /login}"
echo "| page | performance | accessibility | best practices | SEO |"
echo "|---|---|---|---|---|"
for p in $PAGES; do
  out="target/lighthouse/$(echo "$p" | tr '/?=' '___').json"
  CHROME_PATH=/usr/bin/chromium bench/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$port$p" \
    --quiet --output=json --output-path="$out" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>&1 || { echo "| \`$p\` | lighthouse failed | | | |"; continue; }
  node -e '
    const r = require(process.argv[1]); const c = r.categories; const s = (k) => Math.round(c[k].score * 100);
    console.log(`| \`${process.argv[2]}\` | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${s("seo")} |`);
  ' "$PWD/$out" "$p"
done
# Bytes transferred for a first view (cold cache, compressed as sent), from the same reports.
echo
echo "| page | HTML | CSS | JS | wasm | other | total | requests |"
echo "|---|---|---|---|---|---|---|---|"
for p in $PAGES; do
  out="target/lighthouse/$(echo "$p" | tr '/?=' '___').json"
  [ -f "$out" ] || continue
  node -e '
    const r = require(process.argv[1]);
    const items = r.audits["network-requests"].details.items;
    const sum = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
    for (const i of items) {
      const u = new URL(i.url).pathname;
      const k = i.resourceType === "Document" ? "html" : u.endsWith(".css") ? "css" : u.endsWith(".js") ? "js" : u.endsWith(".wasm") ? "wasm" : "other";
      sum[k] += i.transferSize || 0;
    }
    const total = Object.values(sum).reduce((a, b) => a + b, 0);
    const f = (n) => n.toLocaleString("en-GB");
    console.log(`| \`${process.argv[2]}\` | ${f(sum.html)} | ${f(sum.css)} | ${f(sum.js)} | ${f(sum.wasm)} | ${f(sum.other)} | ${f(total)} | ${items.length} |`);
  ' "$PWD/$out" "$p"
done
