#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (KRaft, broker and controller in one JVM)
# on 127.0.0.1 from the Maven Central jars, for local runs and integration tests.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly POM="${SCRIPT_DIR}/pom.xml"
readonly LIBS_DIR="${KAFKA_LIBS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/attio-kafka-bridge/kafka-libs}"
readonly START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"
readonly STOP_TIMEOUT_S=30
readonly JVM_OPTS=(-Xms256m -Xmx768m -XX:+UseG1GC)

usage() {
    cat <<EOF
Usage: $(basename "$0") COMMAND [ARGS]

Runs a single-node Kafka broker (KRaft, broker and controller combined) that
listens on 127.0.0.1 only.

Commands:
  fetch             Copy the broker's runtime jars into the jar cache. Skipped
                    when the cache already holds the jars for the current pom.xml.
  start DIR [PORT]  Start the broker whose state lives in DIR and print its
                    bootstrap address (host:port) as the last line of stdout.
                    A new DIR is set up first: server.properties with the client
                    listener on PORT (default: a free port) and the controller on
                    another free port, then storage formatted with a new cluster
                    id. An existing DIR restarts the same broker on the same
                    ports with the same data; PORT, if given, must match.
  stop DIR          Send SIGTERM to the broker of DIR, wait up to ${STOP_TIMEOUT_S} s for
                    it to exit, then send SIGKILL.
  status DIR        Exit 0 if the broker of DIR returns cluster metadata.
  --help            Show this help.

Files in DIR: server.properties, data/ (log.dirs), tmp/ (java.io.tmpdir),
broker.log, broker.pid (while running), bootstrap (host:port).

Environment:
  KAFKA_LIBS_DIR         jar cache (now: ${LIBS_DIR})
  KAFKA_START_TIMEOUT_S  seconds that start waits for metadata (default 90)

Needs: java 17+, kcat, python3, and mvn for fetch.
EOF
}

log() {
    echo "kafka.sh: $*" >&2
}

die() {
    log "error: $*"
    exit 1
}

require_command() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found in PATH; install it (deploy/install-deps.sh installs every tool this script uses)"
}

# The marker stores the pom.xml checksum, so a changed pom.xml triggers a new copy.
pom_checksum() {
    sha256sum "$POM" | cut -d' ' -f1
}

libs_are_current() {
    [[ -f "${LIBS_DIR}/.complete" ]] && [[ "$(cat "${LIBS_DIR}/.complete")" == "$(pom_checksum)" ]]
}

copy_dependencies() {
    local output_dir="$1"
    shift
    mvn -B -q -Dstyle.color=never "$@" -f "$POM" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$output_dir" >&2
}

cmd_fetch() {
    if libs_are_current; then
        log "jars already in ${LIBS_DIR}"
        return 0
    fi
    require_command mvn

    local staging
    mkdir -p "$(dirname "$LIBS_DIR")"
    staging="$(mktemp -d "${LIBS_DIR}.staging.XXXXXX")"

    # Try offline first, because ~/.m2 contains every jar after the first download.
    if copy_dependencies "$staging" -o 2>/dev/null; then
        log "copied jars from the local Maven repository"
    else
        rm -rf "$staging"
        staging="$(mktemp -d "${LIBS_DIR}.staging.XXXXXX")"
        log "downloading the Kafka jars with Maven"
        if ! copy_dependencies "$staging"; then
            rm -rf "$staging"
            die "mvn dependency:copy-dependencies failed for ${POM}; check the Maven output above"
        fi
    fi

    chmod 755 "$staging"
    pom_checksum >"${staging}/.complete"
    rm -rf "$LIBS_DIR"
    mv "$staging" "$LIBS_DIR"
    log "jars copied to ${LIBS_DIR}"
}

absolute_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd)
}

