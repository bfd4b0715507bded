#!/usr/bin/env bash
# Writes brotli (-q 11) and gzip (-9) copies of the site's js, wasm and css beside them, which
# the server sends to browsers that accept them (ServeDir's precompressed files): the largest
# files are compressed once, at build time and at the strongest level, not per request.
# A copy that is not older than its file is kept (gzip and brotli give it the file's time,
# brotli to the second), so running this again after no build costs nothing; `-f` compresses
# everything again.
set -euo pipefail
cd "$(dirname "$0")/.."
force=false
[ "${1:-}" = "-f" ] && { force=true; shift; }
pkg="${1:-target/site/pkg}"
# Whether `$1` (a compressed copy) is missing or older than the file `$2`.
stale() { $force || [ ! -f "$1" ] || [ "$(stat -c %Y "$1")" -lt "$(stat -c %Y "$2")" ]; }
for f in "$pkg"/*.js "$pkg"/*.wasm "$pkg"/*.css "$pkg"/split.*/*.js "$pkg"/split.*/*.wasm; do
  [ -f "$f" ] || continue
  if stale "$f.gz" "$f"; then gzip -9 -k -f "$f"; fi
  if command -v brotli >/dev/null 2>&1 && stale "$f.br" "$f"; then brotli -q 11 -k -f "$f"; fi
done
