#!/usr/bin/env bash
# Readies target/site for a run of the release build (scripts/bench-load.sh, scripts/lighthouse.sh):
# checks that it holds the files the release binary names (target/release/hash.txt; a development
# build since then replaces them), then makes the brotli and gzip copies the server sends
# (scripts/precompress.sh: quick when they are there already; without them every static file
# would be compressed at request time). Exits 1, saying so, when the files are another build's.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/release/hash.txt ] || { echo "no release build (target/release/hash.txt): run ./scripts/build-site.sh --release" >&2; exit 1; }
while read -r ext hash; do
  [ -f "target/site/pkg/midsa.$hash.${ext%:}" ] || { echo "target/site holds another build's files: rebuild with ./scripts/build-site.sh --release (or run without SKIP_BUILD)" >&2; exit 1; }
done <target/release/hash.txt
./scripts/precompress.sh
