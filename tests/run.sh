#!/usr/bin/env bash
# Runs every test suite of the project on a Debian 12 machine:
#   1. installs the Debian packages (deploy/install-deps.sh, as root) and the Kafka jars;
#   2. builds with -Werror and runs the unit and integration tests (ctest) against a real
#      single-node Kafka broker started from deploy/kafka/kafka.sh;
#   3. runs the same tests built with AddressSanitizer and UndefinedBehaviorSanitizer, and
#      a subset built with ThreadSanitizer;
#   4. checks the Helm chart, alert rules and dashboard (tests/deploy/run.sh);
#   5. runs the fuzz target and the benchmark for a few seconds each, when present.
#
#   tests/run.sh
#
# Build folders and downloaded tools live in ${XDG_CACHE_HOME:-~/.cache}/attio-kafka-bridge,
# so repeated runs rebuild only what changed. Build folders are kept per checkout path,
# because a CMake build folder belongs to one source folder. ccache keeps compiled objects,
# so a checkout whose build folder was pruned by another checkout's run rebuilds quickly;
# it does not help a clone in a new folder, whose paths differ. Exits 1 when any suite
# failed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/attio-kafka-bridge"
jobs="${BRIDGE_BUILD_JOBS:-2}"
checkout_key="$(printf '%s' "$root" | sha1sum | cut -c1-12)"
builds="$cache/builds/$checkout_key"
suites_passed=0
suites_failed=0
failed_names=()
kafka_dir=""

cleanup() {
  if [[ -n "$kafka_dir" ]]; then
    "$root/deploy/kafka/kafka.sh" stop "$kafka_dir" >/dev/null 2>&1 || true
    rm -rf "$kafka_dir"
  fi
}
trap cleanup EXIT

# Runs one suite, records whether it passed, and goes on either way.
suite() {
  local name="$1"
  shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    suites_passed=$((suites_passed + 1))
    echo "=== $name: passed in $((SECONDS - started)) s"
  else
    suites_failed=$((suites_failed + 1))
    failed_names+=("$name")
    echo "=== $name: FAILED after $((SECONDS - started)) s"
  fi
}

build() {
  local dir="$1"
  shift
  cmake -S "$root" -B "$dir" -G Ninja -DBRIDGE_WERROR=ON "$@" >/dev/null &&
    cmake --build "$dir" -j "$jobs"
}

run_ctest() {
  local dir="$1"
  shift
  ctest --test-dir "$dir" --output-on-failure --timeout 600 -j 1 "$@"
}

# The ThreadSanitizer subset: every unit test, and the integration tests whose threads
# interact most (shutdown and the signal watcher, the secret file watcher, a broker outage
# with the poll and probe threads, and the 5000-delivery load without faults). The other
# fault tests repeat the same code paths with longer runs, and TSan slows code 5 to 15
# times (per the clang ThreadSanitizer documentation).
tsan_integration_tests='^(Shutdown|SecretFileReload|BrokerOutage)\.|^FaultsBrokerRestart\.NoDuplicatesWithoutFaults$'
run_tsan_tests() {
  local dir="$1"
  run_ctest "$dir" -L unit && run_ctest "$dir" -L integration -R "$tsan_integration_tests"
}

set -e
bash "$root/deploy/install-deps.sh"
"$root/deploy/kafka/kafka.sh" fetch
set +e

mkdir -p "$builds"
# Build folders of other checkouts are stale; ccache keeps their objects for a while.
find "$cache/builds" -mindepth 1 -maxdepth 1 -type d ! -name "$checkout_key" -exec rm -rf {} +
# CCACHE_NOHASHDIR lets -g objects match across build folders; their debug info may then
# name the folder of an earlier checkout, which the tests never read.
export CCACHE_DIR="$cache/ccache" CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=2G
export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
export BENCH_BUILD_DIR="$builds/build-bench"
kafka_dir="$(mktemp -d "${TMPDIR:-/tmp}/bridge-kafka-XXXXXX")"
if ! "$root/deploy/kafka/kafka.sh" start "$kafka_dir"; then
  echo "tests/run.sh: error: the local Kafka broker did not start; see $kafka_dir/broker.log" >&2
  exit 1
fi
export BRIDGE_TEST_KAFKA_DIR="$kafka_dir"

suite "build" build "$builds/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
suite "unit and integration tests" run_ctest "$builds/build"
suite "build with ASan+UBSan" build "$builds/build-asan" -DCMAKE_BUILD_TYPE=Debug \
  -DBRIDGE_SANITIZE=address
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  suite "unit and integration tests under ASan+UBSan" run_ctest "$builds/build-asan"
suite "build with TSan" build "$builds/build-tsan" -DCMAKE_BUILD_TYPE=Debug \
  -DBRIDGE_SANITIZE=thread
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
  suite "unit and some integration tests under TSan" run_tsan_tests "$builds/build-tsan"
suite "deployment checks" bash "$root/tests/deploy/run.sh"
if [[ -x "$root/tests/fuzz/run.sh" ]]; then
  BRIDGE_FUZZ_BUILD_DIR="$builds/build-fuzz" suite "fuzzing for 30 s" "$root/tests/fuzz/run.sh" 30
fi
if [[ -x "$root/bench/run.sh" ]]; then
  suite "benchmark smoke run" "$root/bench/run.sh" --quick
fi

echo
if [[ $suites_failed -gt 0 ]]; then
  echo "failed suites: ${failed_names[*]}"
fi
echo "suites: $suites_passed passed, $suites_failed failed"
[[ $suites_failed -eq 0 ]]
