#!/usr/bin/env bash
# Installs what the tests need, then runs every suite: the sidecar (node:test), the plugin
# (typecheck, lint, Jest + React Testing Library, build + plugin.json/dashboard validation) and the
# real-browser test (Debian chromium + playwright-core) against a running sidecar on the demo data.
# Each suite ends with one line, "=== <suite> ... ok 1m12s" or "... FAILED", and a table of all
# of them closes the run.
#
#   bash scripts/test.sh                   # everything, on the real clock
#   bash scripts/test.sh --faketime +30d   # the sidecar suite with the clock a month ahead (libfaketime)
#   LOGLENS_TEST_FAKETIME=+30d bash scripts/test.sh   # the same
#
# The moved clock proves the suite does not depend on today's date; any FAKETIME offset works
# ("-2y", "+36h"). Monotonic clocks are left alone so timers and durations stay real. Go programs
# (prometheus) read the time without libc and keep the real clock; the tests do not rely on the two
# agreeing.
set -euo pipefail
cd "$(dirname "$0")/.."

FAKETIME_OFFSET="${LOGLENS_TEST_FAKETIME:-}"
while (($#)); do
  case "$1" in
    --faketime) FAKETIME_OFFSET="${2:?--faketime needs an offset, e.g. +30d}"; shift 2 ;;
    --faketime=*) FAKETIME_OFFSET="${1#*=}"; shift ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh test
export ONNXRUNTIME_NODE_INSTALL=skip
# Set-up provisioned the real Ollama: its tests must run, not skip (backend/test/ollama-real.test.ts).
export LOGLENS_REQUIRE_REAL_OLLAMA=1
# ... and OpenSearch (scripts/opensearch/install.sh wrote where): its cluster test must run too.
set -a
# shellcheck disable=SC1091
. .cache/opensearch/env
set +a
export LOGLENS_REQUIRE_OPENSEARCH=1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

fmt_secs() { local s=$1; if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }

status=0
RUN_START=$(date +%s)
SUITES=()
RESULTS=()
TIMES=()
# suite NAME COMMAND...: runs COMMAND with its output as is, then one line with its result and time.
suite() {
  local name=$1; shift
  echo; echo "--- $name: $*"
  local t0 rc=0; t0=$(date +%s)
  "$@" || rc=$?
  local took; took=$(fmt_secs $(($(date +%s) - t0)))
  local result=ok
  if ((rc != 0)); then result=FAILED; status=1; fi
  echo "=== $name ... $result $took"
  SUITES+=("$name"); RESULTS+=("$result"); TIMES+=("$took")
  return 0
}

sidecar_tests=(npm run --silent -w backend test)
sidecar_name="sidecar tests"
if [ -n "$FAKETIME_OFFSET" ]; then
  lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n1 || true)
  if [ -z "$lib" ]; then
    echo "--faketime needs libfaketime (Debian: apt-get install -y libfaketime; scripts/setup.sh test installs it)" >&2
    exit 2
  fi
  # DONT_FAKE_MONOTONIC: only the calendar moves; timers, timeouts and measured durations stay real.
  sidecar_tests=(env LD_PRELOAD="$lib" FAKETIME="$FAKETIME_OFFSET" FAKETIME_DONT_FAKE_MONOTONIC=1 "${sidecar_tests[@]}")
  sidecar_name="sidecar tests (clock $FAKETIME_OFFSET)"
fi

suite "sidecar typecheck" npm run --silent -w backend typecheck
suite "$sidecar_name" "${sidecar_tests[@]}"
suite "plugin typecheck" npm run --silent typecheck
suite "plugin lint" npm run --silent lint
suite "plugin tests (Jest)" npm run --silent test:plugin
suite "plugin build" npm run --silent build
suite "plugin validation" npm run --silent validate:plugin

# The browser test drives the built panel against a real sidecar serving the demo incident.
browser_test() {
  local data key port=18787 sidecar
  data=$(mktemp -d)
  key="ci-browser-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
  # node itself (not npm run) so that $! is the sidecar and the kill below reaches it.
  (cd backend && LOGLENS_DATA_DIR="$data" LOGLENS_PORT=$port LOGLENS_API_KEYS="$key" LOGLENS_LOG_LEVEL=warn \
    exec node --import tsx src/cli/main.ts demo --serve) >"$data/sidecar.log" 2>&1 &
  sidecar=$!
  trap 'kill $sidecar 2>/dev/null || true' EXIT
  # Waits for the sidecar to answer, as long as it is alive (the demo ingests and indexes first,
  # slowly on a busy machine); the deadline only bounds a hang.
  local up=0
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$sidecar" 2>/dev/null || break
    sleep 0.5
  done
  local rc=0
  if ((up)); then
    env LOGLENS_SIDECAR_URL="http://127.0.0.1:$port" LOGLENS_API_KEY="$key" \
      LOGLENS_ASK_FROM=2026-11-24T13:00:00Z LOGLENS_ASK_TO=2026-11-24T14:30:00Z LOGLENS_SKIP_BUILD=1 \
      npm run --silent test:browser || rc=$?
  else
    echo "the demo sidecar did not come up:"; cat "$data/sidecar.log"; rc=1
  fi
  kill "$sidecar" 2>/dev/null || true
  wait "$sidecar" 2>/dev/null || true
  trap - EXIT
  return "$rc"
}
suite "browser test (demo sidecar)" browser_test

echo
echo "=== summary"
printf '%-40s %-7s %s\n' suite result time
for i in "${!SUITES[@]}"; do printf '%-40s %-7s %s\n' "${SUITES[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}"; done
printf '%-40s %-7s %s\n' total "$( ((status == 0)) && echo ok || echo FAILED)" "$(fmt_secs $(($(date +%s) - RUN_START)))"
exit $status
