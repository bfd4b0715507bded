#!/usr/bin/env bash
# Load benchmark with wrk on 127.0.0.1, release build, on SQLite and (when reachable) PostgreSQL:
# requests/s and p50/p99 latency for the stylesheet on kept-alive connections (1, 16 and 64), and
# at 16 and 64 connections for the public agenda page (SSR; from the page cache, and at 1 and 16
# made anew on every request), the
# meeting's .ics, the registration form page, the progress matrix (dashboard; also made anew, and
# signed in as the secretariat, whose pages are never cached) and a
# registration POST (the secretariat registering a new person each request), the public meeting
# page alone and during a burst of 200 wrong sign-ins (each from its own forwarded address, so
# every one runs Argon2), the server's peak RSS, and a trivial axum handler on the same machine
# in the same run as the ceiling. Every row also gives the server process's CPU time (user +
# system) per request answered (the burst row's includes the burst's Argon2).
# Prints Markdown tables (docs/BENCHMARKS.md "Load"). Not part of the test suite (about 6 minutes
# once the release build exists).
#
#   DURATION   seconds per wrk run (default 10)
#   PG_URL     PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test); a database
#              midsa_bench_load is created on it and dropped at the end
#   BACKENDS   "sqlite postgres" (default), or one of them
#   SKIP_BUILD=1  use the release build already in target/
#   PAGE_CACHE=off, MALLOC_ARENA_MAX=N  passed to the server (to measure without the page cache,
#              or with another bound on the allocator's arenas)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
BACKENDS="${BACKENDS:-sqlite postgres}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=midsa RUSTFLAGS="--cfg erase_components"

if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./scripts/setup.sh --test >/dev/null
  ./scripts/build-site.sh --release
fi
# target/site must hold the release build's files, compressed as the server sends them.
./scripts/release-site.sh

port=3307
base="http://127.0.0.1:$port"
work=target/bench-load
rm -rf "$work" && mkdir -p "$work"

# wrk --latency output and the server's CPU ticks over the run → "req/s | p50 | p99 | errors |
# server CPU ms/request": what a request costs the server, whatever wrk (on the same cores) costs.
summarise() { # ticks
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { sock = $0 }
    /requests in/ { n = $1 }
    END {
      err = (bad == "" ? 0 : bad)
      if (sock != "") err = err " (" sock ")"
      cpu = (n > 0 && t >= 0) ? sprintf("%.2f", t * 1000 / hz / n) : "—"
      printf "%s | %s | %s | %s | %s", int(rps), p50, p99, err, cpu
    }'
}

run_wrk() { # name conns url [lua]
  local name=$1 conns=$2 url=$3 lua=${4:-}
  local out="$work/$name-$conns.txt" threads=2
  [ "$conns" -lt 2 ] && threads=1
  local before; before=$(cpu_ticks)
  if [ -n "$lua" ]; then
    wrk -t$threads -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$lua" "$url" >"$out" 2>&1
  else
    wrk -t$threads -c"$conns" -d"${DURATION}s" --timeout 10s --latency -H 'Accept-Encoding: br, gzip' "$url" >"$out" 2>&1
  fi
  local after; after=$(cpu_ticks)
  summarise "$((after - before))" <"$out"
  # Let requests still being answered finish before the next run.
  sleep 2
  # The server's peak resident memory so far (it only grows): the row after which it jumps is
  # the one that set it.
  if [ -n "${pid:-}" ] && [ -r "/proc/$pid/status" ]; then
    echo "$name@$conns $(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")" >>"$work/rss.txt"
  fi
}

# utime + stime of the server (clock ticks), 0 when no server of ours is running.
cpu_ticks() {
  if [ -n "${pid:-}" ] && [ -r "/proc/$pid/stat" ]; then
    # The fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
    sed -E 's/^.*\) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
  else
    echo 0
  fi
}

wait_up() {
  for _ in $(seq 100); do curl -fs "$base/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start" >&2; return 1
}

cat >"$work/register.lua" <<'LUA'
-- One new registration per request, by the signed-in secretariat (no self-registration rate
-- limit); unique emails per thread and request, countries in turn.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local countries = { "AO", "BW", "KM", "CD", "SZ", "LS", "MG", "MW", "MU", "MZ", "NA", "SC", "ZA", "TZ", "ZM", "ZW" }
local n = 0
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Origin"] = os.getenv("BASE")
  wrk.headers["Cookie"] = os.getenv("COOKIE")
