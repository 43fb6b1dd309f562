#!/usr/bin/env python3
"""Combines the raw summaries of one bench/run.sh run into OUT.json and OUT.md.

Exits 1 when a delivery answered 200 is missing from Kafka or when no delivery was
answered 200, so that bench/run.sh --quick can serve as a smoke test.
"""

import argparse
import collections
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

PHASE_ORDER = ["closed-c1", "closed-c8", "closed-c32", "closed-c64",
               "open-r200", "open-r500", "open-r2000", "open-r8000"]

# Targets for the bridge, checked against the phases named here.
TARGET_CPU_US_PER_EVENT = 25.0
TARGET_IDLE_RSS_MIB = 16.0
TARGET_PEAK_RSS_MIB = 64.0
TARGET_P99_MS = 15.0


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def phase_sort_key(name):
    return PHASE_ORDER.index(name) if name in PHASE_ORDER else len(PHASE_ORDER)


def machine_info(build_dir):
    cpu_model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    memory_kib = 0
    with open("/proc/meminfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    info = {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
    }
    commands = {
        "bridge_version": [os.path.join(build_dir, "bin", "attio-kafka-bridge"), "--version"],
        "librdkafka": ["pkg-config", "--modversion", "rdkafka"],
        "nginx": ["nginx", "-v"],
        "compiler": ["c++", "--version"],
    }
    for name, command in commands.items():
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
            text = (done.stdout or done.stderr).strip().splitlines()
            info[name] = text[0] if text else "unknown"
        except OSError:
            info[name] = "not installed"
    return info


def read_keys(path):
    """Returns a Counter of (topic, key) pairs read from a TOPIC<TAB>KEY file."""
    counts = collections.Counter()
    if not path.exists():
        return counts
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line:
                topic, _, key = line.partition("\t")
                counts[(topic, key)] += 1
    return counts


def verify_kafka(work):
    expected = read_keys(work / "expected.tsv")
    found = read_keys(work / "found.tsv")
    missing = [pair for pair in expected if pair not in found]
    return {
        "answered_200": sum(expected.values()),
        "unique_keys_answered_200": len(expected),
        "found_of_those": len(expected) - len(missing),
        "missing": len(missing),
        "missing_examples": ["%s %s" % pair for pair in missing[:10]],
        "duplicated_in_kafka": sum(1 for pair in expected if found.get(pair, 0) > 1),
        "in_kafka_but_not_answered_200": sum(1 for pair in found if pair not in expected),
    }


def collect_phases(work, prefix):
    phases = {}
    for path in work.glob(prefix + "*.load.json"):
        name = path.name[len(prefix):-len(".load.json")]
        if prefix == "" and name.startswith("nginx-"):
            continue
        phase = {"load": load_json(path)}
        for part in ("start", "peak", "stop"):
            extra = work / f"{prefix}{name}.{part}.json"
            if extra.exists():
                phase.update(load_json(extra))
        phases[name] = phase
    return dict(sorted(phases.items(), key=lambda item: phase_sort_key(item[0])))


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def ms(latency, key):
    return None if not latency else latency[key] / 1000.0


def mib(kib):
    return None if kib is None else kib / 1024.0


