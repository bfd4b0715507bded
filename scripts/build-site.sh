#!/usr/bin/env bash
# Builds the site: the server binary and, in target/site, the browser's wasm, its JavaScript glue,
# the stylesheet and the public files. It does what `cargo leptos build` does for this project
# (same cargo commands, target directories, profiles and file names), with the two tools
# cargo-leptos itself would call (wasm-bindgen; for a release binaryen's wasm-opt, and esbuild to
# minify the JavaScript glue and the stylesheet), so a new machine does not compile cargo-leptos
# (8 minutes on two cores) to build or test the app.
#
#   scripts/build-site.sh             development build (server: dev profile; wasm: wasm-dev)
#   scripts/build-site.sh --release   release build (server: release; wasm: wasm-release + wasm-opt -Oz)
#   BUILD_TIMINGS=1                   also write cargo's build timings (which crate took how long,
#                                     how busy the cores were): target/cargo-timings and
#                                     target/front/cargo-timings
#
# Output: target/site/pkg/midsa.<hash>.{js,wasm,css} and the wasm's lazily loaded parts in
# target/site/pkg/split.<hash>/ (named after their content, so browsers can cache them for ever),
# and target/{debug,release}/hash.txt, from which the server learns the names
# (`site_file_names` in app/src/app.rs reads it beside the binary, once per process).
# The browser's side (wasm, wasm-bindgen, wasm-opt) and the server are built at the same time, in
# separate target directories (cargo-leptos builds them one after the other). Needs wasm-bindgen
# (the version in Cargo.lock) and, for --release, wasm-opt and esbuild (end2end/node_modules):
# scripts/setup.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"

release=false
[ "${1:-}" = "--release" ] && release=true
name=midsa
site=target/site
pkg="$site/pkg"

# What cargo-leptos sets for both builds ([[workspace.metadata.leptos]] in Cargo.toml). Leptos reads
# LEPTOS_OUTPUT_NAME at compile time; the tests build with the same values so they reuse the
# site build's artifacts.
export LEPTOS_OUTPUT_NAME=$name LEPTOS_SITE_ROOT=$site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 \
  LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt
# Views are type-erased (the deepest pages need it), in every build.
case " ${RUSTFLAGS:-} " in
  *" --cfg erase_components "*) ;;
  *) export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components" ;;
esac

if $release; then
  wasm_profile=wasm-release server_args=(--release) server_dir=target/release
else
  wasm_profile=wasm-dev server_args=() server_dir=target/debug
fi

log() { printf '[build-site] %s\n' "$*"; }
timings=()
[ -n "${BUILD_TIMINGS:-}" ] && timings=(--timings)

