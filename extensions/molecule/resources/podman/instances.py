"""Create or remove a Molecule scenario's podman containers and network with plain podman commands.

    instances.py create|destroy PLATFORMS_JSON

Called by create.yml and destroy.yml next to this file (extensions/molecule/config.yml names them for every
scenario) instead of the podman driver's playbooks, which run about ten local modules per step
(containers.podman.podman_container inspects, async jobs polled every 5 s). The containers are the same:
`podman run -d` with the platform's name as name and hostname, its network, capabilities, devices, systemd mode
and command. A platform key this script does not know is an error, so no setting is dropped silently.
"""

import json
import subprocess
import sys

from systemd_boot import wait_booted

KNOWN = {"name", "image", "pre_build_image", "command", "systemd", "network", "capabilities", "devices", "groups"}


def podman(*args, check=True):
    return subprocess.run(["podman", *args], check=check, capture_output=True, text=True)


def run_args(p):
    args = ["run", "-d", "--name", p["name"], "--hostname", p["name"], "--label", "owner=molecule"]
    if "network" in p:
        args += ["--network", p["network"]]
    args += [f"--cap-add={c}" for c in p.get("capabilities", [])]
    args += [f"--device={d}" for d in p.get("devices", [])]
    if "systemd" in p:
        args += [f"--systemd={str(p['systemd']).lower()}"]
    args.append(p["image"])
    command = p.get("command", "")
    args += command.split() if isinstance(command, str) else list(command)
    return args


def create(platforms):
    for net in dict.fromkeys(p["network"] for p in platforms if "network" in p):
        if podman("network", "exists", net, check=False).returncode != 0:
            podman("network", "create", net)
    # the containers start side by side; each `podman run -d` returns once its container runs
    procs = [subprocess.Popen(["podman", *run_args(p)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for p in platforms]
    errors = [f"{p['name']}: {proc.communicate()[1].strip()}" for p, proc in zip(platforms, procs) if proc.wait()]
    if errors:
        sys.exit("podman run failed: " + "; ".join(errors))
    for p in platforms:
        if p.get("systemd") or "init" in str(p.get("command", "")):
            try:
                wait_booted(p["name"], timeout=120)
            except TimeoutError as e:
                sys.exit(str(e))


def destroy(platforms):
    # -t 0: the test containers keep nothing worth a clean shutdown (systemd would take seconds)
    podman("rm", "-f", "-t", "0", "--ignore", *[p["name"] for p in platforms])
    for net in dict.fromkeys(p["network"] for p in platforms if "network" in p):
        if podman("network", "exists", net, check=False).returncode == 0:
            podman("network", "rm", net)


def main():
    action, platforms = sys.argv[1], json.loads(sys.argv[2])
    unknown = sorted({k for p in platforms for k in p} - KNOWN)
    if unknown:
        sys.exit(f"extensions/molecule/resources/podman/instances.py does not handle platform keys {unknown}")
    {"create": create, "destroy": destroy}[action](platforms)


if __name__ == "__main__":
    main()
