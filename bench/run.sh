#!/usr/bin/env bash
# Benchmarks attio-kafka-bridge against a local Kafka broker, with nginx and a plain
# librdkafka producer as baselines. See docs/performance.md for the method.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${SCRIPT_DIR}/.." && pwd)"
readonly SCRIPT_DIR REPO_DIR
# A CMake build folder belongs to one source folder, so each checkout gets its own.
readonly BUILD_DIR="${BENCH_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/attio-kafka-bridge/builds/bench-$(printf '%s' "$REPO_DIR" | sha1sum | cut -c1-12)}"
readonly FIXTURES="${REPO_DIR}/tests/fixtures"
readonly READY_TIMEOUT_S=30
readonly STOP_TIMEOUT_S=30

usage() {
    cat <<EOF
Usage: bench/run.sh [--quick]

Builds the bridge and the benchmark tools (Release, in ${BUILD_DIR}),
starts a Kafka broker and the bridge on 127.0.0.1, sends signed deliveries and checks
that every delivery answered 200 is in Kafka.

  (no option)  Full run, about 5 minutes: closed loop at concurrency 1, 8, 32 and 64,
               open loop at 500, 2000 and 8000 deliveries/s, the same load against
               nginx, and a librdkafka producer baseline. Writes
               bench/results/<timestamp>.json and .md.
  --quick      Smoke run: one closed-loop and one open-loop phase, no baselines.
               Prints the report; writes nothing into the repository.

Exits non-zero when a delivery answered 200 is missing from Kafka or no delivery was
answered 200.

Environment:
  BENCH_BUILD_DIR   build folder (now ${BUILD_DIR})
  BENCH_PERF=PHASE  record a perf profile of the bridge during PHASE (e.g. closed-c32)
                    and write it next to the report as .perf.txt
  BENCH_KEEP_WORK=1 keep the temporary folder with logs and raw summaries
EOF
}

log() {
    echo "bench: $*" >&2
}

die() {
    log "error: $*"
    exit 1
}

mode=full
case "${1:-}" in
    "") ;;
    --quick) mode=quick ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

for tool in cmake ninja java kcat curl python3; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'${tool}' not found in PATH; deploy/install-deps.sh installs the tools this script uses"
done

WORK="$(mktemp -d /tmp/attio-bench.XXXXXX)"
readonly WORK
bridge_pid=""
nginx_pid=""
kafka_started=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$bridge_pid" ]] && stop_pid "$bridge_pid" bridge
    [[ -n "$nginx_pid" ]] && stop_pid "$nginx_pid" nginx QUIT
    if [[ -n "$kafka_started" ]]; then
        "${REPO_DIR}/deploy/kafka/kafka.sh" stop "${WORK}/kafka" >/dev/null 2>&1 || true
    fi
    if [[ "${BENCH_KEEP_WORK:-0}" == 1 || $status -ne 0 ]]; then
        log "logs and raw summaries kept in ${WORK}"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sends SIGNAL (default TERM) to pid, waits up to STOP_TIMEOUT_S, then sends SIGKILL.
