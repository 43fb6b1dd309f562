#!/usr/bin/env bash
# Copy the alert rules and the Grafana dashboard into the Helm chart, which can only
# read files inside its own folder (.Files.Get). tests/deploy/run.sh fails while the
# copies differ from the originals.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cp "$root/deploy/prometheus/alerts.yaml" "$root/helm/attio-kafka-bridge/files/alerts.yaml"
cp "$root/deploy/grafana/attio-kafka-bridge.json" "$root/helm/attio-kafka-bridge/files/attio-kafka-bridge.json"
echo "copied alerts.yaml and attio-kafka-bridge.json into helm/attio-kafka-bridge/files/"
