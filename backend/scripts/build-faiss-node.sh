#!/usr/bin/env bash
# Builds the faiss-node native addon against Debian 12's libfaiss-dev (1.7.3).
#
# Why: faiss-node's own install script downloads a prebuilt binary or clones faiss from GitHub,
# neither of which is reachable here. Its npm tarball ships the C++ source (src/faiss.cc), which
# compiles against Debian's static libfaiss once two 1.7.3-vs-1.7.4 differences are bridged:
#   * faiss 1.7.3 only has `faiss::Index::idx_t`; the addon uses `faiss::idx_t` (1.7.4+).
#   * libfaiss.a needs OpenMP and BLAS/LAPACK at link time (its CMake config says so).
#
# Idempotent and non-interactive: installs apt packages only when missing, builds in a scratch copy
# (never edits the addon's sources in node_modules), drops the result at
# node_modules/faiss-node/build/Release/faiss-node.node (where `bindings` looks) and skips all work
# when a stamp says the same source + libfaiss version was already built. `--force` rebuilds.
#
# Usage (as root, from anywhere): backend/scripts/build-faiss-node.sh [--force]
set -euo pipefail

FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BACKEND_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
START_S=$(date +%s)

log() { printf '[build-faiss-node] %s\n' "$*" >&2; }

# --- 1. system packages -----------------------------------------------------------------------
# libgomp1 (GCC's OpenMP runtime) is what g++ -fopenmp links; libomp-dev is installed because the
# brief asks for it and CMake's FindOpenMP is happy with either.
APT_PKGS=(libfaiss-dev libomp-dev libopenblas-dev cmake g++ make)
MISSING=()
for p in "${APT_PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || MISSING+=("$p")
done
if ((${#MISSING[@]})); then
  log "installing missing apt packages: ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${MISSING[@]}"
else
  log "apt packages present: ${APT_PKGS[*]}"
fi
FAISS_DEB_VERSION="$(dpkg-query -W -f='${Version}' libfaiss-dev)"

# --- 2. locate the npm pieces -----------------------------------------------------------------
resolve_pkg_dir() { # $1 = package name; resolves like Node would from backend/
  (cd "$BACKEND_DIR" && node -e '
    const path = require("node:path");
    try { console.log(path.dirname(require.resolve(process.argv[1] + "/package.json"))); }
    catch { process.exit(1); }' "$1")
}
REPO_ROOT="$(cd "$BACKEND_DIR/.." && pwd)"
if ! resolve_pkg_dir faiss-node >/dev/null; then
  # Expected after `npm ci`: npm runs faiss-node's install script, which fails offline, and since the
  # package is an optionalDependency npm removes it (and its optional-only deps) and carries on.
  # Put the locked version back WITHOUT scripts; --no-save leaves package.json and the lock alone.
  LOCKED="$(node -p "require('$REPO_ROOT/package-lock.json').packages['node_modules/faiss-node']?.version ?? ''")"
  [[ -n "$LOCKED" ]] || { log "faiss-node is not in $REPO_ROOT/package-lock.json"; exit 1; }
  log "faiss-node missing from node_modules (npm drops a failed optional dep); reinstalling $LOCKED without scripts"
  NPM_LOCK=(); command -v flock >/dev/null && NPM_LOCK=(flock /tmp/loglens-npm.lock)
  (cd "$REPO_ROOT" && "${NPM_LOCK[@]}" npm install --no-save --ignore-scripts --no-audit --no-fund -w backend "faiss-node@$LOCKED" >&2)
fi
FAISS_NODE_DIR="$(resolve_pkg_dir faiss-node)"
ADDON_API_DIR="$(resolve_pkg_dir node-addon-api)"
CMAKE_JS_DIR="$(resolve_pkg_dir cmake-js)" || { log "cmake-js missing: npm install -w backend -D cmake-js"; exit 1; }
FAISS_NODE_VERSION="$(node -p "require('$FAISS_NODE_DIR/package.json').version")"

OUT_DIR="$FAISS_NODE_DIR/build/Release"
OUT_NODE="$OUT_DIR/faiss-node.node"
STAMP_FILE="$OUT_DIR/.loglens-build-stamp"
# Bump PATCH_REV when the patch or CMakeLists below change, so existing builds are redone.
PATCH_REV=6
STAMP="faiss-node=$FAISS_NODE_VERSION src=$(sha256sum "$FAISS_NODE_DIR/src/faiss.cc" | cut -c1-16) libfaiss=$FAISS_DEB_VERSION patch=$PATCH_REV"

check_require() {
  (cd "$BACKEND_DIR" && node -e '
    const f = require("faiss-node");
    const ix = new f.IndexFlatIP(2);
    ix.add([1, 0, 0, 1]);
    const r = ix.search([1, 0], 1);
    if (r.labels[0] !== 0) { console.error("unexpected search result", r); process.exit(1); }
    const hnsw = f.Index.fromFactory(2, "HNSW8", f.MetricType.METRIC_INNER_PRODUCT);
    hnsw.add([1, 0, 0, 1]);
    if (hnsw.search([0, 1], 1).labels[0] !== 1) process.exit(1);
    if (f.loglensFloat32Input !== true) { console.error("Float32Array input path missing"); process.exit(1); }
    if (hnsw.search(new Float32Array([0, 1]), 1).labels[0] !== 1) process.exit(1);
    hnsw.dispose();
    if (hnsw.ntotal() !== 0) { console.error("dispose() missing or ineffective"); process.exit(1); }
    (async () => {
      const ivf = f.Index.fromFactory(2, "IVF2,Flat", f.MetricType.METRIC_INNER_PRODUCT);
      await ivf.trainAsync(Float32Array.from({ length: 160 }, (_, i) => ((i * 7919) % 101) / 101));
      if (!ivf.isTrained()) { console.error("trainAsync() did not train"); process.exit(1); }
      const tmp = require("node:path").join(require("node:os").tmpdir(), "loglens-faiss-check-" + process.pid);
      ix.writeAsync(tmp).then(() => {
        const back = f.Index.read(tmp);
        require("node:fs").rmSync(tmp);
        if (back.ntotal() !== 2) { console.error("writeAsync() wrote", back.ntotal()); process.exit(1); }
        console.log("faiss-node OK");
      }, (e) => { console.error("writeAsync() failed", e); process.exit(1); });
    })();')
}

if ((FORCE == 0)) && [[ -f "$OUT_NODE" && -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$STAMP" ]] && check_require; then
  log "already built ($STAMP); use --force to rebuild"
  exit 0
fi

# A build made for the same stamp by an earlier checkout on this machine (npm ci empties
# node_modules, a fresh clone has none): reuse it when its sha256 matches the one recorded beside it.
CACHE_DIR="${LOGLENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loglens}/faiss-node/$(printf '%s' "$STAMP" | sha256sum | cut -c1-16)"
if ((FORCE == 0)) && [[ -f "$CACHE_DIR/faiss-node.node" && -f "$CACHE_DIR/sha256" ]] &&
   [[ "$(sha256sum "$CACHE_DIR/faiss-node.node" | cut -d' ' -f1)" == "$(cat "$CACHE_DIR/sha256")" ]]; then
  mkdir -p "$OUT_DIR"
  cp "$CACHE_DIR/faiss-node.node" "$OUT_NODE.tmp.$$"
  mv -f "$OUT_NODE.tmp.$$" "$OUT_NODE"
  if check_require; then
    printf '%s' "$STAMP" >"$STAMP_FILE"
    log "reused the cached build in $CACHE_DIR ($STAMP)"
    exit 0
  fi
  log "cached build in $CACHE_DIR failed its check; rebuilding"
fi

# --- 3. scratch copy + patch ------------------------------------------------------------------
WORK_DIR="$BACKEND_DIR/.cache/faiss-node-build"
rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR/src"
cp "$FAISS_NODE_DIR/src/faiss.cc" "$WORK_DIR/src/faiss.cc"

# A forced include keeps the upstream file byte-identical: it defines faiss::idx_t for 1.7.3.
# In faiss >= 1.7.4 the alias already exists at namespace scope and redeclaring it to the same type
# is legal C++, so the shim is harmless there.
cat >"$WORK_DIR/src/faiss_compat.h" <<'COMPAT_H'
#pragma once
#include <exception>
#include <memory>
#include <vector>
#include <faiss/Index.h>
namespace faiss {
using idx_t = Index::idx_t;
}
// node-addon-api only turns Napi::Error into JS exceptions; any other C++ exception escaping a
// method calls std::terminate. faiss reports misuse (add before train, unwritable path, remove on
// HNSW, bad_alloc) by throwing, so every faiss call the addon leaves unguarded gets this wrapper.
#define LOGLENS_FAISS_GUARD(stmt)                                          \
  try {                                                                    \
    stmt;                                                                  \
  } catch (const std::exception &loglens_ex) {                             \
    Napi::Error::New(env, loglens_ex.what()).ThrowAsJavaScriptException(); \
    return env.Undefined();                                                \
  }

// writeAsync / trainAsync run faiss on a libuv pool thread and settle a promise, so a multi-GB
// index write or an IVF k-means (tens of seconds at 2048 lists) no longer blocks the event loop.
// The worker holds references to the JS index object (and the training array), so neither is
// collected meanwhile; JS must not add, remove or dispose while one is pending (vector-index.ts
// enforces that). Searches may run meanwhile: write_index and search only read the index.
#include <napi.h>
#include <faiss/index_io.h>
#include <string>
class LoglensIndexWorker : public Napi::AsyncWorker {
public:
  LoglensIndexWorker(Napi::Env env, faiss::Index *index, Napi::Object owner)
      : Napi::AsyncWorker(env, "loglens-faiss"), index_(index), deferred_(Napi::Promise::Deferred::New(env)) {
    owner_ = Napi::Persistent(owner);
  }
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      Run();
    } catch (const std::exception &e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

protected:
  virtual void Run() = 0;
  faiss::Index *index_;

private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference owner_;
};
class LoglensWriteWorker : public LoglensIndexWorker {
public:
  LoglensWriteWorker(Napi::Env env, faiss::Index *index, Napi::Object owner, std::string fname)
      : LoglensIndexWorker(env, index, owner), fname_(std::move(fname)) {}

protected:
  void Run() override { faiss::write_index(index_, fname_.c_str()); }

private:
  std::string fname_;
};
class LoglensTrainWorker : public LoglensIndexWorker {
public:
  LoglensTrainWorker(Napi::Env env, faiss::Index *index, Napi::Object owner, Napi::Float32Array data)
      : LoglensIndexWorker(env, index, owner), n_(data.ElementLength() / index->d), x_(data.Data()) {
    data_ = Napi::Persistent(data);
  }

protected:
  void Run() override { index_->train(n_, x_); }

private:
  size_t n_;
  const float *x_;
  Napi::Reference<Napi::Float32Array> data_;
};
COMPAT_H

# Wrap the unguarded faiss calls. Each pattern must match exactly once, so a changed upstream
# source fails the build loudly instead of silently shipping an addon that can abort the process.
node - "$WORK_DIR/src/faiss.cc" <<'PATCH_JS'
const fs = require('node:fs');
const file = process.argv[2];
let src = fs.readFileSync(file, 'utf8');
const guards = [
  ['index_->add(dv.quot, xb);', 'LOGLENS_FAISS_GUARD(index_->add(dv.quot, xb));'],
  ['index_->train(dv.quot, xb);', 'LOGLENS_FAISS_GUARD(index_->train(dv.quot, xb));'],
  ['index_->search(nq, xq, k, D, I);', 'LOGLENS_FAISS_GUARD(index_->search(nq, xq, k, D, I));'],
  ['faiss::write_index(index_.get(), fname.c_str());',
   'LOGLENS_FAISS_GUARD(faiss::write_index(index_.get(), fname.c_str()));'],
  ['faiss::write_index(index_.get(), writer);',
   'LOGLENS_FAISS_GUARD(faiss::write_index(index_.get(), writer));'],
  ['size_t num = index_->remove_ids(faiss::IDSelectorArray{length, xb});',
   'size_t num = 0;\n    LOGLENS_FAISS_GUARD(num = index_->remove_ids(faiss::IDSelectorArray{length, xb}));'],
  // toBuffer/fromBuffer leak their IOWriter/IOReader, i.e. a full copy of the index per call.
  ['faiss::VectorIOWriter *writer = new faiss::VectorIOWriter();',
   'auto writer_owner = std::make_unique<faiss::VectorIOWriter>();\n    faiss::VectorIOWriter *writer = writer_owner.get();'],
  ['faiss::VectorIOReader *reader = new faiss::VectorIOReader();',
   'auto reader_owner = std::make_unique<faiss::VectorIOReader>();\n    faiss::VectorIOReader *reader = reader_owner.get();'],
  // dispose(): the JS wrapper is a few bytes while the native index can be gigabytes, so V8 sees no
  // reason to collect it soon (and napi finalizers run later still). dispose() frees the index now
  // and leaves an empty one behind, so a stray call afterwards cannot touch freed memory.
  ['protected:\n  std::unique_ptr<faiss::Index> index_;',
   'public:\n  Napi::Value dispose(const Napi::CallbackInfo &info)\n  {\n' +
   '    if (index_) index_.reset(new faiss::IndexFlatL2(index_->d));\n' +
   '    return info.Env().Undefined();\n  }\n\n' +
   '  Napi::Value writeAsync(const Napi::CallbackInfo &info)\n  {\n' +
   '    Napi::Env env = info.Env();\n' +
   '    if (info.Length() != 1 || !info[0].IsString())\n    {\n' +
   '      Napi::TypeError::New(env, "writeAsync(path): path must be a string.").ThrowAsJavaScriptException();\n' +
   '      return env.Undefined();\n    }\n' +
   '    auto *w = new LoglensWriteWorker(env, index_.get(), info.This().As<Napi::Object>(), info[0].As<Napi::String>().Utf8Value());\n' +
   '    Napi::Promise p = w->Promise();\n    w->Queue();\n    return p;\n  }\n\n' +
   '  Napi::Value trainAsync(const Napi::CallbackInfo &info)\n  {\n' +
   '    Napi::Env env = info.Env();\n' +
   '    if (info.Length() != 1 || !info[0].IsTypedArray() ||\n' +
   '        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)\n    {\n' +
   '      Napi::TypeError::New(env, "trainAsync(x): x must be a Float32Array.").ThrowAsJavaScriptException();\n' +
   '      return env.Undefined();\n    }\n' +
   '    Napi::Float32Array f32 = info[0].As<Napi::Float32Array>();\n' +
   '    if (f32.ElementLength() == 0 || f32.ElementLength() % index_->d != 0)\n    {\n' +
   '      Napi::Error::New(env, "Invalid the given array length.").ThrowAsJavaScriptException();\n' +
   '      return env.Undefined();\n    }\n' +
   '    auto *w = new LoglensTrainWorker(env, index_.get(), info.This().As<Napi::Object>(), f32);\n' +
   '    Napi::Promise p = w->Promise();\n    w->Queue();\n    return p;\n  }\n' +
   '\nprotected:\n  std::unique_ptr<faiss::Index> index_;'],
  // Float32Array input for add/train/search: upstream reads a JS Array element by element through
  // N-API (~110-175 ns per float, i.e. most of a 1M-vector IVF build); a typed array is read in place.
  // Plain arrays still take the original path. `loglensFloat32Input` tells JS the path exists.
  ...['add', 'train'].map((method) => [
    `Napi::Value ${method}(const Napi::CallbackInfo &info)\n  {\n    Napi::Env env = info.Env();\n`,
    `Napi::Value ${method}(const Napi::CallbackInfo &info)\n  {\n    Napi::Env env = info.Env();\n` +
    `    if (info.Length() == 1 && info[0].IsTypedArray() &&\n` +
    `        info[0].As<Napi::TypedArray>().TypedArrayType() == napi_float32_array)\n    {\n` +
    `      Napi::Float32Array f32 = info[0].As<Napi::Float32Array>();\n` +
    `      size_t length = f32.ElementLength();\n` +
    `      if (length % index_->d != 0)\n      {\n` +
    `        Napi::Error::New(env, "Invalid the given array length.").ThrowAsJavaScriptException();\n` +
    `        return env.Undefined();\n      }\n` +
    `      LOGLENS_FAISS_GUARD(index_->${method}(length / index_->d, f32.Data()));\n` +
    `      return env.Undefined();\n    }\n`,
  ]),
  ['Napi::Value search(const Napi::CallbackInfo &info)\n  {\n    Napi::Env env = info.Env();\n',
   'Napi::Value search(const Napi::CallbackInfo &info)\n  {\n    Napi::Env env = info.Env();\n' +
   '    if (info.Length() == 2 && info[0].IsTypedArray() && info[1].IsNumber() &&\n' +
   '        info[0].As<Napi::TypedArray>().TypedArrayType() == napi_float32_array)\n    {\n' +
   '      Napi::Float32Array f32 = info[0].As<Napi::Float32Array>();\n' +
   '      size_t length = f32.ElementLength();\n' +
   '      const uint32_t k = info[1].As<Napi::Number>().Uint32Value();\n' +
   '      if (length % index_->d != 0 || k > index_->ntotal)\n      {\n' +
   '        Napi::Error::New(env, "Invalid the given array length or k greater than ntotal.").ThrowAsJavaScriptException();\n' +
   '        return env.Undefined();\n      }\n' +
   '      size_t nq = length / index_->d;\n' +
   '      std::vector<idx_t> I(k * nq);\n' +
   '      std::vector<float> D(k * nq);\n' +
   '      LOGLENS_FAISS_GUARD(index_->search(nq, f32.Data(), k, D.data(), I.data()));\n' +
   '      Napi::Array arr_distances = Napi::Array::New(env, k * nq);\n' +
   '      Napi::Array arr_labels = Napi::Array::New(env, k * nq);\n' +
   '      for (size_t i = 0; i < k * nq; i++)\n      {\n' +
   '        arr_distances[i] = Napi::Number::New(env, D[i]);\n' +
   '        arr_labels[i] = Napi::Number::New(env, I[i]);\n      }\n' +
   '      Napi::Object results = Napi::Object::New(env);\n' +
   '      results.Set("distances", arr_distances);\n' +
   '      results.Set("labels", arr_labels);\n' +
   '      return results;\n    }\n'],
  ['Napi::Object Init(Napi::Env env, Napi::Object exports)\n{\n',
   'Napi::Object Init(Napi::Env env, Napi::Object exports)\n{\n' +
   '  exports.Set("loglensFloat32Input", Napi::Boolean::New(env, true));\n'],
  ...['Index', 'IndexFlatL2', 'IndexFlatIP'].map((cls) => [
    `InstanceMethod("toBuffer", &${cls}::toBuffer),`,
    `InstanceMethod("toBuffer", &${cls}::toBuffer),\n      InstanceMethod("dispose", &${cls}::dispose),\n` +
    `      InstanceMethod("writeAsync", &${cls}::writeAsync),\n      InstanceMethod("trainAsync", &${cls}::trainAsync),`,
  ]),
];
for (const [from, to] of guards) {
  const n = src.split(from).length - 1;
  if (n !== 1) {
    console.error(`patch: expected 1 occurrence of ${from}, found ${n}`);
    process.exit(1);
  }
  src = src.replace(from, to);
}
fs.writeFileSync(file, src);
PATCH_JS

# cmake-js only skips downloading Node's full headers (unreachable here) for Node-API projects,
# which it detects through binary.napi_versions in the project's package.json.
cat >"$WORK_DIR/package.json" <<EOF
{ "name": "faiss-node-loglens-build", "private": true, "binary": { "napi_versions": [6] } }
EOF

cat >"$WORK_DIR/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.17)
project(faiss-node LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

# faiss-config.cmake references OpenMP::OpenMP_CXX without finding it, so find it first.
find_package(OpenMP REQUIRED)
find_package(faiss REQUIRED)

add_library(${PROJECT_NAME} SHARED src/faiss.cc ${CMAKE_JS_SRC})
set_target_properties(${PROJECT_NAME} PROPERTIES PREFIX "" SUFFIX ".node")
target_compile_definitions(${PROJECT_NAME} PRIVATE NAPI_VERSION=6 NAPI_CPP_EXCEPTIONS)
target_compile_options(${PROJECT_NAME} PRIVATE -include "${CMAKE_SOURCE_DIR}/src/faiss_compat.h")
target_include_directories(${PROJECT_NAME} PRIVATE ${CMAKE_JS_INC} "${NODE_ADDON_API_DIR}")
target_link_libraries(${PROJECT_NAME} PRIVATE ${CMAKE_JS_LIB} faiss OpenMP::OpenMP_CXX)
EOF

# --- 4. build ----------------------------------------------------------------------------------
log "building faiss-node $FAISS_NODE_VERSION against libfaiss $FAISS_DEB_VERSION in $WORK_DIR"
BUILD_START_S=$(date +%s)
node "$CMAKE_JS_DIR/bin/cmake-js" compile \
  --directory "$WORK_DIR" --out "$WORK_DIR/build" --config Release --prefer-make \
  --parallel "$(nproc)" \
  --CDNODE_ADDON_API_DIR="$ADDON_API_DIR" >&2
BUILD_END_S=$(date +%s)

BUILT="$(find "$WORK_DIR/build" -name 'faiss-node.node' -type f | head -n1)"
[[ -n "$BUILT" ]] || { log "build produced no faiss-node.node"; exit 1; }

# Write beside, then rename: a concurrent `require` never sees a half-copied shared object.
mkdir -p "$OUT_DIR"
cp "$BUILT" "$OUT_NODE.tmp.$$"
mv -f "$OUT_NODE.tmp.$$" "$OUT_NODE"

check_require
printf '%s' "$STAMP" >"$STAMP_FILE"
mkdir -p "$CACHE_DIR"
cp "$OUT_NODE" "$CACHE_DIR/faiss-node.node.tmp.$$"
sha256sum "$CACHE_DIR/faiss-node.node.tmp.$$" | cut -d' ' -f1 >"$CACHE_DIR/sha256"
mv -f "$CACHE_DIR/faiss-node.node.tmp.$$" "$CACHE_DIR/faiss-node.node"
END_S=$(date +%s)
log "done: $OUT_NODE (compile+link $((BUILD_END_S - BUILD_START_S))s, total $((END_S - START_S))s)"
