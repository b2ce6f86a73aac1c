#!/usr/bin/env bash
# Installs what the tests need, then runs every suite: the sidecar (node:test), the plugin
# (Jest + React Testing Library) and the real-browser test (Chromium + playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export ONNXRUNTIME_NODE_INSTALL=skip
status=0
run() { echo; echo "=== $*"; "$@" || status=1; }
run npm run --silent -w backend typecheck
run npm run --silent -w backend test
if [ -f jest.config.js ]; then run npm run --silent test:plugin; fi
if [ -f tests/browser/run.sh ]; then run npm run --silent test:browser; fi
exit $status
