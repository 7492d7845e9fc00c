"""eds.vpc_access benchmarks (P1-P6): real ansible-playbook runs against the emulator (P1-P4) and the podman test
hosts (P5), medians of several runs, results as Markdown tables in docs/benchmarks.md. Not a test: nothing here
asserts a time.

    bench/run [--runs N] [--only P1,P2,P3,P4,P5,P6] [--out FILE] [--baseline GIT_REF]

--baseline runs P1's no-op, P4's module runs and P5's no-ops also with the collection as it was at GIT_REF,
interleaved with the current tree's runs (same host load), for before/after figures of a change.
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(REPO, "tests", "emulator"))
from emulator_harness import AK, SK, Emulator  # noqa: E402  pylint: disable=wrong-import-position
import dc_noop  # noqa: E402  pylint: disable=wrong-import-position
import multisite  # noqa: E402  pylint: disable=wrong-import-position
import task_cost  # noqa: E402  pylint: disable=wrong-import-position
from module_process import peak_rss_kib, peak_rss_kib_cmd, run_module  # noqa: E402  pylint: disable=wrong-import-position
from report import CLOUD_HALF_TASKS, report, write_results  # noqa: E402  pylint: disable=wrong-import-position

EDS_HOME = "/opt/eds-vpc-access"
BENCH_HOME = os.path.join(EDS_HOME, "bench")
BENCH_VENV = os.path.join(EDS_HOME, "bench-venv")
BENCH_COLLECTIONS = os.path.join(BENCH_HOME, "collections")
ANSIBLE_WHEEL_VERSION = "12.3.0"   # the version scripts/lib.sh takes the test collections from
CLOUD_HALF = os.path.join(REPO, "tests", "reliability", "playbooks", "cloud_half.yml")
PY = sys.executable
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(PY), "ansible-playbook")


# -- environment ---------------------------------------------------------------------------------------------
def collection_tree(ref=None):
    """An ansible_collections/eds/vpc_access symlink to this checkout, first on ANSIBLE_COLLECTIONS_PATH; with a
    git ref, a copy of the collection as it was at that ref instead."""
    root = tempfile.mkdtemp(prefix="eds-bench-")
    os.makedirs(os.path.join(root, "ansible_collections", "eds"))
    target = os.path.join(root, "ansible_collections", "eds", "vpc_access")
    if ref is None:
        os.symlink(REPO, target)
    else:
        os.makedirs(target)
        archive = subprocess.run(["git", "-C", REPO, "archive", ref], capture_output=True, check=True).stdout  # noqa: S603,S607
        subprocess.run(["tar", "-x", "-C", target], input=archive, check=True)  # noqa: S603,S607
    return root


def ensure_aws_side():
    """moto + boto3 in a bench-only venv; amazon.aws/community.aws out of the ansible wheel (as setup-test-host)."""
    if not os.path.exists(os.path.join(BENCH_VENV, "bin", "moto_server")):
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV], check=True)
        subprocess.run([os.path.join(BENCH_VENV, "bin", "pip"), "install", "-q", "moto[server]", "boto3"], check=True)
    if not os.path.isdir(os.path.join(BENCH_COLLECTIONS, "ansible_collections", "amazon", "aws")):
        dl = os.path.join(BENCH_HOME, "dl")
        wheel = os.path.join(dl, f"ansible-{ANSIBLE_WHEEL_VERSION}-py3-none-any.whl")
        if not os.path.exists(wheel):
            subprocess.run([PY, "-m", "pip", "download", "-q", "--no-deps", f"ansible=={ANSIBLE_WHEEL_VERSION}",
                            "-d", dl], check=True)
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith(("ansible_collections/amazon/aws/", "ansible_collections/community/aws/")):
                    archive.extract(name, BENCH_COLLECTIONS)


def base_env(tree, url=None, **extra):
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"ANSIBLE_COLLECTIONS_PATH": ":".join([tree, os.path.join(EDS_HOME, "collections"), BENCH_COLLECTIONS]),
                "ANSIBLE_PIPELINING": "1", "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCALHOST_WARNING": "0",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0", "ANSIBLE_RETRY_FILES_ENABLED": "0",
                "ALICLOUD_ACCESS_KEY": AK, "ALICLOUD_SECRET_KEY": SK, "ALICLOUD_REGION": "cn-shanghai"})
    if url:
        env["ALICLOUD_ENDPOINT_URL"] = url
    env.update(extra)
    return env


def playbook(path, env, extra_vars=None, check=True):
    cmd = [ANSIBLE_PLAYBOOK, path] + (["-e", json.dumps(extra_vars)] if extra_vars else [])
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=BENCH, check=False)  # noqa: S603
    seconds = time.monotonic() - started
    if check and proc.returncode != 0:
        raise RuntimeError(f"{path} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    return seconds, proc


def median(values):
    return statistics.median(values) if values else float("nan")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- P1 --------------------------------------------------------------------------------------------------------
def moto_noop(tree, runs):
    """amazon.aws/community.aws: converge once against moto, then time no-op re-runs; count moto's requests."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)  # noqa: SIM115
    moto = subprocess.Popen([os.path.join(BENCH_VENV, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],  # noqa: S603
                            stdout=log, stderr=log)
    try:
        url = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
        vpc = subprocess.run([os.path.join(BENCH_VENV, "bin", "python"), "-c",  # noqa: S603
                              "import boto3,sys; c=boto3.client('ec2',endpoint_url=sys.argv[1]);"
                              "print(c.create_vpc(CidrBlock='192.168.0.0/16')['Vpc']['VpcId'])", url],
                             env={**os.environ, **creds}, capture_output=True, text=True, check=True).stdout.strip()
        env = base_env(tree, **creds)
        extra = {"bench_moto_url": url, "bench_vpc_id": vpc, "bench_python": os.path.join(BENCH_VENV, "bin", "python")}
        path = os.path.join(BENCH, "playbooks", "aws_vpn.yml")
        playbook(path, env, extra)
        times, calls = [], []
        for _attempt in range(runs):
            before = request_lines(log.name)
            seconds, proc = playbook(path, env, extra)
            if "changed=0" not in proc.stdout:
                raise RuntimeError("the AWS re-run is not a no-op:\n" + proc.stdout[-2000:])
            times.append(seconds)
            calls.append(request_lines(log.name) - before)
        return median(times), median(calls)
    finally:
        moto.terminate()
        try:
            moto.wait(60)
        except subprocess.TimeoutExpired:       # a loaded host: do not lose the other figures for it
            moto.kill()
            moto.wait()
        os.unlink(log.name)


def request_lines(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return sum(1 for line in handle if '"POST / HTTP' in line or '"GET / HTTP' in line)


def p1(tree, runs, results, baseline=None):
    emu = Emulator(["--time-scale", "0", "--quiet"])
    modproc = task_cost.module_process_tree(REPO)
    try:
        env = base_env(tree, emu.url)
        playbook(CLOUD_HALF, env)
        times, stats, before, as_processes = [], [], [], []
        for _attempt in range(runs):
            emu.admin("/stats/reset", {})
            seconds, proc = playbook(CLOUD_HALF, env)
            if "changed=0" not in proc.stdout:
                raise RuntimeError("the cloud half re-run is not a no-op:\n" + proc.stdout[-2000:])
            times.append(seconds)
            stats.append(emu.stats())
            seconds, proc = playbook(CLOUD_HALF, base_env(modproc, emu.url))
            if "changed=0" not in proc.stdout:
                raise RuntimeError("the module-process re-run is not a no-op:\n" + proc.stdout[-2000:])
            as_processes.append(seconds)
            if baseline:
                seconds, proc = playbook(CLOUD_HALF, base_env(baseline["tree"], emu.url))
                if "changed=0" not in proc.stdout:
                    raise RuntimeError("the baseline's re-run is not a no-op:\n" + proc.stdout[-2000:])
                before.append(seconds)
        floor = [playbook(os.path.join(BENCH, "playbooks", "uri_floor.yml"), env,
                          {"bench_url": emu.url, "bench_calls": CLOUD_HALF_TASKS})[0] for _attempt in range(runs)]
        cost = task_cost.breakdown(REPO, base_env, tree, emu.url, runs)
    finally:
        emu.cleanup()
        shutil.rmtree(modproc)
    reads = median([s["reads"] for s in stats])
    writes = max(s["writes"] for s in stats)
    row = {"noop": median(times), "floor": median(floor), "reads": reads, "writes": writes,
           "by_action": stats[-1]["by_action"], "as_processes": median(as_processes), "cost": cost}
    if baseline:
        row["baseline"] = {"ref": baseline["ref"], "noop": median(before)}
    try:
        ensure_aws_side()
        row["aws"], row["aws_calls"] = moto_noop(tree, runs)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        row["aws"], row["aws_calls"], row["aws_error"] = None, None, str(exc)[:300]
    results["P1"] = row


# -- P2 --------------------------------------------------------------------------------------------------------
# emulated seconds on the critical path of a converge from empty: the gateway's provisioning, then the
# "updating" period the connection puts it in (routes and CEN do not wait on the gateway)
CRITICAL_PATH = 120 + 10


def p2(tree, runs, results, scales=(0.0, 0.05, 0.2)):
    rows = []
    for scale in scales:
        emu = Emulator(["--time-scale", str(scale), "--quiet"])
        try:
            env = base_env(tree, emu.url)
            times = []
            for _attempt in range(runs):
                emu.admin("/reset", {})
                times.append(playbook(CLOUD_HALF, env)[0])
        finally:
            emu.cleanup()
        rows.append({"scale": scale, "converge": median(times), "emulated": CRITICAL_PATH * scale})
    base = rows[0]["converge"]
    for row in rows:
        row["overhead"] = row["converge"] - base - row["emulated"]
    results["P2"] = rows


# -- P3 --------------------------------------------------------------------------------------------------------
def seed_scale(emu, total_connections, cgws, state):
    """4 gateways, `cgws` customer gateways, connections up to `total_connections`, through the real SDK."""
    from alibabacloud_vpc20160428 import models
    client = emu.vpc()
    region = "cn-hangzhou"
    if not state.get("gateways"):
        state["gateways"] = [client.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=region, vpc_id="vpc-bp1singletunnel000001", bandwidth=10, enable_ipsec=True,
            name=f"bench-gw-{i}")).body.vpn_gateway_id for i in range(4)]
        state["cgws"] = [client.create_customer_gateway(models.CreateCustomerGatewayRequest(
            region_id=region, ip_address=f"198.51.{100 + i // 250}.{i % 250 + 1}", name=f"bench-cgw-{i:03d}")
        ).body.customer_gateway_id for i in range(cgws)]
        state["connections"] = 0
    while state["connections"] < total_connections:
        i = state["connections"]
        client.create_vpn_connection(models.CreateVpnConnectionRequest(
            region_id=region, vpn_gateway_id=state["gateways"][i % 4], customer_gateway_id=state["cgws"][i],
            local_subnet="10.10.0.0/16", remote_subnet=f"192.10.{i % 250}.0/24", name=f"bench-conn-{i:03d}",
            effect_immediately=False))
        state["connections"] += 1


