#!/usr/bin/env bash
# Fails if a server-only crate is in the browser (wasm32, hydrate) dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."
forbidden='^(leptos_router|leptos_meta|sea-orm|sea-query|sqlx|sqlx-core|argon2|ammonia|pulldown-cmark|lettre|icalendar|tokio|chrono-tz|axum|qrcode|rust_xlsxwriter|zip|reqwest|calamine) '
tree=$(cargo tree -p app --no-default-features --features hydrate --target wasm32-unknown-unknown -e normal,build --prefix none)
if found=$(echo "$tree" | grep -E "$forbidden" | sort -u) && [ -n "$found" ]; then
  echo "server-only crates in the wasm bundle:"
  echo "$found"
  exit 1
fi
echo "ok: $(echo "$tree" | sort -u | wc -l) crates in the wasm tree, none server-only"