# The browser's side: wasm, split into the shell and the pages' parts, its JavaScript glue and
# (release) the size optimisation.
front() {
  # The development wasm at opt-level 1 (see [profile.wasm-dev] in Cargo.toml): with --target,
  # RUSTFLAGS reach the wasm's units only, not the host's proc macros and build scripts. Debug
  # assertions and overflow checks stay on, as in the server's development build (rustc would
  # turn them off with the optimisation, and Leptos' hydration must see the same debug
  # behaviour on both sides). wasm-split needs the linker's relocations (--emit-relocs).
  local flags="$RUSTFLAGS -C link-args=--emit-relocs"
  $release || flags="$flags -C opt-level=1 -C debug-assertions=on -C overflow-checks=on"
  RUSTFLAGS="$flags" cargo build "${timings[@]}" --package=app --lib --target-dir=target/front --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate --profile="$wasm_profile"
  # The pages public visitors do not need are lazily loaded parts (`lazy_parts!` in app.rs):
  # wasm-split cuts the wasm at those points into the shell (midsa.wasm), one file per part
  # (split_*.wasm), what several parts share (chunk_*.wasm) and their loader (__wasm_split.js).
  log "wasm-split"
  local split=target/front/split
  rm -rf "$split" "$pkg.tmp" && mkdir -p "$split" "$pkg.tmp"
  wasm-split-cli --target=web --out-name=$name "target/front/wasm32-unknown-unknown/$wasm_profile/app.wasm" "$split"
  log "wasm-bindgen"
  wasm-bindgen --target=web --no-typescript --keep-lld-exports --out-name=$name --out-dir="$pkg.tmp" "$split/$name.wasm"
  mv "$pkg.tmp/${name}_bg.wasm" "$pkg.tmp/$name.wasm"
  rm "$split/$name.wasm"
  if $release; then
    log "wasm-opt -Oz"
    # One file per process (binaryen's wasm-opt from npm starts in about a second), on every core.
    printf '%s\0' "$pkg.tmp/$name.wasm" "$split"/*.wasm |
      xargs -0 -n 1 -P "$(nproc)" sh -c 'wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$0" -o "$0"'
    # The glue is minified here, before the parts' directory is named after it.
    log "esbuild --minify (JavaScript glue)"
    # (wasm-bindgen names the parts' loader once per function it imports, under one key.)
    esbuild "$pkg.tmp/$name.js" --minify --log-level=warning --log-override:duplicate-object-key=silent \
      --outfile="$pkg.tmp/$name.min.js"
    mv "$pkg.tmp/$name.min.js" "$pkg.tmp/$name.js"
  fi
  # Content-addressed names, so browsers may keep every file for ever: the parts and their
  # loader go to split.<hash>/, named after all of them, the shell and the glue they import; the glue
  # (midsa.<hash>.js, named below) imports the loader from there, and the loader the glue.
  local parts
  parts=$(cat "$split"/* "$pkg.tmp/$name.js" "$pkg.tmp/$name.wasm" | sha256sum | cut -c1-20)
  mv "$split" "$pkg.tmp/split.$parts"
  # (Only the module imports: the wasm's own import keeps its name, "./__wasm_split.js".)
  sed -i "s#from *\"\./__wasm_split\.js\"#from \"./split.$parts/__wasm_split.js\"#g" "$pkg.tmp/$name.js"
  if ! grep -q "split.$parts/__wasm_split.js" "$pkg.tmp/$name.js" || grep -q 'from *"\./__wasm_split\.js"' "$pkg.tmp/$name.js"; then
    echo "build-site: the glue does not import the split loader from split.$parts" >&2
    return 1
  fi
  echo "$parts" >"$pkg.tmp/split.txt"
}

log "wasm ($wasm_profile) and server (${server_args[*]:-dev}) at the same time"
# Both target directories exist before the two cargo processes start: on a clean clone each
# created `target/` its own way at once, and the wasm build once failed on the other's rename.
mkdir -p target/front
front &
front_pid=$!
server_status=0
cargo build "${timings[@]}" --package=server --bin=server --no-default-features "${server_args[@]}" || server_status=$?
front_status=0
wait "$front_pid" || front_status=$?
[ "$front_status" -eq 0 ] || { echo "build-site: the wasm build failed" >&2; exit 1; }
[ "$server_status" -eq 0 ] || { echo "build-site: the server build failed" >&2; exit 1; }

if $release; then
  log "esbuild --minify (stylesheet)"
  esbuild style/main.css --minify --log-level=warning --outfile="$pkg.tmp/$name.css"
else
  cp style/main.css "$pkg.tmp/$name.css"
fi

# Content-named files, and the hash file the server reads.
hashes=""
for ext in js wasm css; do
  hash=$(sha256sum "$pkg.tmp/$name.$ext" | cut -c1-20)
  mv "$pkg.tmp/$name.$ext" "$pkg.tmp/$name.$hash.$ext"
  hashes+="$ext: $hash"$'\n'
done
# The split loader imports the glue under its final name.
parts=$(cat "$pkg.tmp/split.txt") && rm "$pkg.tmp/split.txt"
js_hash=$(printf '%s' "$hashes" | awk '$1 == "js:" { print $2 }')
sed -i "s#\"\./$name\.js\"#\"../$name.$js_hash.js\"#" "$pkg.tmp/split.$parts/__wasm_split.js"
grep -q "\.\./$name.$js_hash.js" "$pkg.tmp/split.$parts/__wasm_split.js" || { echo "build-site: the split loader does not import the glue" >&2; exit 1; }
# The site root holds exactly pkg/ and the public files (one deleted from public/ goes too).
mkdir -p "$site"
find "$site" -mindepth 1 -maxdepth 1 ! -name pkg ! -name pkg.tmp -exec rm -rf {} +
# The parts of the five previous builds stay: a page opened before a new release still loads the
# parts its wasm names (the loader imports that wasm's glue, which the page already holds).
# pkg/split-history.txt lists the kept directories, this build's first.
{ echo "split.$parts"; cat "$pkg/split-history.txt" 2>/dev/null || true; } | awk '!seen[$0]++ && kept++ < 6' >"$pkg.tmp/split-history.txt"
while read -r earlier; do
  if [ "$earlier" != "split.$parts" ] && [ -d "$pkg/$earlier" ]; then mv "$pkg/$earlier" "$pkg.tmp/"; fi
done <"$pkg.tmp/split-history.txt"
rm -rf "$pkg" && mv "$pkg.tmp" "$pkg"
cp -R public/. "$site/"
printf '%s' "$hashes" >"$server_dir/hash.txt"
log "done: $(cd "$pkg" && ls | tr '\n' ' ')"