# Prints one free TCP port on 127.0.0.1 per argument. A number is checked as
# given, and 0 picks a random free port below the Linux ephemeral range
# (32768-60999 by default), so that outgoing connections do not take the port
# while the broker is stopped. Exits non-zero if a given port is in use.
# NOTE: the ports are released before the broker binds them, so another
# process can take one in between. The broker then fails to start and start
# prints its log.
reserve_ports() {
    python3 - "$@" <<'EOF'
import random, socket, sys

def bind(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Like the broker, ignore connections in TIME_WAIT. A listener on the port
    # still makes bind fail.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        raise
    return s

sockets = []
for requested in map(int, sys.argv[1:]):
    if requested:
        try:
            sockets.append(bind(requested))
        except OSError as e:
            sys.exit(f"port {requested} on 127.0.0.1 is not free: {e.strerror}")
        continue
    for _ in range(200):
        try:
            sockets.append(bind(random.randint(20000, 32767)))
            break
        except OSError:
            pass
    else:
        sys.exit("no free port found on 127.0.0.1 between 20000 and 32767")
print(" ".join(str(s.getsockname()[1]) for s in sockets))
for s in sockets:
    s.close()
EOF
}

property() {
    local file="$1" key="$2"
    sed -n "s/^${key}=//p" "$file" | tail -n 1
}

write_server_properties() {
    local dir="$1" port="$2" controller_port="$3"
    cat >"${dir}/server.properties" <<EOF
# Single-node KRaft broker for local runs: broker and controller in one process.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
# The listeners bind loopback only. Clients get 127.0.0.1, not localhost,
# because librdkafka may try ::1 first.
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dir}/data

# One broker, so every topic, including the internal ones, has one replica.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0

# Few threads, because the broker shares the CPU with the tests and the bridge.
num.network.threads=2
num.io.threads=2
EOF
}

is_formatted() {
    [[ -f "$1/data/meta.properties" ]]
}

format_storage() {
    local dir="$1" classpath="$2" cluster_id
    cluster_id="$(java -cp "$classpath" kafka.tools.StorageTool random-uuid 2>>"${dir}/broker.log")"
    log "formatting ${dir}/data with cluster id ${cluster_id}"
    if ! java -cp "$classpath" kafka.tools.StorageTool format \
        -t "$cluster_id" -c "${dir}/server.properties" >>"${dir}/broker.log" 2>&1; then
        tail -n 30 "${dir}/broker.log" >&2
        die "formatting the storage in ${dir}/data failed; see the log above"
    fi
}

broker_answers() {
    kcat -b "$1" -L -m 2 >/dev/null 2>&1
}

