#!/usr/bin/env bash
# Writes brotli (-q 11) and gzip (-9) copies of the site's js, wasm and css beside them, which
# the server sends to browsers that accept them (ServeDir's precompressed files): the largest
# files are compressed once, at build time and at the strongest level, not per request.
#
# A copy is kept when its time is exactly its file's: each copy is written under a temporary
# name, given its file's time and only then renamed, so a copy cut short (an interrupted run)
# is never taken for a finished one. That relies on what build-site.sh guarantees: a path in the
# site never holds two different contents (the files' names carry their content's hash; the
# parts' directory is named after all of them), and a build replaces pkg/ whole. So a second
# run after no build costs nothing. `-f` makes every copy again.
#
#   ./scripts/precompress.sh [-f] [DIR]   (DIR: target/site/pkg)
set -euo pipefail
cd "$(dirname "$0")/.."
force=false
if [ "${1:-}" = "-f" ]; then
  force=true
  shift
fi
case "${1:-}" in
  -*) echo "usage: $0 [-f] [DIR]" >&2; exit 2 ;;
esac
pkg="${1:-target/site/pkg}"
# Whether the copy `$1` of the file `$2` must be made (again).
stale() { $force || [ ! -f "$1" ] || [ "$1" -nt "$2" ] || [ "$2" -nt "$1" ]; }
# Writes the copy `$2` of the file `$1` with the command that follows (which reads the file on
# stdin), under a temporary name first.
write_copy() {
  local file=$1 copy=$2
  shift 2
  "$@" <"$file" >"$copy.tmp"
  touch -r "$file" "$copy.tmp"
  mv -f "$copy.tmp" "$copy"
}
for f in "$pkg"/*.js "$pkg"/*.wasm "$pkg"/*.css; do
  [ -f "$f" ] || continue
  if stale "$f.gz" "$f"; then write_copy "$f" "$f.gz" gzip -9 -c -n; fi
  if command -v brotli >/dev/null 2>&1 && stale "$f.br" "$f"; then write_copy "$f" "$f.br" brotli -q 11 -c; fi
done
