#!/usr/bin/env bash
# Installs OpenSearch 2.19.1 from Maven Central artifacts (no Docker, no GitHub, no tarball from
# opensearch.org): the integ-test-zip distribution, the k-NN plugin, and the modules the sidecar
# needs that the integ-test-zip leaves out (lang-painless with its SPI, antlr4 and asm jars;
# analysis-common). What each piece is for: scripts/opensearch/README.md.
#
#   bash scripts/opensearch/install.sh           # install (or nothing, when installed); last stdout line: the home dir
#   bash scripts/opensearch/install.sh --check   # exit 0 when installed and current, else 1; prints nothing
#
# Pinned: every file is checked against the sha256 written below (and, when downloaded, against
# Maven Central's published .sha1 as a second check). Cached: downloads live outside the checkout in
# $LOGLENS_CACHE/opensearch/downloads (default ~/.cache/loglens), so a second clone downloads nothing;
# the assembled home is <repo>/.cache/opensearch/opensearch-2.19.1 (git-ignored), or
# $LOGLENS_OPENSEARCH_HOME. Idempotent: a stamp in the home records the recipe it was built from; a
# second run finds it and exits in well under a second. The home is assembled in a temp dir next to
# it and moved into place only when complete.
#
# OpenSearch refuses to run as root, so the test harness (backend/testkit/opensearch.ts) runs it as
# `nobody`: the home is made world-readable, and the install checks that nobody can actually read it
# (a home under /root, mode 700, would fail here rather than at the first test).
#
# Progress: one line per step on stdout ("[opensearch] ... 2s"); everything the tools print goes to
# $LOGLENS_OPENSEARCH_LOG (default <repo>/.cache/opensearch/install.log). Also written:
# <repo>/.cache/opensearch/env, shell-sourceable, with LOGLENS_OPENSEARCH_HOME and OPENSEARCH_JAVA_HOME.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

OS_VERSION="2.19.1"
KNN_VERSION="2.19.1.0"
MAVEN="${LOGLENS_MAVEN_URL:-https://repo1.maven.org/maven2}"
CACHE="${LOGLENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loglens}/opensearch/downloads"
STATE="$REPO/.cache/opensearch"
HOME_DIR="${LOGLENS_OPENSEARCH_HOME:-$STATE/opensearch-$OS_VERSION}"
# A checkout that user nobody cannot reach (under /root, mode 700, as a CI runner may place it):
# as root, the home goes to /opt/loglens instead, so the harness can run the nodes as nobody.
if [[ -z "${LOGLENS_OPENSEARCH_HOME:-}" && $EUID -eq 0 ]] && command -v setpriv >/dev/null &&
  ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$REPO/package.json" 2>/dev/null; then
  HOME_DIR="/opt/loglens/opensearch-$OS_VERSION"
fi
LOG="${LOGLENS_OPENSEARCH_LOG:-$STATE/install.log}"