def phase_row(name, phase, process):
    load = phase["load"]
    latency = load["latency_us"]
    failed = load["sent"] - load["ok"] + load["not_sent"]
    proc = load["processes"].get(process, {})
    return [
        name,
        fmt(load["ok"]),
        fmt(failed),
        fmt(load["throughput_per_s"], 0),
        fmt(ms(latency, "p50"), 2),
        fmt(ms(latency, "p90"), 2),
        fmt(ms(latency, "p99"), 2),
        fmt(ms(latency, "p99_9"), 2),
        fmt(proc.get("cpu_us_per_ok", 0.0) * 1000 / 1000, 1),
        fmt(mib(phase.get("idle_rss_kib"))),
        fmt(mib(phase.get("peak_rss_kib", proc.get("peak_rss_kib_end")))),
        fmt(phase.get("startup_ms")),
    ]


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def check_targets(bridge):
    """Returns rows of (target, measured, verdict) for the phases that were run."""
    rows = []
    closed = {name: phase for name, phase in bridge.items() if name.startswith("closed-")}
    if closed:
        name, phase = max(closed.items(), key=lambda item: item[1]["load"]["throughput_per_s"])
        cpu = phase["load"]["processes"]["bridge"]["cpu_us_per_ok"]
        rows.append([f"bridge CPU ≤ {TARGET_CPU_US_PER_EVENT:.0f} µs/event at saturation",
                     f"{cpu:.1f} µs ({name}, highest throughput)",
                     "met" if cpu <= TARGET_CPU_US_PER_EVENT else "not met"])
    idle = [phase["idle_rss_kib"] for phase in bridge.values() if "idle_rss_kib" in phase]
    if idle:
        worst = max(idle) / 1024
        rows.append([f"idle RSS ≤ {TARGET_IDLE_RSS_MIB:.0f} MiB", f"{worst:.1f} MiB (max of {len(idle)} starts)",
                     "met" if worst <= TARGET_IDLE_RSS_MIB else "not met"])
    if "open-r8000" in bridge:
        phase = bridge["open-r8000"]
        peak = phase["peak_rss_kib"] / 1024
        load = phase["load"]
        note = "" if load["ok"] == load["scheduled"] else \
            f"; only {load['ok']:,} of {load['scheduled']:,} scheduled deliveries answered 200"
        if peak > TARGET_PEAK_RSS_MIB:
            verdict = "not met"
        elif note:
            verdict = "not shown: the load did not reach 8,000/s"
        else:
            verdict = "met"
        rows.append([f"peak RSS ≤ {TARGET_PEAK_RSS_MIB:.0f} MiB at 8,000 deliveries/s",
                     f"{peak:.1f} MiB{note}", verdict])
    if "open-r2000" in bridge:
        load = bridge["open-r2000"]["load"]
        p99 = ms(load["latency_us"], "p99")
        all_ok = load["ok"] == load["scheduled"]
        met = p99 is not None and p99 <= TARGET_P99_MS and all_ok
        detail = f"{fmt(p99, 2)} ms"
        if not all_ok:
            detail += f"; {load['scheduled'] - load['ok']:,} of {load['scheduled']:,} not answered 200"
        rows.append([f"p99 ≤ {TARGET_P99_MS:.0f} ms at 2,000 deliveries/s", detail,
                     "met" if met else "not met"])
    return rows


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return None
    return numerator / denominator


