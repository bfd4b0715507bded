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
# Every file (the shell in pkg/, the lazily loaded parts in pkg/split.<hash>/), then what a page
# downloads: the shell (glue, wasm and the parts' loader) for every page, and for a page in a
# part also that part and the chunks it shares with the other parts (read from the loader's
# `makeLoad(..., [deps])`).
python3 - <<'EOF'
import glob, gzip, os, re, subprocess
pkg = 'target/site/pkg'
def sizes(path):
    data = open(path, 'rb').read()
    br = subprocess.run(['brotli', '-q', '11', '-c', path], capture_output=True).stdout
    return len(data), len(gzip.compress(data, 9)), len(br)
# The parts this build's glue imports (earlier builds' parts stay beside them).
glue = [f for f in glob.glob(pkg + '/midsa.*.js') if not f.endswith(('.br', '.gz'))][0]
split_dir = pkg + '/' + re.search(r'(split\.[0-9a-f]+)/__wasm_split\.js', open(glue).read()).group(1)
files = sorted(glob.glob(pkg + '/midsa.*.*')) + sorted(glob.glob(split_dir + '/*.js')) + sorted(glob.glob(split_dir + '/*.wasm'))
files = [f for f in files if not f.endswith(('.br', '.gz'))]
table = {f: sizes(f) for f in files}
print(f"{'file':<58} {'raw':>10} {'gzip':>10} {'brotli':>10}")
for f, (raw, gz, br) in table.items():
    print(f"{os.path.relpath(f, pkg):<58} {raw:>10} {gz:>10} {br:>10}")
loader = open(split_dir + '/__wasm_split.js').read()
shell = [f for f in files if re.search(r'/midsa\.[^/]*\.(js|wasm)$', f)] + [split_dir + '/__wasm_split.js']
def row(label, fs):
    raw, gz, br = (sum(table[f][i] for f in fs) for i in range(3))
    print(f"{label:<46} {len(fs):>5} {raw:>10} {gz:>10} {br:>10}")
print()
print(f"{'what a page downloads (script and wasm)':<46} {'files':>5} {'raw':>10} {'gzip':>10} {'brotli':>10}")
row('any page (the shell)', shell)
chunks = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./(chunk_\d+\.wasm)"', loader))
for name, fetch, deps in re.findall(r'export const __wasm_split_load_(\w+?)(?:_\d+)? = wrapAsyncCb\(makeLoad\((.*?), \[(.*?)\]\)\);', loader, re.S):
    part = re.search(r'"\./(split_\w+\.wasm)"', fetch)
    fs = shell + ([split_dir + '/' + part.group(1)] if part else []) + [split_dir + '/' + chunks[d.strip()] for d in deps.split(',') if d.strip()]
    row('a page of ' + name, fs)
EOF
