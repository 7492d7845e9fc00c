"""What the tests read from ansible-playbook's default output."""

import re

RECAP_LINE = re.compile(r"(?m)^(\S+)\s+:\s+(ok=.*)$")


def play_recap(stdout):
    """{host: {ok, changed, unreachable, failed, skipped, rescued, ignored}} of the last PLAY RECAP; {} without one."""
    if "PLAY RECAP" not in stdout:
        return {}
    recap = stdout[stdout.rfind("PLAY RECAP"):]
    return {host: {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", counts)} for host, counts in RECAP_LINE.findall(recap)}
