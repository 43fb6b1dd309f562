#!/usr/bin/env bash
# Builds the delivery fuzzer with clang if needed, then runs it for SECONDS seconds on a fresh
# corpus seeded with tests/fixtures/*.json, and prints how many inputs it executed.
#
# Usage: tests/fuzz/run.sh SECONDS
# Environment: BRIDGE_FUZZ_BUILD_DIR (default: build-fuzz in the repository root).
# Crash inputs are written to $BRIDGE_FUZZ_BUILD_DIR/fuzz-artifacts/; the exit status is
# libFuzzer's, non-zero when it found a crash.
set -euo pipefail

seconds=${1:-}
if [[ ! $seconds =~ ^[0-9]+$ || $seconds -eq 0 ]]; then
  echo "usage: $0 SECONDS (a whole number of seconds to fuzz, e.g. 60)" >&2
  exit 2
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${BRIDGE_FUZZ_BUILD_DIR:-$repo/build-fuzz}
fuzzer=$build_dir/bin/delivery_fuzzer

if [[ ! -x $fuzzer ]]; then
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRIDGE_BUILD_FUZZERS=ON
fi
cmake --build "$build_dir" --target delivery_fuzzer -j2

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$repo"/tests/fixtures/*.json "$corpus"/
mkdir -p "$build_dir/fuzz-artifacts"

# Undefined behaviour stops the run like a crash, except the one RapidJSON report in ubsan.supp.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$repo/tests/fuzz/ubsan.supp"

log=$corpus/fuzzer.log
status=0
"$fuzzer" "$corpus" -max_total_time="$seconds" -max_len=16384 -print_final_stats=1 \
  -artifact_prefix="$build_dir/fuzz-artifacts/" >"$log" 2>&1 || status=$?

grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written' "$log" || true
if [[ $status -ne 0 ]]; then
  echo "the fuzzer failed with status $status; last lines of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$status"