end
function request()
  n = n + 1
  local c = countries[(n % #countries) + 1]
  local body = "form[meeting_id]=" .. os.getenv("MEETING") .. "&form[category]=delegate&form[country]=" .. c ..
    "&form[title]=Dr&form[given_name]=Load&form[family_name]=Test" .. tid .. "x" .. n ..
    "&form[position]=Director&form[ministry]=Home+Affairs&form[consent_contact]=on" ..
    "&form[email]=load-" .. tid .. "-" .. n .. "-" .. os.time() .. "@gov.example"
  return wrk.format(nil, "/api/registration/register", nil, body)
end
LUA

cat >"$work/uncached.lua" <<'LUA'
-- A new address on every request (an unused query parameter), so the page cache never has it:
-- every request makes the page anew (the dashboard's matrix comes from the memo of the
-- application state, read once per write: the first reader after a write also pays that read,
-- measured by `cargo bench --bench scale`). The thread's number is part of it: wrk's threads
-- draw the same random numbers, and two threads asking for the same address at once would have
-- one wait for the other's page.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
function init(args)
  wrk.headers["Accept-Encoding"] = "br, gzip"
  local cookie = os.getenv("COOKIE")
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
end
function request()
  n = n + 1
  return wrk.format(nil, os.getenv("PAGE") .. "?uncached=" .. tid .. "-" .. n .. "-" .. math.random(1000000000))
end
LUA

echo "Load benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, wrk -t2 -d${DURATION}s on 127.0.0.1 (wrk shares the cores with the server)"
echo

for backend in $BACKENDS; do
  data="$work/data-$backend"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    if ! psql "$PG_URL" -qc 'SELECT 1' >/dev/null 2>&1; then echo "(PostgreSQL at $PG_URL not reachable: skipped)"; continue; fi
    psql "$PG_URL" -qc 'DROP DATABASE IF EXISTS midsa_bench_load' >/dev/null
    psql "$PG_URL" -qc 'CREATE DATABASE midsa_bench_load' >/dev/null
    db_url="${PG_URL%/*}/midsa_bench_load"
  else
    db_url="sqlite://$data/midsa.db?mode=rwc"
  fi
  # Loopback is a trusted proxy, so the sign-in burst below can come from 200 addresses.
  export DATABASE_URL="$db_url" DATA_DIR="$data" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    TRUSTED_PROXIES=127.0.0.1
  ids=$(./target/release/server bench-data 2>/dev/null | tail -1)
  conference=$(sed -E 's/.*conference=([0-9]+).*/\1/' <<<"$ids")
  plan=$(sed -E 's/.*plan=([0-9]+).*/\1/' <<<"$ids")
  # Another server on the port would answer in this one's place (and be measured).
  if curl -fs "$base/health" >/dev/null 2>&1; then echo "port $port is taken by another server" >&2; exit 1; fi
  rm -f "$work/rss.txt"
  ./target/release/server >"$work/server-$backend.log" 2>&1 &
  pid=$!
  wait_up
  kill -0 $pid 2>/dev/null || { echo "the server stopped: $(tail -1 "$work/server-$backend.log")" >&2; exit 1; }
  cookie=$(curl -s -o /dev/null -D - -H "Origin: $base" -H 'Accept: application/json' \
    --data-urlencode 'form[email]=bench@midsa.example' --data-urlencode 'form[password]=bench password 2026' \
    "$base/api/auth/login" | awk -F'[:;] *' 'tolower($1) == "set-cookie" { print $2; exit }')
  [ -n "$cookie" ] || { echo "could not sign in" >&2; kill $pid; exit 1; }
  echo "### $backend (conference $conference: 60 agenda items, 300 registrations; plan $plan: 16 states × 200 recommendations × 10 cycles)"
  echo
  echo "| endpoint | connections | requests/s | p50 | p99 | errors | server CPU ms/request |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  # The stylesheet every page loads (precompressed, cached immutably by browsers; wrk keeps each
  # connection alive as browsers do): what a page view pays for each of its assets.
  css="pkg/midsa.$(awk '$1 == "css:" { print $2 }' target/release/hash.txt).css"
  for conns in 1 16 64; do
    echo "| \`GET /$css\` (kept-alive connections) | $conns | $(run_wrk static "$conns" "$base/$css") |"
  done
  for conns in 16 64; do
    echo "| \`GET /meetings/$conference/agenda\` | $conns | $(run_wrk agenda "$conns" "$base/meetings/$conference/agenda") |"
  done
  # Made anew on every request: at 1 connection, the CPU column is what one render costs the
  # server with nothing else to do (including waking the threads it passes through).
  for conns in 1 16; do
    echo "| \`GET /meetings/$conference/agenda?uncached=…\` (not in the page cache: made anew) | $conns | $(PAGE="/meetings/$conference/agenda" COOKIE="" run_wrk agenda-uncached "$conns" "$base" "$work/uncached.lua") |"
  done
  for conns in 16 64; do
    echo "| \`GET /meetings/$conference/calendar.ics\` | $conns | $(run_wrk ics "$conns" "$base/meetings/$conference/calendar.ics") |"
  done
  for conns in 16 64; do
    echo "| \`GET /meetings/$conference/register\` | $conns | $(run_wrk form "$conns" "$base/meetings/$conference/register") |"
  done
  for conns in 16 64; do
    echo "| \`GET /meetings/$plan/plan/dashboard\` | $conns | $(run_wrk matrix "$conns" "$base/meetings/$plan/plan/dashboard") |"
  done
  echo "| \`GET /meetings/$plan/plan/dashboard?uncached=…\` (not in the page cache: page made anew, matrix from the memo) | 16 | $(PAGE="/meetings/$plan/plan/dashboard" COOKIE="" run_wrk matrix-uncached 16 "$base" "$work/uncached.lua") |"
  echo "| \`GET /meetings/$plan/plan/dashboard\` signed in (secretariat: page never cached, matrix from the memo) | 16 | $(PAGE="/meetings/$plan/plan/dashboard" COOKIE="$cookie" run_wrk matrix-signed-in 16 "$base" "$work/uncached.lua") |"
  for conns in 16 64; do
    echo "| \`POST /api/registration/register\` | $conns | $(BASE="$base" COOKIE="$cookie" MEETING="$conference" run_wrk register "$conns" "$base" "$work/register.lua") |"
  done
  # Sign-in burst: 200 wrong sign-ins, 20 at a time, each for its own (unknown) account from its
  # own forwarded address (no limit stops them: every one runs Argon2), against the public page.
  # The attacker's client (200 curl processes) runs at the lowest priority: on a real server it
  # runs elsewhere, and here starting 200 processes on the same two cores would be measured as
  # if the server's sign-ins cost it.
  for conns in 16; do
    echo "| \`GET /meetings/$conference\` alone | $conns | $(run_wrk page "$conns" "$base/meetings/$conference") |"
  done
  ( seq 1 200 | nice -n 19 xargs -P 20 -I{} curl -s -o /dev/null -H "Origin: $base" -H 'Accept: application/json' \
      -H 'X-Forwarded-For: 198.51.100.{}' --data-urlencode 'form[email]=nobody{}@bench.example' \
      --data-urlencode 'form[password]=not the password' "$base/api/auth/login" ) &
  burst=$!
  for conns in 16; do
    echo "| \`GET /meetings/$conference\` during 200 wrong sign-ins | $conns | $(run_wrk page-burst "$conns" "$base/meetings/$conference") |"
  done
  wait $burst
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
  made=$(curl -s -H "Cookie: $cookie" "$base/meetings/$conference/registrations.csv" | wc -l)
  kill $pid; wait $pid 2>/dev/null || true
  echo
  echo "Server peak RSS (VmHWM): $((rss / 1024)) MiB. Registrations in the meeting after the run (CSV lines incl. header): $made."
  echo
  echo "Peak RSS (MiB) after each row: $(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' "$work/rss.txt")."
  echo
  if [ "$backend" = postgres ]; then psql "$PG_URL" -qc 'DROP DATABASE IF EXISTS midsa_bench_load' >/dev/null; fi
done

unset DATABASE_URL
LEPTOS_SITE_ADDR="127.0.0.1:$port" ./target/release/server ceiling >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "$base/" >/dev/null 2>&1 && break; sleep 0.1; done
echo "### Ceiling: a trivial axum handler (\`server ceiling\`, \"ok\", no middleware)"
echo
echo "| endpoint | connections | requests/s | p50 | p99 | errors | server CPU ms/request |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for conns in 16 64; do
  echo "| \`GET /\` | $conns | $(run_wrk ceiling "$conns" "$base/") |"
done
kill $pid; wait $pid 2>/dev/null || true
