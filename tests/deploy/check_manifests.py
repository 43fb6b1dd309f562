#!/usr/bin/env python3
"""Assertions on the rendered Helm chart and on the monitoring files it ships.

Usage:
  check_manifests.py repo --root DIR
      Checks the dashboard, the alert rules, their copies inside the chart, the alert
      unit tests, the Dockerfile and the compose file.
  check_manifests.py rendered --root DIR --values FILE --manifests FILE
      Checks a `helm template` output rendered with the values file FILE.

Prints one "PASS: <check>" or "FAIL: <check>: <detail>" line per check and a
closing "N passed, M failed" line. Exits 1 when any check failed.
"""

import argparse
import base64
import json
import math
import re
import sys
from pathlib import Path

import yaml

# Environment variables of `attio-kafka-bridge serve`. Any other KAFKA_<NAME> variable
# is a librdkafka property.
BRIDGE_ENV_NAMES = {
    "BRIDGE_LISTEN", "BRIDGE_ADMIN_LISTEN", "BRIDGE_WEBHOOK_PATH",
    "ATTIO_WEBHOOK_SECRET", "ATTIO_WEBHOOK_SECRET_FILE", "KAFKA_BOOTSTRAP_SERVERS",
    "BRIDGE_TOPIC_TEMPLATE", "BRIDGE_DEAD_LETTER_TOPIC", "BRIDGE_PARTITION_KEY",
    "BRIDGE_CLOUDEVENTS_MODE", "BRIDGE_ACK_TIMEOUT_MS", "BRIDGE_MAX_BODY_BYTES",
    "BRIDGE_MAX_INFLIGHT_EVENTS", "BRIDGE_SHUTDOWN_GRACE_MS", "BRIDGE_CONFIG",
    "BRIDGE_LOG_LEVEL", "BRIDGE_ENRICH", "ATTIO_API_KEY", "ATTIO_API_BASE_URL",
}
KAFKA_PROPERTY_ENV = re.compile(r"^KAFKA_[A-Z0-9]+(_[A-Z0-9]+)*$")

# Panels the dashboard must have, by title.
REQUIRED_PANELS = {
    "Requests by code", "Events published per type", "Signature failures",
    "Dead letters", "Kafka ack latency", "In-flight events per instance", "Kafka up",
    "Publish failures", "Request duration",
}

# PromQL words that are not metric names.
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
    "unless", "bool", "offset", "inf", "nan", "atan2",
}
# Grafana template functions used in variable queries.
GRAFANA_FUNCTIONS = {"label_values", "query_result", "metrics", "label_names"}


class Checks:
    """Collects check results and prints them as they happen."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS: {name}")
        else:
            self.failed += 1
            print(f"FAIL: {name}: {detail}")
        return condition

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def load_allowed_metrics(root):
    """Return {name: type} from tests/deploy/exported_metrics.txt."""
    metrics = {}
    for line in (root / "tests/deploy/exported_metrics.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, metric_type = line.split()
        metrics[name] = metric_type
    return metrics


def series_names(allowed):
    """Expand histograms into the series names Prometheus stores."""
    names = {"up"}
    for name, metric_type in allowed.items():
        names.add(name)
        if metric_type == "histogram":
            names.update({f"{name}_bucket", f"{name}_sum", f"{name}_count"})
    return names


def metric_names_in(expr):
    """Return the metric names a PromQL (or Grafana variable) expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range selectors
    text = re.sub(r"\$\{?\w+\}?", " ", text)  # Grafana variables
    text = re.sub(
        r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text
    )
    # label_values(metric, label): the second argument is a label name.
    text = re.sub(r"\blabel_values\s*\(\s*([A-Za-z_:][\w:]*)\s*,\s*\w+\s*\)", r" \1 ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][\w:]*", text):
        word = match.group(0)
        rest = text[match.end():].lstrip()
        if rest.startswith("("):
            continue  # a function call
        if word.lower() in PROMQL_WORDS or word in GRAFANA_FUNCTIONS:
            continue
        before = text[: match.start()]
        if re.search(r"[\d.]$", before):
            continue  # part of a number such as 1e3
        names.add(word)
    return names


