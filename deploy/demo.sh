#!/usr/bin/env bash
# Runs the bridge end to end on this machine: installs the Debian packages, starts a local
# Kafka broker, builds and starts the bridge, posts signed Attio deliveries from
# tests/fixtures with curl, and prints the records read back from Kafka with kcat.
# Everything it starts is stopped by pid when it exits.
#
#   bash deploy/demo.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/attio-kafka-bridge"
# A CMake build folder belongs to one source folder, so each checkout gets its own.
build="$cache/builds/demo-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
secret="whsec_test_4f9c2b7e1a"  # the secret the fixtures were signed with
work="$(mktemp -d "${TMPDIR:-/tmp}/bridge-demo-XXXXXX")"
bridge_pid=""

cleanup() {
  if [[ -n "$bridge_pid" ]] && kill -0 "$bridge_pid" 2>/dev/null; then
    kill -TERM "$bridge_pid"
    wait "$bridge_pid" 2>/dev/null || true
  fi
  "$root/deploy/kafka/kafka.sh" stop "$work/kafka" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "Installing Debian packages and the Kafka jars"
bash "$root/deploy/install-deps.sh"
"$root/deploy/kafka/kafka.sh" fetch

step "Building the bridge"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBRIDGE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
bin="$build/bin/attio-kafka-bridge"
"$bin" version

step "Starting a local Kafka broker"
brokers="$("$root/deploy/kafka/kafka.sh" start "$work/kafka" | tail -n 1)"
echo "bootstrap servers: $brokers"

step "Starting the bridge"
"$bin" serve --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 --secret "$secret" \
  --kafka-brokers "$brokers" --shutdown-grace 0 2>"$work/bridge.log" &
bridge_pid=$!
for _ in $(seq 1 100); do
  grep -q '"attio-kafka-bridge started"' "$work/bridge.log" && break
  sleep 0.1
done
port="$(grep -o '"listen":"[^"]*' "$work/bridge.log" | head -n 1 | sed 's/.*://')"
admin_port="$(grep -o '"admin_listen":"[^"]*' "$work/bridge.log" | sed 's/.*://')"
if [[ -z "$port" || -z "$admin_port" ]]; then
  echo "demo.sh: error: the bridge did not start; its log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$admin_port/readyz" >/dev/null && break
  sleep 0.2
done
echo "webhook listener: http://127.0.0.1:$port/webhooks/attio"
echo "readiness: $(curl -s "http://127.0.0.1:$admin_port/readyz")"

step "Posting signed Attio deliveries"
fixtures=(record.created list-entry.updated note.created task.updated batch-3-events)
for name in "${fixtures[@]}"; do
  file="$root/tests/fixtures/$name.json"
  signature="$("$bin" sign --secret "$secret" "$file")"
  answer="$(curl -s -w ' HTTP %{http_code}' -H "Attio-Signature: $signature" \
    -H "Idempotency-Key: demo-$name" -H 'Content-Type: application/json' \
    --data-binary "@$file" "http://127.0.0.1:$port/webhooks/attio")"
  printf '%-24s -> %s\n' "$name" "$answer"
done
answer="$(curl -s -w ' HTTP %{http_code}' -H "Attio-Signature: $(printf '0%.0s' {1..64})" \
  --data-binary "@$root/tests/fixtures/record.created.json" "http://127.0.0.1:$port/webhooks/attio")"
printf '%-24s -> %s\n' "bad signature" "$answer"

step "Reading the records back from Kafka"
topics=(attio.record.created attio.list-entry.updated attio.note.created attio.task.updated
  attio.list-entry.created attio.record.updated)
total=0
for topic in "${topics[@]}"; do
  echo "--- topic $topic"
  kcat -b "$brokers" -C -t "$topic" -e -q -f 'key: %k\nheaders: %h\nvalue: %s\n\n'
  count="$(kcat -b "$brokers" -C -t "$topic" -e -q -f '%k\n' | wc -l)"
  total=$((total + count))
done
echo "records read back: $total (7 events in 5 signed deliveries; the bad signature published nothing)"

step "Metrics"
curl -s "http://127.0.0.1:$admin_port/metrics" | grep -E '^attio_bridge_(http_requests|events_published|signature_failures)_total' | grep -v ' 0$'