# Prints the pid from DIR/broker.pid if that process is still the broker of DIR.
running_pid() {
    local dir="$1" pid
    [[ -f "${dir}/broker.pid" ]] || return 1
    pid="$(cat "${dir}/broker.pid")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    # The command line check guards against a reused pid after a crash.
    [[ -r "/proc/${pid}/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/${pid}/cmdline" | grep -qF -- "${dir}/server.properties" || return 1
    echo "$pid"
}

fail_start() {
    local dir="$1" message="$2"
    log "last lines of ${dir}/broker.log:"
    tail -n 40 "${dir}/broker.log" >&2 || true
    die "$message"
}

cmd_start() {
    [[ $# -ge 1 && $# -le 2 ]] || die "start needs DIR and an optional PORT; see --help"
    local requested_port="${2:-}"
    if [[ -n "$requested_port" ]] && ! [[ "$requested_port" =~ ^[0-9]+$ && "$requested_port" -ge 1 && "$requested_port" -le 65535 ]]; then
        die "invalid PORT '${requested_port}': expected a number from 1 to 65535"
    fi
    [[ "$START_TIMEOUT_S" =~ ^[0-9]+$ ]] ||
        die "invalid KAFKA_START_TIMEOUT_S '${START_TIMEOUT_S}': expected a whole number of seconds"
    require_command java
    require_command kcat
    require_command python3

    local dir
    dir="$(absolute_dir "$1")"
    local bootstrap_file="${dir}/bootstrap"

    if [[ -n "$requested_port" && -f "${bootstrap_file}" && "$(cat "$bootstrap_file")" != "127.0.0.1:${requested_port}" ]]; then
        die "the broker of ${dir} listens on $(cat "$bootstrap_file"), not on port ${requested_port}; omit PORT or use another DIR"
    fi

    if running_pid "$dir" >/dev/null; then
        local bootstrap
        bootstrap="$(cat "$bootstrap_file" 2>/dev/null || true)"
        if [[ -n "$bootstrap" ]] && broker_answers "$bootstrap"; then
            log "broker of ${dir} is already running (pid $(cat "${dir}/broker.pid"))"
            echo "$bootstrap"
            return 0
        fi
        die "a broker of ${dir} is running (pid $(cat "${dir}/broker.pid")) but does not return metadata; run 'stop ${dir}' first"
    fi
    rm -f "${dir}/broker.pid"

    cmd_fetch
    local classpath="${LIBS_DIR}/*"
    local port controller_port

    if is_formatted "$dir"; then
        port="$(property "${dir}/server.properties" advertised.listeners)"
        port="${port##*:}"
        controller_port="$(property "${dir}/server.properties" controller.quorum.voters)"
        controller_port="${controller_port##*:}"
        [[ -n "$port" && -n "$controller_port" ]] ||
            die "cannot read the ports from ${dir}/server.properties; remove ${dir} to set up a new broker"
        if [[ -n "$requested_port" && "$requested_port" != "$port" ]]; then
            die "the broker of ${dir} listens on port ${port}, not on port ${requested_port}; omit PORT or use another DIR"
        fi
        reserve_ports "$port" "$controller_port" >/dev/null ||
            die "the ports of the broker in ${dir} (${port}, ${controller_port}) must be free to restart it"
        log "restarting the broker of ${dir} on 127.0.0.1:${port}"
    else
        local ports
        ports="$(reserve_ports "${requested_port:-0}" 0)" || die "cannot reserve the listener ports"
        read -r port controller_port <<<"$ports"
        # An unformatted data directory contains nothing from a broker that ran.
        rm -rf "${dir}/data"
        mkdir -p "${dir}/data"
        : >"${dir}/broker.log"
        write_server_properties "$dir" "$port" "$controller_port"
        format_storage "$dir" "$classpath"
    fi

    mkdir -p "${dir}/tmp"
    local bootstrap="127.0.0.1:${port}"
    echo "===== start $(date -u +%Y-%m-%dT%H:%M:%SZ) =====" >>"${dir}/broker.log"
    nohup java "${JVM_OPTS[@]}" \
        -Djava.io.tmpdir="${dir}/tmp" \
        -Dorg.slf4j.simpleLogger.showDateTime=true \
        -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSSZ" \
        -cp "$classpath" kafka.Kafka "${dir}/server.properties" \
        </dev/null >>"${dir}/broker.log" 2>&1 &
    local pid=$!
    echo "$pid" >"${dir}/broker.pid"
    log "broker pid ${pid}, log ${dir}/broker.log"

    local deadline=$((SECONDS + START_TIMEOUT_S))
    until broker_answers "$bootstrap"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "${dir}/broker.pid"
            fail_start "$dir" "the broker exited during startup; see the log above"
        fi
        if ((SECONDS >= deadline)); then
            stop_pid "$dir" "$pid"
            fail_start "$dir" "the broker did not return metadata on ${bootstrap} within ${START_TIMEOUT_S} s and was stopped"
        fi
        sleep 0.5
    done

    echo "$bootstrap" >"$bootstrap_file"
    log "broker ready on ${bootstrap}"
    echo "$bootstrap"
}

stop_pid() {
    local dir="$1" pid="$2"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT_S))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "broker pid ${pid} still runs ${STOP_TIMEOUT_S} s after SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    # Wait for the kernel to reap it so that its ports are free on return.
    local reap_deadline=$((SECONDS + 5))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < reap_deadline)); do
        sleep 0.1
    done
    rm -f "${dir}/broker.pid"
}

cmd_stop() {
    [[ $# -eq 1 ]] || die "stop needs DIR; see --help"
    [[ -d "$1" ]] || die "directory '$1' not found"
    local dir pid
    dir="$(absolute_dir "$1")"
    if ! pid="$(running_pid "$dir")"; then
        rm -f "${dir}/broker.pid"
        log "no broker of ${dir} is running"
        return 0
    fi
    log "stopping broker pid ${pid}"
    stop_pid "$dir" "$pid"
    log "broker of ${dir} stopped"
}

cmd_status() {
    [[ $# -eq 1 ]] || die "status needs DIR; see --help"
    require_command kcat
    local bootstrap_file="$1/bootstrap"
    [[ -f "$bootstrap_file" ]] || die "${bootstrap_file} not found; was the broker started with 'start $1'?"
    local bootstrap
    bootstrap="$(cat "$bootstrap_file")"
    if broker_answers "$bootstrap"; then
        log "broker on ${bootstrap} returns metadata"
        return 0
    fi
    log "broker on ${bootstrap} does not return metadata"
    return 1
}

main() {
    local command="${1:-}"
    [[ $# -gt 0 ]] && shift
    case "$command" in
        fetch) [[ $# -eq 0 ]] || die "fetch takes no arguments"; cmd_fetch ;;
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status "$@" ;;
        -h | --help | help) usage ;;
        "") usage >&2; exit 2 ;;
        *) log "unknown command '${command}'"; usage >&2; exit 2 ;;
    esac
}

main "$@"