def panel_targets(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        for child in panel.get("panels", []):
            yield child


def check_dashboard(checks, root, allowed):
    path = root / "deploy/grafana/attio-kafka-bridge.json"
    try:
        dashboard = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        checks.check("dashboard JSON loads", False, str(error))
        return
    checks.check("dashboard JSON loads", True)

    variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
    datasource = variables.get("datasource", {})
    checks.check(
        "dashboard has a Prometheus datasource variable",
        datasource.get("type") == "datasource" and datasource.get("query") == "prometheus",
        f"templating variable 'datasource' is {datasource!r}",
    )

    panels = [p for p in panel_targets(dashboard) if p.get("type") != "row"]
    titles = {p.get("title") for p in panels}
    missing = REQUIRED_PANELS - titles
    checks.check("dashboard has every required panel", not missing, f"missing {sorted(missing)}")

    ids = [p.get("id") for p in panel_targets(dashboard)]
    checks.check("dashboard panel ids are unique", len(ids) == len(set(ids)), f"ids {ids}")

    wrong_datasource = []
    unknown = {}
    expressions = []
    for panel in panels:
        refs = [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]
        if any((ref or {}).get("uid") != "${datasource}" for ref in refs):
            wrong_datasource.append(panel.get("title"))
        if not panel.get("targets"):
            unknown.setdefault("(no query)", []).append(panel.get("title"))
        for target in panel.get("targets", []):
            expressions.append((panel.get("title"), target.get("expr", "")))
    for variable in variables.values():
        if variable.get("type") == "query":
            query = variable.get("query")
            query = query.get("query", "") if isinstance(query, dict) else query
            expressions.append((f"variable {variable['name']}", query))
    names = series_names(allowed)
    for title, expr in expressions:
        for metric in metric_names_in(expr) - names:
            unknown.setdefault(metric, []).append(title)
    checks.check(
        "dashboard panels use the datasource variable",
        not wrong_datasource,
        f"panels with another datasource: {wrong_datasource}",
    )
    checks.check(
        "dashboard queries name only exported metrics",
        not unknown,
        "; ".join(f"{metric} in {titles}" for metric, titles in sorted(unknown.items())),
    )

    ack_panel = next((p for p in panels if p.get("title") == "Kafka ack latency"), {})
    ack_exprs = [t.get("expr", "") for t in ack_panel.get("targets", [])]
    quantiles = sorted(
        float(m.group(1))
        for expr in ack_exprs
        for m in [re.search(r"histogram_quantile\(\s*([\d.]+)\s*,", expr)]
        if m and "attio_bridge_kafka_ack_duration_seconds_bucket" in expr
    )
    checks.check(
        "ack latency panel shows p50, p90 and p99",
        quantiles == [0.5, 0.9, 0.99],
        f"quantiles found: {quantiles}",
    )


def check_alerts(checks, root, allowed):
    path = root / "deploy/prometheus/alerts.yaml"
    rules_file = yaml.safe_load(path.read_text())
    groups = rules_file.get("groups", [])
    checks.check(
        "alert rules are in group attio-kafka-bridge",
        [g.get("name") for g in groups] == ["attio-kafka-bridge"],
        f"groups: {[g.get('name') for g in groups]}",
    )
    alerts = [r for g in groups for r in g.get("rules", []) if "alert" in r]
    names = series_names(allowed)
    for rule in alerts:
        name = rule["alert"]
        labels = rule.get("labels", {})
        annotations = rule.get("annotations", {})
        checks.check(
            f"alert {name} has a severity",
            labels.get("severity") in {"critical", "warning", "info"},
            f"severity label is {labels.get('severity')!r}",
        )
        checks.check(
            f"alert {name} has summary and runbook description",
            bool(annotations.get("summary")) and "Runbook:" in annotations.get("description", ""),
            f"annotations: {sorted(annotations)}",
        )
        unknown = metric_names_in(rule["expr"]) - names
        checks.check(f"alert {name} names only exported metrics", not unknown, f"unknown: {sorted(unknown)}")

    tests = yaml.safe_load((root / "tests/prometheus/alerts_test.yaml").read_text())
    firing, silent = set(), set()
    for test in tests.get("tests", []):
        for case in test.get("alert_rule_test", []):
            (firing if case.get("exp_alerts") else silent).add(case.get("alertname"))
    for rule in alerts:
        name = rule["alert"]
        checks.check(
            f"alert {name} has a firing and a silent unit test",
            name in firing and name in silent,
            f"firing case: {name in firing}, silent case: {name in silent}",
        )


def check_chart_copies(checks, root):
    chart_files = root / "helm/attio-kafka-bridge/files"
    for source, copy in [
        ("deploy/prometheus/alerts.yaml", "alerts.yaml"),
        ("deploy/grafana/attio-kafka-bridge.json", "attio-kafka-bridge.json"),
    ]:
        same = (root / source).read_bytes() == (chart_files / copy).read_bytes()
        checks.check(
            f"chart copy of {source} is identical",
            same,
            f"run deploy/tools/sync-chart-files.sh to copy {source} into {chart_files / copy}",
        )


RUNTIME_PACKAGES = {
    "librdkafka1", "libcpp-httplib0.11", "libprometheus-cpp-core1.0", "libyaml-cpp0.7",
    "libssl3", "ca-certificates",
}


def check_dockerfile(checks, root):
    text = (root / "deploy/Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)
    checks.check("Dockerfile: build on debian:12, run on debian:12-slim", stages == ["debian:12", "debian:12-slim"], stages)
    checks.check(
        "Dockerfile: builds with the CI's CMake commands",
        "cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBRIDGE_BUILD_TESTS=OFF" in text
        and "cmake --build build -j2" in text,
        "cmake commands not found",
    )
    runtime = text.split("FROM debian:12-slim", 1)[-1]
    installed = set(re.findall(r"^\s+(lib[\w.+-]+|ca-certificates)\s*\\?$", runtime, re.MULTILINE))
    checks.check("Dockerfile: runtime stage installs only runtime libraries", installed == RUNTIME_PACKAGES, sorted(installed))
    user = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    checks.check(
        "Dockerfile: runs as a numeric non-root user",
        len(user) == 1 and re.fullmatch(r"[1-9]\d*(:\d+)?", user[0]) is not None,
        user,
    )
    checks.check("Dockerfile: exposes 8080 and 9090", re.search(r"^EXPOSE 8080 9090$", text, re.MULTILINE) is not None, "EXPOSE line")
    checks.check(
        "Dockerfile: entrypoint is the bridge's serve command",
        '["/usr/local/bin/attio-kafka-bridge", "serve"]' in text,
        "ENTRYPOINT line",
    )


def check_compose(checks, root):
    compose_path = root / "deploy/compose.yaml"
    compose = yaml.safe_load(compose_path.read_text())

    services = compose.get("services", {})
    checks.check(
        "compose: kafka, bridge, prometheus and grafana services",
        set(services) == {"kafka", "bridge", "prometheus", "grafana"},
        sorted(services),
    )
    build = services.get("bridge", {}).get("build", {})
    checks.check(
        "compose: bridge builds from deploy/Dockerfile at the repository root",
        (compose_path.parent / build.get("context", "")).resolve() == root.resolve()
        and build.get("dockerfile") == "deploy/Dockerfile",
        build,
    )
    bridge_env = services.get("bridge", {}).get("environment", {})
    unknown = [n for n in bridge_env if n not in BRIDGE_ENV_NAMES and not KAFKA_PROPERTY_ENV.match(n)]
    checks.check("compose: bridge env names are bridge settings", not unknown, unknown)

    missing = []
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith(".") and not (compose_path.parent / source).exists():
                missing.append(source)
    for secret in compose.get("secrets", {}).values():
        if not (compose_path.parent / secret["file"]).exists():
            missing.append(secret["file"])
    checks.check("compose: mounted files exist", not missing, missing)

    published = [p for s in services.values() for p in s.get("ports", [])]
    checks.check(
        "compose: ports are published on loopback only",
        all(str(p).startswith("127.0.0.1:") for p in published),
        published,
    )
    prometheus = yaml.safe_load((root / "deploy/prometheus/prometheus.yaml").read_text())
    jobs = [c["job_name"] for c in prometheus["scrape_configs"]]
    checks.check("prometheus config: scrape job attio-kafka-bridge", "attio-kafka-bridge" in jobs, jobs)


def run_repo_checks(root):
    checks = Checks()
    allowed = load_allowed_metrics(root)
    check_dashboard(checks, root, allowed)
    check_alerts(checks, root, allowed)
    check_chart_copies(checks, root)
    check_dockerfile(checks, root)
    check_compose(checks, root)
    return checks.finish()


# --- Rendered manifests ------------------------------------------------------------


def index_documents(documents):
    by_kind = {}
    for document in documents:
        by_kind.setdefault(document["kind"], []).append(document)
    return by_kind


def env_map(container):
    return {item["name"]: item for item in container.get("env", [])}


def labels_match(selector, labels):
    return all(labels.get(key) == value for key, value in selector.items())


def mounted_volume(pod_spec, container, file_path):
    """Return (volume, mount) of the mount whose directory contains file_path."""
    for mount in container.get("volumeMounts", []):
        if file_path.startswith(mount["mountPath"].rstrip("/") + "/"):
            volume = next(v for v in pod_spec["volumes"] if v["name"] == mount["name"])
            return volume, mount
    return None, None


def check_file_from(checks, name, pod_spec, container, env, variable, source_kind):
    """Check that env variable names a file inside a mounted Secret or ConfigMap."""
    path = env.get(variable, {}).get("value", "")
    volume, mount = mounted_volume(pod_spec, container, path)
    ok = volume is not None and source_kind in volume and "subPath" not in mount
    checks.check(
        f"{name}: {variable} is a file from a {source_kind} volume without subPath",
        ok,
        f"{variable}={path!r}, volume={volume!r}",
    )
    if not ok:
        return None
    items = volume[source_kind].get("items")
    file_name = path[len(mount["mountPath"].rstrip("/")) + 1:]
    if items is not None:
        checks.check(
            f"{name}: {variable} file is a projected key",
            any(item["path"] == file_name for item in items),
            f"{file_name} not among {items}",
        )
    return volume


def run_rendered_checks(root, values_path, manifests_path):
    checks = Checks()
    values = yaml.safe_load(Path(values_path).read_text()) or {}
    defaults = yaml.safe_load((root / "helm/attio-kafka-bridge/values.yaml").read_text())
    documents = [d for d in yaml.safe_load_all(Path(manifests_path).read_text()) if d]
    by_kind = index_documents(documents)

    def value(*keys):
        """Look a value up in the values file, falling back to the chart default."""
        for source in (values, defaults):
            node = source
            for key in keys:
                if not isinstance(node, dict) or key not in node:
                    node = None
                    break
                node = node[key]
            if node is not None:
                return node
        return None

    deployments = by_kind.get("Deployment", [])
    if not checks.check("one Deployment", len(deployments) == 1, f"found {len(deployments)}"):
        return checks.finish()
    deployment = deployments[0]
    template = deployment["spec"]["template"]
    pod = template["spec"]
    pod_labels = template["metadata"]["labels"]
    container = pod["containers"][0]
    env = env_map(container)
    name = "deployment"

    # Pod Security Standard "restricted".
    pod_security = pod.get("securityContext", {})
    security = container.get("securityContext", {})
    checks.check(f"{name}: pod runAsNonRoot", pod_security.get("runAsNonRoot") is True, pod_security)
    checks.check(
        f"{name}: seccompProfile RuntimeDefault",
        (security.get("seccompProfile") or pod_security.get("seccompProfile", {})).get("type") == "RuntimeDefault",
        f"container {security.get('seccompProfile')}, pod {pod_security.get('seccompProfile')}",
    )
    checks.check(f"{name}: container runAsNonRoot", security.get("runAsNonRoot") is True, security)
    checks.check(f"{name}: readOnlyRootFilesystem", security.get("readOnlyRootFilesystem") is True, security)
    checks.check(f"{name}: allowPrivilegeEscalation false", security.get("allowPrivilegeEscalation") is False, security)
    checks.check(
        f"{name}: capabilities drop ALL",
        security.get("capabilities", {}).get("drop") == ["ALL"] and not security.get("capabilities", {}).get("add"),
        security.get("capabilities"),
    )
    checks.check(
        f"{name}: runs with a numeric non-root user",
        isinstance(security.get("runAsUser", pod_security.get("runAsUser")), int)
        and security.get("runAsUser", pod_security.get("runAsUser")) > 0,
        security,
    )
    checks.check(f"{name}: no service account token", pod.get("automountServiceAccountToken") is False, pod.get("automountServiceAccountToken"))
    checks.check(
        f"{name}: service links off (they would inject KAFKA_* variables)",
        pod.get("enableServiceLinks") is False,
        pod.get("enableServiceLinks"),
    )

    # Ports and probes.
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    checks.check(
        f"{name}: container ports webhook and admin",
        set(ports) == {"webhook", "admin"},
        ports,
    )
    for variable, port_name in [("BRIDGE_LISTEN", "webhook"), ("BRIDGE_ADMIN_LISTEN", "admin")]:
        listen = env.get(variable, {}).get("value", "")
        checks.check(
            f"{name}: {variable} port equals the {port_name} container port",
            listen.rsplit(":", 1)[-1] == str(ports.get(port_name)),
            f"{variable}={listen!r}, port {ports.get(port_name)}",
        )

    def probe_target(probe):
        http = (probe or {}).get("httpGet", {})
        port = http.get("port")
        return http.get("path"), ports.get(port, port)

    for probe_name, path in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")]:
        checks.check(
            f"{name}: {probe_name} gets {path} on the admin port",
            probe_target(container.get(probe_name)) == (path, ports.get("admin")),
            f"{probe_name} targets {probe_target(container.get(probe_name))}",
        )

    # Environment.
    unknown_env = [n for n in env if n not in BRIDGE_ENV_NAMES and not KAFKA_PROPERTY_ENV.match(n)]
    checks.check(f"{name}: every env name is a bridge setting or KAFKA_*", not unknown_env, unknown_env)
    checks.check(
        f"{name}: webhook secret is not an env value",
        "ATTIO_WEBHOOK_SECRET" not in env,
        "ATTIO_WEBHOOK_SECRET is set",
    )
    secret_values = set()
    for secret in by_kind.get("Secret", []):
        for encoded in (secret.get("data") or {}).values():
            for line in base64.b64decode(encoded).decode().splitlines():
                if line:
                    secret_values.add(line)
    leaked = [n for n, item in env.items() if any(s in str(item.get("value", "")) for s in secret_values)]
    checks.check(f"{name}: no Secret value appears in a plain env value", not leaked, leaked)
    expected_settings = {
        "BRIDGE_WEBHOOK_PATH": value("bridge", "webhookPath"),
        "BRIDGE_TOPIC_TEMPLATE": value("bridge", "topicTemplate"),
        "BRIDGE_DEAD_LETTER_TOPIC": value("bridge", "deadLetterTopic"),
        "BRIDGE_PARTITION_KEY": value("bridge", "partitionKey"),
        "BRIDGE_CLOUDEVENTS_MODE": value("bridge", "cloudeventsMode"),
        "BRIDGE_ACK_TIMEOUT_MS": str(value("bridge", "ackTimeoutMs")),
        "BRIDGE_MAX_BODY_BYTES": str(value("bridge", "maxBodyBytes")),
        "BRIDGE_MAX_INFLIGHT_EVENTS": str(value("bridge", "maxInflightEvents")),
        "BRIDGE_SHUTDOWN_GRACE_MS": str(value("bridge", "shutdownGraceMs")),
        "BRIDGE_LOG_LEVEL": value("bridge", "logLevel"),
        "KAFKA_BOOTSTRAP_SERVERS": value("kafka", "bootstrapServers"),
    }
    wrong = {k: (env.get(k, {}).get("value"), v) for k, v in expected_settings.items() if env.get(k, {}).get("value") != v}
    checks.check(f"{name}: settings reach their env variables", not wrong, f"(rendered, expected): {wrong}")
    for property_name, property_value in (values.get("extraKafkaProperties") or {}).items():
        variable = "KAFKA_" + property_name.upper().replace(".", "_")
        expected = property_value if isinstance(property_value, str) else json.dumps(property_value)
        checks.check(
            f"{name}: extraKafkaProperties {property_name} becomes {variable}",
            env.get(variable, {}).get("value") == expected,
            f"{variable}={env.get(variable)!r}, expected {expected!r}",
        )

    # Files: webhook secret, routes, Kafka CA.
    secret_volume = check_file_from(checks, name, pod, container, env, "ATTIO_WEBHOOK_SECRET_FILE", "secret")
    if secret_volume is not None:
        expected_secret = value("webhookSecret", "existingSecret") or next(
            (s["metadata"]["name"] for s in by_kind.get("Secret", []) if s["metadata"]["name"].endswith("-webhook")), None
        )
        checks.check(
            f"{name}: webhook secret volume uses the configured Secret",
            secret_volume["secret"]["secretName"] == expected_secret,
            f"{secret_volume['secret']['secretName']} != {expected_secret}",
        )
    if value("routes") or value("existingRoutesConfigMap"):
        routes_volume = check_file_from(checks, name, pod, container, env, "BRIDGE_CONFIG", "configMap")
        config_maps = {c["metadata"]["name"]: c for c in by_kind.get("ConfigMap", [])}
        if routes_volume is not None and value("routes") and not value("existingRoutesConfigMap"):
            config_map = config_maps.get(routes_volume["configMap"]["name"], {})
            rendered = yaml.safe_load(config_map.get("data", {}).get("routes.yaml", "{}"))
            checks.check(
                f"{name}: routes ConfigMap holds the routes",
                rendered == {"routes": value("routes")},
                rendered,
            )
    else:
        checks.check(f"{name}: BRIDGE_CONFIG unset without routes", "BRIDGE_CONFIG" not in env, env.get("BRIDGE_CONFIG"))
    if value("kafka", "tls", "caSecret"):
        check_file_from(checks, name, pod, container, env, "KAFKA_SSL_CA_LOCATION", "secret")
    if value("kafka", "sasl", "password") or value("kafka", "sasl", "existingSecret"):
        checks.check(
            f"{name}: KAFKA_SASL_PASSWORD comes from a Secret",
            "secretKeyRef" in env.get("KAFKA_SASL_PASSWORD", {}).get("valueFrom", {}),
            env.get("KAFKA_SASL_PASSWORD"),
        )

    # Shutdown timing.
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    sleep_seconds = pre_stop.get("sleep", {}).get("seconds")
    if sleep_seconds is None and "exec" in pre_stop:
        sleep_seconds = int(pre_stop["exec"]["command"][-1])
    checks.check(f"{name}: preStop sleeps", bool(sleep_seconds), pre_stop)
    shutdown = math.ceil((int(env["BRIDGE_SHUTDOWN_GRACE_MS"]["value"]) + int(env["BRIDGE_ACK_TIMEOUT_MS"]["value"])) / 1000)
    grace = pod.get("terminationGracePeriodSeconds", 30)
    checks.check(
        f"{name}: terminationGracePeriodSeconds covers preStop + shutdown grace + ack timeout",
        grace >= (sleep_seconds or 0) + shutdown,
        f"{grace} < {sleep_seconds} + {shutdown}",
    )

    annotations = template["metadata"].get("annotations", {})
    checks.check(
        f"{name}: checksum annotations roll pods on config and secret changes",
        {"checksum/routes", "checksum/secrets"} <= set(annotations),
        sorted(annotations),
    )
    resources = container.get("resources", {})
    checks.check(
        f"{name}: resources set",
        bool(resources.get("requests", {}).get("cpu")) and bool(resources.get("limits", {}).get("memory")),
        resources,
    )

    # Service.
    services = by_kind.get("Service", [])
    checks.check("one Service", len(services) == 1, f"found {len(services)}")
    service = services[0]
    service_ports = {p["name"]: p for p in service["spec"]["ports"]}
    checks.check("service: selects the bridge pods", labels_match(service["spec"]["selector"], pod_labels), service["spec"]["selector"])
    checks.check(
        "service: ports target the container ports",
        set(service_ports) == set(ports) and all(p["targetPort"] in ports for p in service_ports.values()),
        service_ports,
    )
    checks.check(
        "service: port numbers match the values",
        service_ports.get("webhook", {}).get("port") == value("service", "webhookPort")
        and service_ports.get("admin", {}).get("port") == value("service", "adminPort"),
        service_ports,
    )

    # helm test pod.
    test_pods = [p for p in by_kind.get("Pod", []) if p["metadata"].get("annotations", {}).get("helm.sh/hook") == "test"]
    if checks.check("helm test pod exists", len(test_pods) == 1, f"found {len(test_pods)}"):
        test_pod = test_pods[0]
        command = " ".join(test_pod["spec"]["containers"][0].get("command", []))
        url = f"{service['metadata']['name']}.{service['metadata']['namespace']}.svc:{value('service', 'adminPort')}/healthz"
        checks.check("helm test pod curls /healthz through the Service", "curl" in command and url in command, command)
        checks.check(
            "helm test pod is not selected by the Service",
            not labels_match(service["spec"]["selector"], test_pod["metadata"]["labels"]),
            test_pod["metadata"]["labels"],
        )

    # Optional resources.
    def expect_count(kind, enabled, count=1):
        found = len(by_kind.get(kind, []))
        checks.check(f"{kind} count is {count if enabled else 0}", found == (count if enabled else 0), f"found {found}")
        return found == count and enabled

    if expect_count("Ingress", value("ingress", "enabled")):
        ingress = by_kind["Ingress"][0]
        paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
        checks.check(
            "ingress: routes only the webhook path to the webhook port",
            all(
                p["path"] == value("bridge", "webhookPath")
                and p["pathType"] == "Exact"
                and p["backend"]["service"]["port"].get("name") == "webhook"
                for p in paths
            )
            and bool(paths),
            paths,
        )
    if expect_count("HorizontalPodAutoscaler", value("autoscaling", "enabled")):
        hpa = by_kind["HorizontalPodAutoscaler"][0]
        checks.check(
            "hpa: scales the Deployment, which leaves replicas unset",
            hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"] and "replicas" not in deployment["spec"],
            hpa["spec"]["scaleTargetRef"],
        )
    else:
        checks.check("deployment: replicas from replicaCount", deployment["spec"].get("replicas") == value("replicaCount"), deployment["spec"].get("replicas"))
    if expect_count("PodDisruptionBudget", value("podDisruptionBudget", "enabled")):
        pdb = by_kind["PodDisruptionBudget"][0]
        checks.check("pdb: selects the bridge pods", labels_match(pdb["spec"]["selector"]["matchLabels"], pod_labels), pdb["spec"]["selector"])
    if expect_count("NetworkPolicy", value("networkPolicy", "enabled")):
        policy = by_kind["NetworkPolicy"][0]
        policy_ports = {p["port"] for rule in policy["spec"]["ingress"] for p in rule.get("ports", [])}
        checks.check("networkpolicy: admits the webhook and admin ports", policy_ports == {"webhook", "admin"}, policy_ports)
        checks.check(
            "networkpolicy: selects the bridge pods",
            labels_match(policy["spec"]["podSelector"]["matchLabels"], pod_labels),
            policy["spec"]["podSelector"],
        )
        if value("networkPolicy", "egress", "enabled"):
            dns = policy["spec"]["egress"][0]
            checks.check("networkpolicy: egress allows DNS", {p["port"] for p in dns["ports"]} == {53}, dns)

    if expect_count("ServiceMonitor", value("serviceMonitor", "enabled")):
        monitor = by_kind["ServiceMonitor"][0]
        endpoint = monitor["spec"]["endpoints"][0]
        checks.check(
            "servicemonitor: scrapes /metrics on the admin port",
            endpoint.get("port") == "admin" and endpoint.get("path") == "/metrics",
            endpoint,
        )
        checks.check(
            "servicemonitor: selects the Service",
            labels_match(monitor["spec"]["selector"]["matchLabels"], service["metadata"]["labels"]),
            monitor["spec"]["selector"],
        )
        checks.check(
            "servicemonitor: sets job=attio-kafka-bridge for the alert rules",
            {"action": "replace", "targetLabel": "job", "replacement": "attio-kafka-bridge"} in endpoint.get("relabelings", []),
            endpoint.get("relabelings"),
        )
    if expect_count("PrometheusRule", value("prometheusRule", "enabled")):
        rule = by_kind["PrometheusRule"][0]
        expected = yaml.safe_load((root / "deploy/prometheus/alerts.yaml").read_text())["groups"]
        checks.check("prometheusrule: rules equal deploy/prometheus/alerts.yaml", rule["spec"]["groups"] == expected, "groups differ")

    dashboards = [c for c in by_kind.get("ConfigMap", []) if c["metadata"].get("labels", {}).get("grafana_dashboard") == "1"]
    expected_count = 1 if value("grafanaDashboard", "enabled") else 0
    checks.check(
        f"Grafana dashboard ConfigMap count is {expected_count}",
        len(dashboards) == expected_count,
        f"found {len(dashboards)}",
    )
    if dashboards:
        data = dashboards[0]["data"]["attio-kafka-bridge.json"]
        expected = json.loads((root / "deploy/grafana/attio-kafka-bridge.json").read_text())
        checks.check("dashboard ConfigMap: JSON equals deploy/grafana/attio-kafka-bridge.json", json.loads(data) == expected, "JSON differs")
        expected_namespace = value("grafanaDashboard", "namespace") or deployment["metadata"]["namespace"]
        checks.check(
            "dashboard ConfigMap: in the configured namespace",
            dashboards[0]["metadata"]["namespace"] == expected_namespace,
            dashboards[0]["metadata"]["namespace"],
        )

    return checks.finish()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["repo", "rendered"])
    parser.add_argument("--root", type=Path, required=True, help="repository root")
    parser.add_argument("--values", help="values file the manifests were rendered with")
    parser.add_argument("--manifests", help="output of helm template")
    args = parser.parse_args()
    if args.mode == "repo":
        return run_repo_checks(args.root)
    if not args.values or not args.manifests:
        parser.error("rendered mode needs --values and --manifests")
    return run_rendered_checks(args.root, args.values, args.manifests)


if __name__ == "__main__":
    sys.exit(main())