# Maven path (group/artifact/version/file) and sha256, computed once from the first verified fetch.
# Fields: key, Maven path, sha256.
ARTIFACTS=(
  "dist       org/opensearch/distribution/integ-test-zip/opensearch/$OS_VERSION/opensearch-$OS_VERSION.zip af7152d8b7f6f1cee09d47276b32b70479fe6dd8cdbb61213f84eb7f8098b261"
  "knn        org/opensearch/plugin/opensearch-knn/$KNN_VERSION/opensearch-knn-$KNN_VERSION.zip eab8c9818865bc035212eab5068cdacae164baa09d4c152f49b736d6f6b0e85c"
  "painless   org/opensearch/plugin/lang-painless/$OS_VERSION/lang-painless-$OS_VERSION.jar 3cf5e02efa40ff5b88e74e1ab66a0bc462de3509fab4a6a4ffe90b8d13777a9a"
  "spi        org/opensearch/plugin/opensearch-scripting-painless-spi/$OS_VERSION/opensearch-scripting-painless-spi-$OS_VERSION.jar c2598797a5f6f897ce7e8d05f593ff96de3fbc56c52f299d63cddcae41556dda"
  "antlr      org/antlr/antlr4-runtime/4.13.1/antlr4-runtime-4.13.1.jar 54665d2838cc66458343468efc539e454fc95b46a8a04b13c6ac43fc9be63505"
  "asm        org/ow2/asm/asm/9.7/asm-9.7.jar adf46d5e34940bdf148ecdd26a9ee8eea94496a72034ff7141066b3eea5c4e9d"
  "asmutil    org/ow2/asm/asm-util/9.7/asm-util-9.7.jar 37a6414d36641973f1af104937c95d6d921b2ddb4d612c66c5a9f2b13fc14211"
  "asmtree    org/ow2/asm/asm-tree/9.7/asm-tree-9.7.jar 62f4b3bc436045c1acb5c3ba2d8ec556ec3369093d7f5d06c747eb04b56d52b1"
  "asmcommons org/ow2/asm/asm-commons/9.7/asm-commons-9.7.jar 389bc247958e049fc9a0408d398c92c6d370c18035120395d4cba1d9d9304b7a"
  "asmanalys  org/ow2/asm/asm-analysis/9.7/asm-analysis-9.7.jar 7bc6bcbc21379948a0c8c467fb0f864206e5b818f6bc0b546872f5c9f941556f"
  "analysis   org/opensearch/plugin/analysis-common/$OS_VERSION/analysis-common-$OS_VERSION.jar 13fdc1071af42946b13153a62491a5e9b0ad214d44f7c8153d3afef60f558821"
)
# The recipe's identity: the pinned files plus this layout's version. A change to either rebuilds.
RECIPE_VERSION=1
RECIPE="$(printf '%s\n' "recipe=$RECIPE_VERSION" "${ARTIFACTS[@]}" | sha256sum | cut -d' ' -f1)"
STAMP="$HOME_DIR/.loglens-install"

