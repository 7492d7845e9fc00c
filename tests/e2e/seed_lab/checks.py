"""How the lab's steps report: each check a user relies on either prints an "ok" line or stops the run with what
was expected and what was found; phases are timed as they go."""

import time


class LabCheckFailed(Exception):
    """A check of the whole path did not hold; the message says what was expected and shows what was found."""


def expect(condition, what, found=""):
    """`what` is the sentence a user relies on ("the client resolves ... through the tunnel")."""
    if not condition:
        raise LabCheckFailed("%s: NOT SO\n%s" % (what, found) if found else "%s: NOT SO" % what)
    print("    ok  %s" % what, flush=True)


class Timer:
    """Wall time per phase, printed as it goes."""

    def __init__(self):
        self.start = time.monotonic()
        self.mark = self.start
        self.phases = []

    def phase(self, name):
        now = time.monotonic()
        took = now - self.mark
        self.phases.append((name, took))
        print("[%6.1f s] %-50s %5.1f s" % (now - self.start, name, took), flush=True)
        self.mark = now

    def total(self):
        return time.monotonic() - self.start