def p3(tree, runs, results, sizes=(10, 50, 200), cgws=500):
    emu = Emulator(["--time-scale", "0", "--quiet"])
    rows, state = [], {}
    try:
        env = base_env(tree, emu.url, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ALICLOUD_REGION="cn-hangzhou")
        for size in sizes:
            seed_scale(emu, size, cgws, state)
            per_task = {}
            for _attempt in range(runs):
                proc = playbook(os.path.join(BENCH, "playbooks", "scale.yml"), env,
                                {"bench_url": emu.url, "bench_gateway_id": state["gateways"][0],
                                 "bench_cgw_id": state["cgws"][-1]})[1]
                tasks = json.loads(proc.stdout[proc.stdout.index("{"):])["plays"][0]["tasks"]
                for task in tasks:
                    name = task["task"]["name"]
                    if name.startswith("M "):
                        per_task.setdefault(name[2:], {"t": [], "calls": [], "writes": []})["t"].append(
                            duration(task["task"]["duration"]))
                    elif name.startswith("S "):
                        stats = task["hosts"]["localhost"]["json"]
                        per_task[name[2:]]["calls"].append(stats["requests"] - 0)
                        per_task[name[2:]]["writes"].append(stats["writes"])
            for name, data in per_task.items():
                rows.append({"n": size, "task": name, "t": median(data["t"]), "calls": median(data["calls"]),
                             "writes": max(data["writes"])})
    finally:
        emu.cleanup()
    results["P3"] = {"rows": rows, "cgws": cgws}


