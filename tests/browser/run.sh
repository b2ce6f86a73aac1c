#!/usr/bin/env bash
# Browser test of the built panel. Installs Debian's chromium when missing, builds dist/, runs node:test.
# Real-sidecar test: set LOGLENS_SIDECAR_URL and LOGLENS_API_KEY (optional LOGLENS_ASK_FROM/TO, LOGLENS_TENANT).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "chromium missing: installing Debian's chromium package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ "${LOGLENS_SKIP_BUILD:-}" != "1" ]; then
  npm run --silent build >/dev/null
fi
exec node --test --test-concurrency=1 tests/browser/ask.browser.test.mjs tests/browser/picture.browser.test.mjs
