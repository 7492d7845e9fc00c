"""Wait until systemd in a podman container has finished booting: the one wait of instances.py next to this file
(Molecule's containers) and of tests/e2e/seed_lab/container.py (the e2e lab's DNS/DHCP server container).

A playbook started earlier races the boot (a tmpfs mounted on /tmp, tmpfiles cleaning it) and loses the module
payload it just wrote there.
"""

import subprocess
import time


def wait_booted(name, timeout):
    """Until systemd in container `name` has finished booting ("running", or "degraded": a unit the image does not
    need); TimeoutError naming the container and its last state otherwise. `systemctl is-system-running --wait`
    blocks until the boot ends, so this is one `podman exec` instead of one every 0.2 s (each starts podman, conmon
    and runc); it is asked again only while systemd cannot answer yet (its bus not up right after `podman run`)."""
    deadline = time.monotonic() + timeout
    state = ""
    while time.monotonic() < deadline:
        try:
            state = subprocess.run(["podman", "exec", name, "systemctl", "is-system-running", "--wait"],
                                   capture_output=True, text=True, timeout=max(1.0, deadline - time.monotonic()),
                                   check=False).stdout.strip()
        except subprocess.TimeoutExpired:
            break
        if state in ("running", "degraded"):
            return state
        time.sleep(0.2)
    raise TimeoutError(f"{name}: systemd did not finish booting in {timeout} s (state {state or 'unknown'})")
