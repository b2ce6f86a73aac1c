#!/usr/bin/env bash
# Installs what the tests need, then runs every suite: the sidecar (node:test), the plugin
# (typecheck, lint, Jest + React Testing Library, build + plugin.json/dashboard validation) and the
# real-browser test (Debian chromium + playwright-core) against a running sidecar on the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export ONNXRUNTIME_NODE_INSTALL=skip
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
status=0
run() { echo; echo "=== $*"; "$@" || status=1; }

run npm run --silent -w backend typecheck
run npm run --silent -w backend test
run npm run --silent typecheck
run npm run --silent lint
run npm run --silent test:plugin
run npm run --silent build
run npm run --silent validate:plugin

# The browser test drives the built panel against a real sidecar serving the demo incident.
echo; echo "=== browser test against the sidecar on the demo data"
data=$(mktemp -d)
key="ci-browser-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
port=18787
# node itself (not npm run) so that $! is the sidecar and the kill below reaches it.
(cd backend && LOGLENS_DATA_DIR="$data" LOGLENS_PORT=$port LOGLENS_API_KEYS="$key" LOGLENS_LOG_LEVEL=warn \
  exec node --import tsx src/cli/main.ts demo --serve) > "$data/sidecar.log" 2>&1 &
sidecar=$!
trap 'kill $sidecar 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  run env LOGLENS_SIDECAR_URL="http://127.0.0.1:$port" LOGLENS_API_KEY="$key" \
    LOGLENS_ASK_FROM=2026-11-24T13:00:00Z LOGLENS_ASK_TO=2026-11-24T14:30:00Z LOGLENS_SKIP_BUILD=1 \
    npm run --silent test:browser
else
  echo "the demo sidecar did not come up:"; cat "$data/sidecar.log"; status=1
fi
kill $sidecar 2>/dev/null || true
wait $sidecar 2>/dev/null || true
exit $status
