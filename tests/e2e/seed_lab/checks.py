"""How the lab's steps report: each check a user relies on either prints an "ok" line or stops the run with what
was expected and what was found; phases are timed as they go."""

import os
import time


class LabCheckFailed(Exception):
    """A check of the whole path did not hold; the message says what was expected and shows what was found."""


def expect(condition, what, found=""):
    """`what` is the sentence a user relies on ("the client resolves ... through the tunnel")."""
    if not condition:
        raise LabCheckFailed("%s: NOT SO\n%s" % (what, found) if found else "%s: NOT SO" % what)
    print("    ok  %s" % what, flush=True)


def cpu_seconds():
    """User + system seconds of this process and of its ended children (the playbook runs, the lab's commands; not
    the daemons still running, nor the container)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class Timer:
    """Wall time and CPU per phase, printed as it goes."""

    def __init__(self):
        self.start = time.monotonic()
        self.mark = self.start
        self.cpu_mark = cpu_seconds()
        self.phases = []

    def phase(self, name):
        now, cpu = time.monotonic(), cpu_seconds()
        took = now - self.mark
        self.phases.append((name, took, cpu - self.cpu_mark))
        print("[%6.1f s] %-50s %5.1f s  %5.1f s CPU" % (now - self.start, name, took, cpu - self.cpu_mark), flush=True)
        self.mark, self.cpu_mark = now, cpu

    def total(self):
        return time.monotonic() - self.start
