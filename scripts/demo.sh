#!/usr/bin/env bash
# The main job on the embedded default: installs what it needs, generates the sample shop incident,
# ingests it into local SQLite (+ FAISS), asks "why did checkout start failing at 14:05?" and prints
# the cited answer. No Grafana, Loki or Ollama needed (set LOGLENS_OLLAMA_URL to use an Ollama).
# Extra arguments go to `loglens demo` (e.g. --serve to keep the API up, --urls for Explore links).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
export LOGLENS_DATA_DIR="${LOGLENS_DATA_DIR:-$PWD/data/demo}"
# faiss answers one query on one thread; a second OpenMP thread on a busy core only adds waiting.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# A fresh store each run, and no vector index left from the previous store.
rm -rf "$LOGLENS_DATA_DIR/loglens.db" "$LOGLENS_DATA_DIR/loglens.db-wal" "$LOGLENS_DATA_DIR/loglens.db-shm" "$LOGLENS_DATA_DIR/index"
exec npm run --silent -w backend loglens -- demo "$@"