# Prints nothing; the exit status of a child is collected with wait.
stop_pid() {
    local pid="$1" name="$2" signal="${3:-TERM}"
    kill -"$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT_S))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "${name} (pid ${pid}) still runs ${STOP_TIMEOUT_S} s after SIG${signal}; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

status_kib() {
    awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"
}

# ---------------------------------------------------------------- build
build() {
    log "building Release into ${BUILD_DIR}"
    if ! { cmake -S "$REPO_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DBRIDGE_BUILD_TESTS=OFF -DBRIDGE_BUILD_BENCH=ON &&
        cmake --build "$BUILD_DIR" -j2; } >"${WORK}/build.log" 2>&1; then
        tail -n 40 "${WORK}/build.log" >&2
        die "the build failed; see the output above"
    fi
}

# ---------------------------------------------------------------- bridge
BRIDGE_LISTEN=""

# Starts the bridge, waits for /readyz 200 and writes the start-up time and idle RSS to
# WORK/NAME.start.json.
start_bridge() {
    local name="$1" log_file="${WORK}/${name}.bridge.log"
    local started
    : >"$log_file"
    started="$(now_ms)"
    "${BUILD_DIR}/bin/attio-kafka-bridge" serve --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 \
        --secret-file "${WORK}/secret" --kafka-brokers "$BOOTSTRAP" --shutdown-grace 0 \
        2>"$log_file" &
    bridge_pid=$!

    local deadline=$((SECONDS + READY_TIMEOUT_S)) started_line=""
    until started_line="$(grep -m1 '"message":"attio-kafka-bridge started"' "$log_file")"; do
        kill -0 "$bridge_pid" 2>/dev/null || { tail -n 20 "$log_file" >&2; die "the bridge exited during start-up"; }
        ((SECONDS < deadline)) || die "the bridge logged no start line within ${READY_TIMEOUT_S} s; see ${log_file}"
        sleep 0.01
    done
    BRIDGE_LISTEN="$(grep -o '"listen":"[^"]*"' <<<"$started_line" | cut -d'"' -f4)"
    local admin
    admin="$(grep -o '"admin_listen":"[^"]*"' <<<"$started_line" | cut -d'"' -f4)"
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://${admin}/readyz")" == 200 ]]; do
        kill -0 "$bridge_pid" 2>/dev/null || { tail -n 20 "$log_file" >&2; die "the bridge exited before it was ready"; }
        ((SECONDS < deadline)) || die "/readyz on ${admin} did not return 200 within ${READY_TIMEOUT_S} s"
        sleep 0.01
    done
    local ready
    ready="$(now_ms)"
    printf '{"startup_ms": %d, "idle_rss_kib": %d}\n' $((ready - started)) \
        "$(status_kib "$bridge_pid" VmRSS)" >"${WORK}/${name}.start.json"
}

stop_bridge() {
    local name="$1"
    kill -TERM "$bridge_pid" 2>/dev/null || true
    local exit_code=0
    wait "$bridge_pid" || exit_code=$?
    bridge_pid=""
    printf '{"exit_code": %d}\n' "$exit_code" >"${WORK}/${name}.stop.json"
}

# Runs the load generator against TARGET. The remaining arguments go to bench_loadgen.
loadgen() {
    local target="$1"
    shift
    "${BUILD_DIR}/bin/bench_loadgen" --target "$target" --fixtures "$FIXTURES" \
        --secret-file "${WORK}/secret" "$@"
}

# Sends one of each event type three times, so topics exist and connections are warm.
warm_up() {
    local target="$1" prefix="$2" expect="$3"
    shift 3
    loadgen "$target" --key-prefix "$prefix" --count 102 --concurrency 8 --duration-ms 30000 \
        --expect-status "$expect" --summary-out "${WORK}/${prefix}.warmup.json" "$@"
}

# Runs one measured phase against a fresh bridge. Arguments after NAME go to bench_loadgen.
bridge_phase() {
    local name="$1"
    shift
    log "bridge ${name}"
    start_bridge "$name"
    warm_up "$BRIDGE_LISTEN" "${RUN_ID}-${name}-warm" 200 --keys-out "${WORK}/${name}.warm.keys"
    local perf_pid=""
    if [[ "${BENCH_PERF:-}" == "$name" ]]; then
        command -v perf >/dev/null || die "BENCH_PERF is set but perf is not installed (Debian package linux-perf)"
        perf record -F 499 -g -p "$bridge_pid" -o "${WORK}/perf.data" >"${WORK}/perf.log" 2>&1 &
        perf_pid=$!
    fi
    loadgen "$BRIDGE_LISTEN" --key-prefix "${RUN_ID}-${name}" --watch-pid "bridge=${bridge_pid}" \
        --keys-out "${WORK}/${name}.keys" --summary-out "${WORK}/${name}.load.json" "$@"
    if [[ -n "$perf_pid" ]]; then
        kill -INT "$perf_pid" 2>/dev/null || true
        # perf exits non-zero after SIGINT, so judge it by the file it wrote.
        wait "$perf_pid" || true
        [[ -s "${WORK}/perf.data" ]] || log "perf record wrote no profile; see ${WORK}/perf.log"
    fi
    printf '{"peak_rss_kib": %d}\n' "$(status_kib "$bridge_pid" VmHWM)" >"${WORK}/${name}.peak.json"
    stop_bridge "$name"
}

# ---------------------------------------------------------------- nginx
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nginx() {
    local dir="${WORK}/nginx" port
    mkdir -p "$dir"
    port="$(free_port)"
    sed -e "s|@DIR@|${dir}|g" -e "s|@PORT@|${port}|g" "${SCRIPT_DIR}/nginx.conf.in" >"${dir}/nginx.conf"
    nginx -p "$dir" -c "${dir}/nginx.conf" -e "${dir}/error.log" &
    nginx_pid=$!
    NGINX_LISTEN="127.0.0.1:${port}"
    local deadline=$((SECONDS + READY_TIMEOUT_S))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://${NGINX_LISTEN}/webhooks/attio")" == 204 ]]; do
        kill -0 "$nginx_pid" 2>/dev/null || { cat "${dir}/error.log" >&2; die "nginx exited during start-up"; }
        ((SECONDS < deadline)) || die "nginx did not respond with 204 on ${NGINX_LISTEN} within ${READY_TIMEOUT_S} s"
        sleep 0.05
    done
    NGINX_WATCH=(--watch-pid "nginx=${nginx_pid}")
    local child
    for child in $(cat "/proc/${nginx_pid}/task/${nginx_pid}/children"); do
        NGINX_WATCH+=(--watch-pid "nginx=${child}")
    done
}

nginx_phase() {
    local name="$1"
    shift
    log "nginx ${name}"
    loadgen "$NGINX_LISTEN" --key-prefix "${RUN_ID}-nginx-${name}" --expect-status 204 \
        "${NGINX_WATCH[@]}" --summary-out "${WORK}/nginx-${name}.load.json" "$@"
}

# ---------------------------------------------------------------- main
RUN_ID="run$(date -u +%Y%m%dT%H%M%SZ)"
readonly RUN_ID
TIMESTAMP="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
readonly TIMESTAMP
run_started=$SECONDS

build

umask 077
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"${WORK}/secret"
umask 022

log "starting the Kafka broker"
kafka_started=1
BOOTSTRAP="$("${REPO_DIR}/deploy/kafka/kafka.sh" start "${WORK}/kafka" 2>"${WORK}/kafka.err" | tail -n 1)" ||
    { cat "${WORK}/kafka.err" >&2; die "the Kafka broker did not start"; }
readonly BOOTSTRAP

if [[ "$mode" == quick ]]; then
    PHASES=("closed-c8:--mode closed --concurrency 8 --count 300 --duration-ms 3000"
        "open-r200:--mode open --rate 200 --connections 32 --count 400 --duration-ms 2000")
else
    PHASES=("closed-c1:--mode closed --concurrency 1 --count 100000 --duration-ms 10000"
        "closed-c8:--mode closed --concurrency 8 --count 100000 --duration-ms 10000"
        "closed-c32:--mode closed --concurrency 32 --count 100000 --duration-ms 10000"
        "closed-c64:--mode closed --concurrency 64 --count 100000 --duration-ms 10000"
        "open-r500:--mode open --rate 500 --connections 32 --count 5000 --duration-ms 10000"
        "open-r2000:--mode open --rate 2000 --connections 32 --count 20000 --duration-ms 10000"
        "open-r8000:--mode open --rate 8000 --connections 32 --count 80000 --duration-ms 10000")
fi

for phase in "${PHASES[@]}"; do
    # shellcheck disable=SC2086 # the phase arguments are split on purpose
    bridge_phase "${phase%%:*}" ${phase#*:}
done

log "checking that every delivery answered 200 is in Kafka"
cat "${WORK}"/*.keys >"${WORK}/expected.tsv"
for topic in $(cut -f1 "${WORK}/expected.tsv" | sort -u); do
    timeout 120 kcat -b "$BOOTSTRAP" -C -t "$topic" -o beginning -e -q -f "${topic}\t%k\n" ||
        die "reading topic ${topic} with kcat failed"
done >"${WORK}/found.tsv"

if [[ "$mode" == full ]]; then
    command -v nginx >/dev/null 2>&1 || {
        log "nginx not found; installing the Debian package nginx-light"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >"${WORK}/apt.log" 2>&1 ||
            die "installing nginx-light failed; see ${WORK}/apt.log"
    }
    start_nginx
    loadgen "$NGINX_LISTEN" --key-prefix "${RUN_ID}-nginx-warm" --count 102 --concurrency 8 \
        --expect-status 204 --summary-out "${WORK}/nginx-warm.json"
    for phase in "${PHASES[@]}"; do
        # shellcheck disable=SC2086
        nginx_phase "${phase%%:*}" ${phase#*:}
    done
    stop_pid "$nginx_pid" nginx QUIT
    nginx_pid=""

    log "Kafka producer baseline"
    for inflight in 1 64 10000; do
        count=40000
        [[ $inflight == 1 ]] && count=300
        "${BUILD_DIR}/bin/bench_kafka_baseline" --brokers "$BOOTSTRAP" --fixtures "$FIXTURES" \
            --count "$count" --inflight "$inflight" --key-prefix "${RUN_ID}-baseline-w${inflight}" \
            --summary-out "${WORK}/kafka-w${inflight}.baseline.json"
    done
fi

if [[ "$mode" == full ]]; then
    out_base="${REPO_DIR}/bench/results/${TIMESTAMP}"
else
    out_base="${WORK}/quick"
fi
report_status=0
python3 "${SCRIPT_DIR}/report.py" --work "$WORK" --mode "$mode" --out "$out_base" \
    --command "bench/run.sh${1:+ $1}" --build-dir "$BUILD_DIR" \
    --seconds $((SECONDS - run_started)) || report_status=$?

if [[ -n "${BENCH_PERF:-}" && -f "${WORK}/perf.data" ]]; then
    {
        echo "# perf record -F 499 -g of the bridge during phase ${BENCH_PERF}, by thread"
        perf report -i "${WORK}/perf.data" --stdio --no-children -g none --sort comm \
            --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/ *$//'
        echo "# by library and function (samples >= 0.5 %)"
        perf report -i "${WORK}/perf.data" --stdio --no-children -g none --sort dso,sym \
            --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep -v '^$' |
            sed -e 's/[ -]*$//' | cut -c1-160
    } >"${out_base}.perf.txt" || log "perf report failed"
fi
exit "$report_status"
