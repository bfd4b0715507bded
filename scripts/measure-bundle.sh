#!/usr/bin/env bash
# Builds the release site (./scripts/build-site.sh --release: the wasm with the size-optimised
# `wasm-release` profile, then wasm-bindgen and binaryen's wasm-opt from npm) and prints the size
# of what a browser downloads: raw, gzip -9 and brotli -q 11 (brotli from Debian's `brotli`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=midsa
export RUSTFLAGS="--cfg erase_components"  # as scripts/run.sh builds it
start=$(date +%s)
./scripts/build-site.sh --release
echo "release build: $(( $(date +%s) - start )) s"
printf '%-12s %10s %10s %10s\n' file raw gzip brotli
for f in $(ls target/site/pkg/midsa*.wasm target/site/pkg/midsa*.js target/site/pkg/midsa*.css); do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(if command -v brotli >/dev/null; then brotli -q 11 -c "$f" | wc -c; else echo "n/a"; fi)
  printf '%-12s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
