#!/usr/bin/env bash
# Writes brotli (-q 11) and gzip (-9) copies of the site's js, wasm and css beside them, which
# the server sends to browsers that accept them (ServeDir's precompressed files): the largest
# files are compressed once, at build time and at the strongest level, not per request.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg="${1:-target/site/pkg}"
for f in "$pkg"/*.js "$pkg"/*.wasm "$pkg"/*.css "$pkg"/split.*/*.js "$pkg"/split.*/*.wasm; do
  [ -f "$f" ] || continue
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null 2>&1; then brotli -q 11 -k -f "$f"; fi
done
