#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine (run as root, as CI does):
#   scripts/setup.sh demo   -> what the demo needs: build tools, the sidecar's npm packages, faiss-node, model
#   scripts/setup.sh test   -> the above plus what the tests need: every workspace's packages, chromium,
#                              prometheus, the plugin build
# Every step checks first and does nothing when its result is already there. The terminal gets one
# line per step with its duration; everything the tools print goes to the log file
# ($LOGLENS_SETUP_LOG, default .cache/setup.log). On failure the last 40 lines of the log are shown.
# Downloads and builds are cached outside the checkout ($LOGLENS_CACHE, default ~/.cache/loglens) so
# a second clone on the same machine fetches and compiles nothing again.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-demo}"
export LOGLENS_CACHE="${LOGLENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loglens}"
LOG="${LOGLENS_SETUP_LOG:-$PWD/.cache/setup.log}"
mkdir -p "$(dirname "$LOG")" "$LOGLENS_CACHE"
: >"$LOG"
SETUP_START=$(date +%s)

fmt_secs() { local s=$1; if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }

# step LABEL COMMAND...: runs COMMAND with its output in the log; prints "[setup] LABEL ... 12s".
step() {
  local label=$1; shift
  local t0; t0=$(date +%s)
  echo "--- $label: $*" >>"$LOG"
  if "$@" >>"$LOG" 2>&1; then
    printf '[setup] %s ... %s\n' "$label" "$(fmt_secs $(($(date +%s) - t0)))" >&2
  else
    local rc=$?
    printf '[setup] %s ... FAILED after %s (exit %d); last 40 lines of %s:\n' "$label" "$(fmt_secs $(($(date +%s) - t0)))" "$rc" "$LOG" >&2
    tail -n 40 "$LOG" >&2
    exit "$rc"
  fi
}

need_node_major=20
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" != "$need_node_major" ]; then
  echo "LogLens needs Node.js ${need_node_major}.x on PATH (better-sqlite3 12 and onnxruntime-node builds are pinned to it); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# --- Debian packages -----------------------------------------------------------------------------
# build-essential + python3: node-gyp builds better-sqlite3 from source (no prebuilt downloads here).
# maven + a JDK: the embedding model ships inside a Maven Central artifact. libfaiss-dev and friends:
# faiss-node is compiled against Debian's faiss (backend/scripts/build-faiss-node.sh). All in one
# apt-get run: one index update, one dpkg pass.
APT=(build-essential python3 unzip ca-certificates curl libfaiss-dev libomp-dev libopenblas-dev cmake g++ make)
command -v mvn >/dev/null 2>&1 || APT+=(maven default-jdk-headless)
if [ "$PURPOSE" = "test" ]; then
  # libfaketime: the suite is also run with the clock moved (see scripts/test.sh --faketime).
  APT+=(chromium prometheus libfaketime)
fi
MISSING=()
for p in "${APT[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || MISSING+=("$p"); done
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@"
}
if ((${#MISSING[@]})); then
  step "Debian packages (${#MISSING[@]}: ${MISSING[*]:0:4}$( ((${#MISSING[@]} > 4)) && echo ' ...'))" apt_install "${MISSING[@]}"
fi

# --- npm packages --------------------------------------------------------------------------------
# onnxruntime-node's install script fetches CUDA binaries from a host we cannot reach: skip it (CPU
# build ships in the package). faiss-node is an optional dependency whose own script fails here;
# npm tolerates that and build-faiss-node.sh builds it below.
# The demo needs the sidecar's packages only (npm ci -w backend: no Grafana, webpack, jest); the tests
# need every workspace. The stamp records which set is installed for which lock file.
export ONNXRUNTIME_NODE_INSTALL=skip
export npm_config_cache="${npm_config_cache:-$LOGLENS_CACHE/npm}"
stamp=node_modules/.loglens-npm-ci.sha
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
# want_set: the stamps that satisfy this purpose; installed: the stamp this purpose's install writes.
if [ "$PURPOSE" = "test" ]; then
  want_set=("all:$lock"); npm_args=(); installed="all:$lock"
else
  want_set=("all:$lock" "backend:$lock"); npm_args=(-w backend); installed="backend:$lock"
fi
ok=0
for w in "${want_set[@]}"; do [ "$have" = "$w" ] && ok=1; done
[ -d node_modules/better-sqlite3/build ] || ok=0
npm_install() {
  npm ci --no-audit --no-fund --loglevel=error --prefer-offline "${npm_args[@]}"
  echo "$installed" >"$stamp"
}
if ((ok == 0)); then
  step "npm packages (${npm_args[*]:-all workspaces})" npm_install
fi

# --- native vector index and models --------------------------------------------------------------
step "faiss-node native addon" bash backend/scripts/build-faiss-node.sh
step "embedding model (all-MiniLM-L6-v2, sha256-checked)" bash backend/scripts/provision-models.sh

if [ "$PURPOSE" = "test" ]; then
  # The answer stage is tested against a real Ollama (built from its Go module, cached by version).
  if bash scripts/provision-ollama.sh --check; then
    step "real Ollama v0.17.4 + 2 small models (cached)" bash scripts/provision-ollama.sh
  else
    step "real Ollama v0.17.4 + 2 small models (first build: 3-10 min)" bash scripts/provision-ollama.sh
  fi
fi

if [ "$PURPOSE" = "test" ]; then
  # A real 2-node OpenSearch cluster for the scale-out tests (Maven Central artifacts, cached).
  step "OpenSearch 2.19.1 from Maven Central (cached)" bash scripts/opensearch/install.sh
fi

if [ "$PURPOSE" = "test" ] && [ ! -f dist/module.js ]; then
  step "Grafana plugin build (dist/)" npm run build --silent
fi
printf '[setup] ready (%s) in %s; log: %s\n' "$PURPOSE" "$(fmt_secs $(($(date +%s) - SETUP_START)))" "$LOG" >&2
