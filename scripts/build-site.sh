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
# Output: target/site/pkg/midsa.<hash>.{js,wasm,css} (named after their content, so browsers can
# cache them for ever; the wasm holds only the pages' islands, see app/src/lib.rs `hydrate`),
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

# The browser's side: the islands' wasm, its JavaScript glue and (release) the size optimisation.
front() {
  # The development wasm at opt-level 1 (see [profile.wasm-dev] in Cargo.toml): with --target,
  # RUSTFLAGS reach the wasm's units only, not the host's proc macros and build scripts. Debug
  # assertions and overflow checks stay on, as in the server's development build (rustc would
  # turn them off with the optimisation, and Leptos' hydration of the islands must see the same
  # debug behaviour on both sides).
  local flags="$RUSTFLAGS"
  $release || flags="$flags -C opt-level=1 -C debug-assertions=on -C overflow-checks=on"
  RUSTFLAGS="$flags" cargo build "${timings[@]}" --package=app --lib --target-dir=target/front --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate --profile="$wasm_profile"
  rm -rf "$pkg.tmp" && mkdir -p "$pkg.tmp"
  log "wasm-bindgen"
  wasm-bindgen --target=web --no-typescript --out-name=$name --out-dir="$pkg.tmp" "target/front/wasm32-unknown-unknown/$wasm_profile/app.wasm"
  mv "$pkg.tmp/${name}_bg.wasm" "$pkg.tmp/$name.wasm"
  if $release; then
    log "wasm-opt -Oz"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$pkg.tmp/$name.wasm" -o "$pkg.tmp/$name.wasm"
    log "esbuild --minify (JavaScript glue)"
    esbuild "$pkg.tmp/$name.js" --minify --log-level=warning --outfile="$pkg.tmp/$name.min.js"
    mv "$pkg.tmp/$name.min.js" "$pkg.tmp/$name.js"
  fi
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
# The site root holds exactly pkg/ and the public files (one deleted from public/ goes too).
mkdir -p "$site"
find "$site" -mindepth 1 -maxdepth 1 ! -name pkg ! -name pkg.tmp -exec rm -rf {} +
rm -rf "$pkg" && mv "$pkg.tmp" "$pkg"
cp -R public/. "$site/"
printf '%s' "$hashes" >"$server_dir/hash.txt"
log "done: $(cd "$pkg" && ls | tr '\n' ' ')"