installed() { [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$RECIPE" ]]; }

java_home() {
  if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then echo "$OPENSEARCH_JAVA_HOME"; return; fi
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"; return; fi
  local j; j="$(command -v java)" || return 1
  dirname "$(dirname "$(readlink -f "$j")")"
}

write_env() {
  local jh; jh="$(java_home)"
  mkdir -p "$STATE"
  printf 'LOGLENS_OPENSEARCH_HOME=%q\nOPENSEARCH_JAVA_HOME=%q\n' "$HOME_DIR" "$jh" >"$STATE/env.tmp"
  mv -f "$STATE/env.tmp" "$STATE/env"
}

if [[ "${1:-}" == "--check" ]]; then installed && exit 0 || exit 1; fi
if installed; then
  write_env
  echo "[opensearch] $OS_VERSION already installed (k-NN $KNN_VERSION, lang-painless, analysis-common)"
  echo "$HOME_DIR"
  exit 0
fi

mkdir -p "$CACHE" "$STATE" "$(dirname "$LOG")"
: >"$LOG"
START=$(date +%s)
fmt_secs() { local s=$1; if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }
# step LABEL COMMAND...: COMMAND's output goes to the log; one line on stdout with the duration.
step() {
  local label=$1; shift
  local t0; t0=$(date +%s)
  echo "--- $label: $*" >>"$LOG"
  # In a subshell run as a plain command, not as an `if` condition: there set -e would be off for
  # everything COMMAND runs, and a failed unzip or cp would go unnoticed.
  local rc=0
  set +e
  ( set -e; "$@" ) >>"$LOG" 2>&1
  rc=$?
  set -e
  if ((rc == 0)); then
    printf '[opensearch] %s ... %s\n' "$label" "$(fmt_secs $(($(date +%s) - t0)))"
  else
    printf '[opensearch] %s ... FAILED after %s (exit %d); last 40 lines of %s:\n' "$label" "$(fmt_secs $(($(date +%s) - t0)))" "$rc" "$LOG" >&2
    tail -n 40 "$LOG" >&2
    exit "$rc"
  fi
}

command -v unzip >/dev/null || { echo "[opensearch] needs unzip (apt-get install unzip)" >&2; exit 1; }
command -v curl >/dev/null || { echo "[opensearch] needs curl (apt-get install curl)" >&2; exit 1; }
JH="$(java_home)" || { echo "[opensearch] needs Java 17+ (apt-get install default-jdk-headless) or OPENSEARCH_JAVA_HOME" >&2; exit 1; }
[[ -x "$JH/bin/java" ]] || { echo "[opensearch] no java at $JH/bin/java" >&2; exit 1; }

# Two installs at once (two test runs) build once.
exec 9>"$STATE/.lock"
flock 9
if installed; then write_env; echo "$HOME_DIR"; exit 0; fi

sha_ok() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }
file_of() { echo "$CACHE/$(basename "$1")"; }

# fetch PATH SHA256: downloads one artifact into the cache unless it is there and verified.
fetch_one() {
  local path=$1 sha=$2 dest; dest="$(file_of "$path")"
  if sha_ok "$dest" "$sha"; then return 0; fi
  echo "GET $MAVEN/$path"
  curl -fsSL --retry 3 --retry-delay 2 -o "$dest.part" "$MAVEN/$path" || { echo "download failed: $MAVEN/$path"; rm -f "$dest.part"; return 1; }
  local got; got="$(sha256sum "$dest.part" | cut -d' ' -f1)"
  if [[ "$got" != "$sha" ]]; then
    echo "sha256 mismatch for $path: got $got, pinned $sha"
    rm -f "$dest.part"
    return 1
  fi
  # Second check: Maven Central's own .sha1 for the file (catches a pin written from a bad fetch).
  local sha1; sha1="$(curl -fsSL --retry 3 "$MAVEN/$path.sha1" | tr -dc '0-9a-f' | cut -c1-40)" || true
  if [[ "$sha1" != "$(sha1sum "$dest.part" | cut -d' ' -f1)" ]]; then
    echo "sha1 mismatch against $MAVEN/$path.sha1 ($sha1)"
    rm -f "$dest.part"
    return 1
  fi
  mv -f "$dest.part" "$dest"
}

download_all() {
  local pids=() a key path sha
  # In parallel: 11 files, ~58 MB; one slow connection should not serialize the rest.
  for a in "${ARTIFACTS[@]}"; do
    read -r key path sha <<<"$a"
    fetch_one "$path" "$sha" &
    pids+=($!)
  done
  local rc=0 p
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return $rc
}

need_download=0
for a in "${ARTIFACTS[@]}"; do
  read -r _ path sha <<<"$a"
  sha_ok "$(file_of "$path")" "$sha" || need_download=1
done
if ((need_download)); then
  step "download ${#ARTIFACTS[@]} artifacts from Maven Central (sha256 + sha1 checked)" download_all
else
  # Cached files are re-verified: a truncated or altered cache fails here, not in a test.
  verify_cached() {
    for a in "${ARTIFACTS[@]}"; do
      read -r _ path sha <<<"$a"
      sha_ok "$(file_of "$path")" "$sha" || { echo "cached $(file_of "$path") fails its sha256"; return 1; }
    done
  }
  step "verify ${#ARTIFACTS[@]} cached artifacts (sha256)" verify_cached
fi

art() { # key -> cached file
  local a key path sha
  for a in "${ARTIFACTS[@]}"; do
    read -r key path sha <<<"$a"
    [[ "$key" == "$1" ]] && { file_of "$path"; return; }
  done
  return 1
}

STAGE="$(dirname "$HOME_DIR")/.opensearch-stage.$$"
trap 'rm -rf "$STAGE"' EXIT

# A module (bundled plugin) assembled the way OpenSearch's own build lays it out:
# modules/<name>/{*.jar, plugin-descriptor.properties[, plugin-security.policy]}.
descriptor() { # name classname extended description
  cat <<EOF
description=$4
version=$OS_VERSION
name=$1
classname=$2
java.version=11
opensearch.version=$OS_VERSION
custom.foldername=
extended.plugins=$3
has.native.controller=false
EOF
}

assemble() {
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  unzip -q "$(art dist)" -d "$STAGE"
  local h="$STAGE/opensearch-$OS_VERSION"

  # lang-painless: k-NN extends it (extended.plugins=lang-painless) for its scoring scripts; its
  # classloader must also hold the SPI that extensions implement, and ANTLR + ASM that it compiles with.
  local m="$h/modules/lang-painless"
  mkdir -p "$m"
  cp "$(art painless)" "$(art spi)" "$(art antlr)" "$(art asm)" "$(art asmutil)" "$(art asmtree)" \
     "$(art asmcommons)" "$(art asmanalys)" "$m/"
  descriptor lang-painless org.opensearch.painless.PainlessPlugin "" \
    "An easy, safe and fast scripting language for OpenSearch" >"$m/plugin-descriptor.properties"
  # The grants of the module's own policy in the OpenSearch source: it generates classes at runtime.
  cat >"$m/plugin-security.policy" <<'EOF'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";

  // needed to find the classloader to load allowlisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF

  # analysis-common: the pattern/whitespace tokenizers and lowercase/word_delimiter filters (the core
  # has only the standard tokenizer). It ships a painless extension, so it extends lang-painless too.
  m="$h/modules/analysis-common"
  mkdir -p "$m"
  cp "$(art analysis)" "$m/"
  descriptor analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin lang-painless \
    'Adds "built in" analyzers to OpenSearch.' >"$m/plugin-descriptor.properties"

  # k-NN: the knn_vector field and k-NN query. Unzipped as is (its own descriptor and policy). The
  # Maven zip carries no faiss/nmslib native libraries: mappings must use "engine": "lucene".
  mkdir -p "$h/plugins/opensearch-knn"
  unzip -q "$(art knn)" -d "$h/plugins/opensearch-knn"

  # Readable (and directories traversable) by everyone: the harness runs the node as nobody.
  chmod -R a+rX "$h"
  echo "$RECIPE" >"$h/.loglens-install.pending"
}
step "assemble home (integ-test-zip + lang-painless + analysis-common + k-NN)" assemble

readable_by_nobody() {
  local h="$STAGE/opensearch-$OS_VERSION"
  if [[ "$(id -u)" != 0 ]]; then echo "not root: the harness runs OpenSearch as $(id -un); skipped"; return 0; fi
  for f in "$h/lib/opensearch-$OS_VERSION.jar" "$h/modules/lang-painless/plugin-security.policy" \
           "$h/plugins/opensearch-knn/opensearch-knn-$KNN_VERSION.jar" "$JH/bin/java"; do
    setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$f" ||
      { echo "user nobody cannot read $f (a parent directory not world-traversable?); set LOGLENS_OPENSEARCH_HOME to a path outside it"; return 1; }
  done
}
step "check the home is readable by nobody" readable_by_nobody

move_into_place() {
  local h="$STAGE/opensearch-$OS_VERSION"
  mv "$h/.loglens-install.pending" "$h/.loglens-install"
  rm -rf "$HOME_DIR"
  mkdir -p "$(dirname "$HOME_DIR")"
  mv "$h" "$HOME_DIR"
}
step "move into place: $HOME_DIR" move_into_place
write_env
echo "[opensearch] $OS_VERSION installed in $(fmt_secs $(($(date +%s) - START))) ($(du -sm "$HOME_DIR" | cut -f1) MB); env: $STATE/env; log: $LOG"
echo "$HOME_DIR"
