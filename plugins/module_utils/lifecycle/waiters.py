# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Poll until a resource reaches a state, with growing delays, bounded by wait_timeout (pure)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

FIRST_DELAY = 0.5
MAX_DELAY = 10.0
GROWTH = 1.5


class WaitTimeout(Exception):
    def __init__(self, what, timeout, last):
        self.what = what
        self.timeout = timeout
        self.last = last
        super(WaitTimeout, self).__init__(
            'Timed out after %ss waiting for %s; last status: %s' % (timeout, what, last))


def wait_for(fetch, until, what, timeout, describe=None, sleep=time.sleep, clock=time.monotonic,
             first_delay=FIRST_DELAY, max_delay=MAX_DELAY):
    """Call fetch() until until(result) is true; return that result.

    describe(result) → text for the timeout message (default: repr; None = "absent"). Raises WaitTimeout.
    """
    describe = describe or (lambda value: 'absent' if value is None else repr(value))
    deadline = clock() + timeout
    delay = first_delay
    while True:
        value = fetch()
        if until(value):
            return value
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeout(what, timeout, describe(value))
        sleep(min(delay, remaining))
        delay = min(max_delay, delay * GROWTH)