def duration(span):
    def parse(value):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (parse(span["end"]) - parse(span["start"])).total_seconds()


# -- P4 --------------------------------------------------------------------------------------------------------
P4_MODULES = {
    "vpn_gateway_info": {},
    "customer_gateway_info": {},
    "vpn_connection_info": {},
    "office_network_info": {},
    "cidr_plan": {"office_network_cidr": "172.16.0.0/12", "datacenter_cidrs": ["192.10.0.0/16"]},
}


def module_row(name, samples, rss):
    return {"module": name, "wall": median([s[0] for s in samples]), "imports": median([s[1] for s in samples]),
            "sdk": median([s[2] for s in samples]), "rss_mib": median(rss) / 1024}


def p4(tree, runs, results, baseline=None):
    emu = Emulator(["--time-scale", "0", "--quiet"])
    rows, before = [], []
    trees = [tree] + ([baseline["tree"]] if baseline else [])
    try:
        for name, args in P4_MODULES.items():
            samples, rss = [[] for _t in trees], [[] for _t in trees]
            for _attempt in range(runs):      # current and baseline alternate: the same host load for both
                for index, each in enumerate(trees):
                    samples[index].append(run_module(name, args, base_env(each, emu.url, PYTHONPATH=each)))
                    rss[index].append(peak_rss_kib(name, args, base_env(each, emu.url, PYTHONPATH=each)))
            rows.append(module_row(name, samples[0], rss[0]))
            if baseline:
                before.append(module_row(name, samples[1], rss[1]))
        bare = [peak_rss_kib_cmd([PY, "-c", "import ansible.module_utils.basic"]) for _attempt in range(runs)]
        paths = {}
        for path in ("product", "generic"):
            samples = []
            for _attempt in range(runs):
                cmd = [PY, os.path.join(BENCH, "sdk_paths.py"), path, emu.endpoint]
                out = subprocess.run(cmd, env=base_env(tree), capture_output=True, text=True, check=True).stdout.split()  # noqa: S603
                samples.append((float(out[0]), peak_rss_kib_cmd(cmd, env=base_env(tree)) / 1024))
            paths[path] = {"seconds": median([x[0] for x in samples]), "rss_mib": median([x[1] for x in samples])}
    finally:
        emu.cleanup()
    results["P4"] = {"rows": rows, "bare_rss_mib": median(bare) / 1024, "paths": paths}
    if baseline:
        results["P4"]["baseline"] = {"ref": baseline["ref"], "rows": before}


