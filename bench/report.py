"""Markdown report of bench.py's results for docs/benchmarks.md: the tables of P1-P5 and their notes."""

import os
import platform

import dc_noop
import multisite
import task_cost

CLOUD_HALF_TASKS = 5              # module tasks of tests/reliability/playbooks/cloud_half.yml (one loop item each)
CLOUD_HALF_RESOURCES = 5          # gateway, customer gateway, connection, VPC route, CEN publication


def fmt(value, digits=2):
    return "n/a" if value is None else f"{value:.{digits}f}"


def report(results):
    lines = [f"Host: {os.cpu_count()} CPUs, Python {platform.python_version()}. Each part: when it ran, the median of "
             "how many runs, and the load average (1 min) when it ended:", ""]
    for part, run in sorted(results.get("runs", {}).items()):
        lines.append(f"- {part}: {run['at']}, median of {run['runs']}, load {run['load']}")
    lines.append("")
    if "P1" in results:
        r = results["P1"]
        lines += ["### P1: no-op re-run of the cloud half", "",
                  "| Playbook | Tasks | Median s | Ratio to the uri floor | API calls | Reads per resource | Writes |",
                  "|---|---|---|---|---|---|---|",
                  f"| cloud half (eds.vpc_access, emulator; modules run in the worker) | {CLOUD_HALF_TASKS} | {fmt(r['noop'])} | "
                  f"{fmt(r['noop'] / r['floor'])} | {fmt(r['reads'], 0)} | {fmt(r['reads'] / CLOUD_HALF_RESOURCES)} | "
                  f"{r['writes']} |",
                  f"| {CLOUD_HALF_TASKS} x ansible.builtin.uri (floor) | {CLOUD_HALF_TASKS} | {fmt(r['floor'])} | 1.00 | "
                  f"{CLOUD_HALF_TASKS} | 1.00 | 0 |"]
        if r.get("as_processes"):
            lines.append(f"| cloud half, modules as processes (no action plugin), same runs | {CLOUD_HALF_TASKS} | "
                         f"{fmt(r['as_processes'])} | {fmt(r['as_processes'] / r['floor'])} | - | - | - |")
        if r.get("baseline"):
            lines.append(f"| cloud half before ({r['baseline']['ref']}), same runs | {CLOUD_HALF_TASKS} | "
                         f"{fmt(r['baseline']['noop'])} | {fmt(r['baseline']['noop'] / r['floor'])} | - | - | - |")
        lines += [f"| amazon.aws/community.aws VPN (moto) | 4 | {fmt(r['aws'])} | "
                  f"{fmt(r['aws'] / r['floor'] if r['aws'] else None)} | {fmt(r['aws_calls'], 0)} | "
                  f"{fmt(r['aws_calls'] / 4 if r['aws_calls'] else None)} | - |", "",
                  "API calls of one no-op run: " + ", ".join(f"{k} {v['count']}" for k, v in sorted(r["by_action"].items()))
                  + ".", ""]
        if r.get("aws_error"):
            lines += [f"AWS side not measured: {r['aws_error']}", ""]
        if r.get("cost"):
            lines += task_cost.report(r["cost"], fmt)
    if "P2" in results:
        lines += ["### P2: converge from empty vs emulated provisioning time", "",
                  "| --time-scale | Emulated gateway provisioning + update s | Converge median s | Extra vs scale 0 s "
                  "| Waiting overhead s |",
                  "|---|---|---|---|---|"]
        for row in results["P2"]:
            lines.append(f"| {row['scale']} | {fmt(row['emulated'], 1)} | {fmt(row['converge'])} | "
                         f"{fmt(row['converge'] - results['P2'][0]['converge'])} | {fmt(row['overhead'])} |")
        lines += ["", "Waiting overhead = extra vs scale 0 − emulated seconds (gateway 120 s + the connection's 10 s "
                  "update, scaled). Negative: part of the provisioning overlaps other tasks' work (the customer "
                  "gateway is created while the VPN gateway provisions), and run-to-run noise on a loaded host is "
                  "a few seconds.", ""]
    if "P3" in results:
        lines += [f"### P3: scale (4 gateways, {results['P3']['cgws']} customer gateways, N connections)", "",
                  "| N connections | Task | Median s | API calls | Writes |", "|---|---|---|---|---|"]
        for row in results["P3"]["rows"]:
            lines.append(f"| {row['n']} | {row['task']} | {fmt(row['t'])} | {fmt(row['calls'], 0)} | {row['writes']} |")
        lines.append("")
    if "P4" in results:
        lines += ["### P4: per-module import time, SDK share, peak memory", "",
                  "| Module | Run s | Import s (self-time sum) | SDK + HTTP stack import s | SDK share of imports | Peak RSS MiB |",
                  "|---|---|---|---|---|---|"]
        for row in results["P4"]["rows"]:
            lines.append(f"| {row['module']} | {fmt(row['wall'])} | {fmt(row['imports'])} | {fmt(row['sdk'])} | "
                         f"{fmt(100 * row['sdk'] / row['imports'], 0)} % | {fmt(row['rss_mib'], 1)} |")
        baseline = results["P4"].get("baseline")
        if baseline:
            lines += ["", f"Before/after: the same module runs with the collection at `{baseline['ref']}`, alternating "
                      "with the runs above:", "",
                      "| Module | Run s before | Run s after | SDK import s before | after | Peak RSS MiB before | after |",
                      "|---|---|---|---|---|---|---|"]
            for old, new in zip(baseline["rows"], results["P4"]["rows"]):
                lines.append(f"| {new['module']} | {fmt(old['wall'])} | {fmt(new['wall'])} | {fmt(old['sdk'])} | "
                             f"{fmt(new['sdk'])} | {fmt(old['rss_mib'], 1)} | {fmt(new['rss_mib'], 1)} |")
        lines += ["", f"Baseline: a Python process that imports `ansible.module_utils.basic` only peaks at "
                  f"{fmt(results['P4']['bare_rss_mib'], 1)} MiB.", "",
                  "One `DescribeVpnGateways` call in a fresh process (bench/sdk_paths.py), product SDK client vs the "
                  "generic OpenAPI client it is built on:", "",
                  "| Client | Process s | Peak RSS MiB |", "|---|---|---|"]
        for path, label in (("product", "alibabacloud_vpc20160428.client (the modules before P4 was applied)"),
                            ("generic", "alibabacloud_tea_openapi.client.call_api (what the modules use)")):
            row = results["P4"]["paths"][path]
            lines.append(f"| {label} | {fmt(row['seconds'])} | {fmt(row['rss_mib'], 1)} |")
        lines.append("")
    if "P5" in results:
        lines += dc_noop.report(results["P5"], fmt)
    if "P6" in results:
        lines += multisite.report(results["P6"], fmt)
    for part, error in results.get("errors", {}).items():
        lines += [f"{part} failed: `{error.splitlines()[-1] if error else ''}`", ""]
    return "\n".join(lines)


def write_results(out, text):
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    doc = open(out, encoding="utf-8").read() if os.path.exists(out) else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in doc:
        doc += f"\n{begin}\n{end}\n"
    head, rest = doc.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(f"{head}{begin}\n{text}\n{end}{tail}")
