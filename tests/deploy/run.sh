#!/usr/bin/env bash
# Checks of the deployment files: Helm chart (lint, render, schema validation,
# manifest assertions), Prometheus alert rules and their unit tests, Grafana
# dashboard, Dockerfile and compose file.
#
#   tests/deploy/run.sh
#
# Needs promtool (Debian package "prometheus"), python3 with PyYAML, and the tools
# deploy/tools/install-helm.sh installs (it runs first and is quick once cached).
# Prints one PASS/FAIL line per check and "N passed, M failed" at the end; exits 1
# when any check failed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
chart="$root/helm/attio-kafka-bridge"
kube_version=1.36.0
passed=0
failed=0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

# Run a command as one check and show its output only when it fails.
check() {
  local name="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    pass "$name"
  else
    fail "$name"
    sed 's/^/    /' "$work/out"
  fi
}

# Expect a command to fail with a message containing the given text.
check_rejects() {
  local name="$1" expected="$2"
  shift 2
  if "$@" >"$work/out" 2>&1; then
    fail "$name (command succeeded)"
  elif grep -qF -- "$expected" "$work/out"; then
    pass "$name"
  else
    fail "$name (message lacks \"$expected\")"
    sed 's/^/    /' "$work/out"
  fi
}

# Add the counts of a Python check run to the totals.
run_python_checks() {
  local output summary
  output="$("$python" "$root/tests/deploy/check_manifests.py" "$@" 2>&1)"
  echo "$output" | grep -v '^[0-9]* passed, [0-9]* failed$'
  summary="$(echo "$output" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)"
  if [[ -z "$summary" ]]; then
    fail "check_manifests.py $1 printed no summary"
    return
  fi
  passed=$((passed + ${summary%% passed*}))
  local failures="${summary#*passed, }"
  failed=$((failed + ${failures%% failed*}))
}

# --- tools ---------------------------------------------------------------------------
if ! helm="$(bash "$root/deploy/tools/install-helm.sh" 2>"$work/install.log")"; then
  cat "$work/install.log"
  echo "FAIL: install helm and kubernetes-validate"
  echo "0 passed, 1 failed"
  exit 1
fi
tools="$(dirname "$(dirname "$helm")")"
validate="$tools/venv/bin/kubernetes-validate"
python="$tools/venv/bin/python"
if ! command -v promtool >/dev/null; then
  echo "FAIL: promtool not found: install Debian's prometheus package (apt-get install prometheus)"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- Prometheus rules ----------------------------------------------------------------
check "promtool check rules deploy/prometheus/alerts.yaml" \
  promtool check rules "$root/deploy/prometheus/alerts.yaml"
check "promtool test rules tests/prometheus/alerts_test.yaml" \
  promtool test rules "$root/tests/prometheus/alerts_test.yaml"
check "promtool check config deploy/prometheus/prometheus.yaml" \
  promtool check config --syntax-only "$root/deploy/prometheus/prometheus.yaml"

# --- dashboard, rules, chart copies, Dockerfile, compose -----------------------------
run_python_checks repo --root "$root"

compose_config() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$root/deploy/compose.yaml" config --quiet
  elif command -v docker-compose >/dev/null; then
    docker-compose -f "$root/deploy/compose.yaml" config --quiet
  else
    return 2
  fi
}
compose_config >"$work/out" 2>&1
case $? in
  0) pass "compose config parses deploy/compose.yaml" ;;
  2) echo "SKIP: compose config (neither 'docker compose' nor docker-compose is installed)" ;;
  *) fail "compose config parses deploy/compose.yaml"; sed 's/^/    /' "$work/out" ;;
esac

# --- Helm chart ----------------------------------------------------------------------
minimal="$root/tests/deploy/values-minimal.yaml"
all_features="$root/tests/deploy/values-all-features.yaml"
render() { "$helm" template bridge "$chart" --namespace crm --kube-version "$kube_version" "$@"; }

# Without values the chart stops at its required settings, which lint reports as INFO.
check "helm lint --strict (chart defaults)" "$helm" lint --strict --kube-version "$kube_version" "$chart"
check "helm lint --strict (minimal values)" "$helm" lint --strict --kube-version "$kube_version" "$chart" -f "$minimal"
check "helm lint --strict (all features)" "$helm" lint --strict --kube-version "$kube_version" "$chart" -f "$all_features"

check "helm template (minimal values)" render -f "$minimal" --output-dir "$work/minimal"
render -f "$minimal" >"$work/minimal.yaml" 2>/dev/null
check "helm template (all features)" render -f "$all_features" --api-versions monitoring.coreos.com/v1
render -f "$all_features" --api-versions monitoring.coreos.com/v1 >"$work/all.yaml" 2>/dev/null
render -f "$all_features" >"$work/all-no-crds.yaml" 2>/dev/null
check "no Prometheus Operator resources without monitoring.coreos.com/v1" \
  bash -c "! grep -qE '^kind: (ServiceMonitor|PrometheusRule)$' '$work/all-no-crds.yaml'"

check_rejects "render without kafka.bootstrapServers fails" "kafka.bootstrapServers is required" \
  render --set webhookSecret.existingSecret=s
check_rejects "render without a webhook secret fails" "webhook signing secret missing" \
  render --set kafka.bootstrapServers=kafka:9092
check_rejects "extraKafkaProperties cannot set sasl.password" "set by a dedicated value" \
  render -f "$minimal" --set-string 'extraKafkaProperties.sasl\.password=x'
check_rejects "extraKafkaProperties rejects credentials" "looks like a credential" \
  render -f "$minimal" --set-string 'extraKafkaProperties.ssl\.keystore\.password=x'
check_rejects "too short terminationGracePeriodSeconds fails" "terminationGracePeriodSeconds=10 is shorter" \
  render -f "$minimal" --set terminationGracePeriodSeconds=10
check_rejects "schema rejects an unknown partition key" "partitionKey" \
  render -f "$minimal" --set bridge.partitionKey=random

# --- schema validation ---------------------------------------------------------------
# kubernetes-validate has no schemas for custom kinds, so check_manifests.py checks those.
split_core_kinds() {
  "$python" - "$1" "$2" <<'PY'
import sys, yaml
documents = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
core = [d for d in documents if not d["apiVersion"].startswith("monitoring.coreos.com/")]
with open(sys.argv[2], "w") as output:
    yaml.safe_dump_all(core, output, sort_keys=False)
print(len(documents), len(core))
PY
}
for profile in minimal all; do
  counts="$(split_core_kinds "$work/$profile.yaml" "$work/$profile-core.yaml")"
  echo "rendered ($profile): ${counts% *} manifests, ${counts#* } of built-in kinds"
  check "kubernetes-validate --strict ($profile)" \
    "$validate" -k "$kube_version" --strict --quiet "$work/$profile-core.yaml"
done
# The validator must catch a field that Kubernetes does not know.
sed 's/^  revisionHistoryLimit: 5$/  revisionHistoryLimit: 5\n  unknownField: 1/' \
  "$work/minimal-core.yaml" >"$work/broken.yaml"
check "kubernetes-validate --strict rejects an unknown field" \
  bash -c "! '$validate' -k '$kube_version' --strict --quiet '$work/broken.yaml'"

# --- manifest assertions -------------------------------------------------------------
run_python_checks rendered --root "$root" --values "$minimal" --manifests "$work/minimal.yaml"
run_python_checks rendered --root "$root" --values "$all_features" --manifests "$work/all.yaml"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
