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
if [ -z "${SKIP_BUILD:-}" ]; then  # SKIP_BUILD=1: measure the site as built
  start=$(date +%s)
  ./scripts/build-site.sh --release
  echo "release build: $(( $(date +%s) - start )) s"
fi
# Every file, then what a page downloads: nothing for a page without an island; for a page with
# one (the agenda, the live and speakers' pages) the glue and the wasm (app/src/app.rs
# `DeferredHydration`); the stylesheet every page.
python3 - <<'EOF'
import glob, gzip, os, subprocess
pkg = 'target/site/pkg'
def sizes(path):
    data = open(path, 'rb').read()
    br = subprocess.run(['brotli', '-q', '11', '-c', path], capture_output=True).stdout
    return len(data), len(gzip.compress(data, 9)), len(br)
files = [f for f in sorted(glob.glob(pkg + '/midsa.*.*')) if not f.endswith(('.br', '.gz'))]
table = {f: sizes(f) for f in files}
print(f"{'file':<58} {'raw':>10} {'gzip':>10} {'brotli':>10}")
for f, (raw, gz, br) in table.items():
    print(f"{os.path.relpath(f, pkg):<58} {raw:>10} {gz:>10} {br:>10}")
def row(label, fs):
    raw, gz, br = (sum(table[f][i] for f in fs) for i in range(3))
    print(f"{label:<46} {len(fs):>5} {raw:>10} {gz:>10} {br:>10}")
print()
print(f"{'what a page downloads (script and wasm)':<46} {'files':>5} {'raw':>10} {'gzip':>10} {'brotli':>10}")
row('a page without an island', [])
row('a page with islands', [f for f in files if f.endswith(('.js', '.wasm'))])
EOF