def build_ratios(bridge, nginx, kafka):
    rows = []
    for name, phase in bridge.items():
        if name not in nginx:
            continue
        load, base = phase["load"], nginx[name]["load"]
        rows.append([
            name,
            fmt(ratio(load["throughput_per_s"], base["throughput_per_s"]), 3),
            fmt(ratio(ms(load["latency_us"], "p50"), ms(base["latency_us"], "p50")), 1),
            fmt(ratio(ms(load["latency_us"], "p99"), ms(base["latency_us"], "p99")), 1),
            fmt(ratio(load["processes"]["bridge"]["cpu_us_per_ok"],
                      base["processes"].get("nginx", {}).get("cpu_us_per_ok")), 1),
        ])
    kafka_rows = []
    closed = {name: phase for name, phase in bridge.items() if name.startswith("closed-")}
    if closed and kafka:
        best_name, best = max(closed.items(), key=lambda item: item[1]["load"]["throughput_per_s"])
        for key, base in sorted(kafka.items(), key=lambda item: item[1]["inflight"]):
            kafka_rows.append([
                f"{best_name} vs producer, {base['inflight']} in flight",
                fmt(ratio(best["load"]["throughput_per_s"], base["throughput_per_s"]), 3),
                fmt(ratio(best["load"]["processes"]["bridge"]["cpu_us_per_ok"],
                          base["cpu_us_per_record"]), 1),
            ])
    return rows, kafka_rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--mode", required=True, choices=["full", "quick"])
    parser.add_argument("--out", required=True, help="output path without extension")
    parser.add_argument("--command", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--seconds", type=int, default=0)
    args = parser.parse_args()

    bridge = collect_phases(args.work, "")
    nginx = collect_phases(args.work, "nginx-")
    kafka = {path.name.split(".")[0]: load_json(path)
             for path in sorted(args.work.glob("kafka-w*.baseline.json"))}
    verification = verify_kafka(args.work)
    machine = machine_info(args.build_dir)
    targets = check_targets(bridge) if args.mode == "full" else []
    nginx_ratios, kafka_ratios = build_ratios(bridge, nginx, kafka)

    result = {
        "command": args.command,
        "mode": args.mode,
        "run_seconds": args.seconds,
        "machine": machine,
        "bridge": bridge,
        "nginx": nginx,
        "kafka_producer": kafka,
        "kafka_verification": verification,
        "targets": [{"target": t, "measured": m, "verdict": v} for t, m, v in targets],
    }
    with open(args.out + ".json", "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
        handle.write("\n")

    header = ["phase", "ok", "failed", "per s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
              "CPU µs/req", "idle RSS MiB", "peak RSS MiB", "start ms"]
    lines = [
        f"# Benchmark run {Path(args.out).name}",
        "",
        f"Command: `{args.command}` ({args.mode} mode, {args.seconds} s in total)",
        "",
        f"Machine: {machine['nproc']} CPUs, {machine['cpu_model']}, {machine['memory_gib']} GiB, "
        f"Linux {machine['kernel']}; {machine['bridge_version']}; librdkafka {machine['librdkafka']}; "
        f"{machine['nginx']}; {machine['compiler']}",
        "",
        "Latency of closed-loop phases counts from the send; of open-loop phases from the "
        "scheduled send time. Percentiles cover the requests answered with the expected "
        "status. \"failed\" counts requests sent but not answered with it, plus scheduled "
        "requests never sent.",
        "",
        "## attio-kafka-bridge",
        "",
        markdown_table(header, [phase_row(n, p, "bridge") for n, p in bridge.items()]),
        "",
    ]
    if nginx:
        lines += ["## nginx baseline (`return 204;`)", "",
                  markdown_table(header, [phase_row(n, p, "nginx") for n, p in nginx.items()]), ""]
    if kafka:
        rows = []
        for base in sorted(kafka.values(), key=lambda value: value["inflight"]):
            latency = base["ack_latency_us"]
            rows.append([fmt(base["inflight"]), fmt(base["acknowledged"]), fmt(base["failed"]),
                         fmt(base["throughput_per_s"], 0), fmt(ms(latency, "p50"), 2),
                         fmt(ms(latency, "p99"), 2), fmt(base["cpu_us_per_record"], 1),
                         fmt(base["value_bytes_mean"], 0)])
        lines += ["## librdkafka producer baseline", "",
                  markdown_table(["in flight", "acked", "failed", "per s", "ack p50 ms",
                                  "ack p99 ms", "CPU µs/record", "value bytes"], rows), ""]
    if nginx_ratios:
        lines += ["## Bridge relative to nginx (bridge ÷ nginx)", "",
                  markdown_table(["phase", "throughput", "p50", "p99", "CPU per request"],
                                 nginx_ratios), ""]
    if kafka_ratios:
        lines += ["## Bridge relative to the producer (bridge ÷ producer)", "",
                  markdown_table(["comparison", "throughput", "CPU per event"], kafka_ratios), ""]
    if targets:
        lines += ["## Targets", "", markdown_table(["target", "measured", "verdict"], targets), ""]
    v = verification
    lines += [
        "## Kafka check",
        "",
        f"{v['unique_keys_answered_200']:,} deliveries answered 200 (warm-up included); "
        f"{v['found_of_those']:,} found in Kafka by key, {v['missing']:,} missing, "
        f"{v['duplicated_in_kafka']:,} present more than once, "
        f"{v['in_kafka_but_not_answered_200']:,} in Kafka without a 200 answer.",
        "",
    ]
    markdown = "\n".join(lines)
    with open(args.out + ".md", "w", encoding="utf-8") as handle:
        handle.write(markdown)
    print(markdown)

    ok_total = sum(phase["load"]["ok"] for phase in bridge.values())
    if v["missing"] > 0:
        print(f"bench: FAIL: {v['missing']} of {v['unique_keys_answered_200']} deliveries "
              f"answered 200 are missing from Kafka, e.g. {v['missing_examples'][:3]}")
        return 1
    if ok_total == 0:
        print("bench: FAIL: no delivery was answered 200; see the bridge logs")
        return 1
    print(f"bench: PASS: {v['unique_keys_answered_200']} deliveries answered 200, "
          f"all found in Kafka; report in {args.out}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