# -- P5 --------------------------------------------------------------------------------------------------------
def p5(tree, runs, results, baseline=None):
    dc_noop.p5(tree, runs, results, base_env, baseline)


def p6(tree, runs, results):
    multisite.p6(tree, runs, results, base_env, ANSIBLE_PLAYBOOK)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="P1,P2,P3,P4,P5,P6")
    parser.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.md"))
    parser.add_argument("--baseline", help="git ref of the collection to compare with (P1, P4, P5)")
    args = parser.parse_args()
    tree = collection_tree()
    baseline = {"ref": args.baseline, "tree": collection_tree(args.baseline)} if args.baseline else None
    json_path = os.path.splitext(args.out)[0] + ".json"
    results = {}
    if os.path.exists(json_path):      # --only refreshes some parts and keeps the others
        with open(json_path, encoding="utf-8") as handle:
            results = json.load(handle)
        results.pop("errors", None)
    try:
        for part in args.only.split(","):
            started = time.monotonic()
            try:
                if part.strip() in ("P1", "P4", "P5"):
                    {"P1": p1, "P4": p4, "P5": p5}[part.strip()](tree, args.runs, results, baseline)
                else:
                    {"P2": p2, "P3": p3, "P6": p6}[part.strip()](tree, args.runs, results)
            except Exception as exc:  # pylint: disable=broad-except  # one broken part must not lose the others
                results.setdefault("errors", {})[part] = str(exc)[-1500:]
            results.setdefault("runs", {})[part.strip()] = {
                "runs": args.runs, "at": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
                "load": round(os.getloadavg()[0], 1)}
            print(f"{part}: done in {time.monotonic() - started:.0f}s", flush=True)
    finally:
        shutil.rmtree(tree)
        if baseline:
            shutil.rmtree(baseline["tree"])
    text = report(results)
    print(text)
    write_results(args.out, text)
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1, default=str)
    if results.get("errors"):       # a broken part is reported in the table and fails the command
        sys.exit(1)


if __name__ == "__main__":
    main()
