# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several pictures in one call: their files, checked before any is drawn; the renders, in order and side by side."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from ansible_collections.eds.vpc_access.plugins.module_utils.topology.batch import (check_files, render_all,
                                                                                    summary_path_of, title_of, workers)


def test_defaults_of_one_picture():
    assert summary_path_of("/r/eds-dc01-topology.svg") == "/r/eds-dc01-topology.txt"
    assert summary_path_of("/r/a.svg", "/s/a-summary.txt") == "/s/a-summary.txt"
    assert title_of({"name": "eds-dc01", "region": "cn-shanghai"}) == "eds-dc01 (cn-shanghai)"
    assert title_of({}) == "private access to EDS (-)"
    assert title_of({"name": "x"}, "mine") == "mine"


def test_files_each_once_in_existing_directories():
    good = [{"path": "/r/a.svg"}, {"path": "/r/b.svg", "summary_path": "/r/b-summary.txt"}]
    assert check_files(good, isdir=lambda d: d == "/r") is None
    # a summary on another picture's file: named by both places
    clash = [{"path": "/r/a.svg"}, {"path": "/r/b.svg", "summary_path": "/r/a.svg"}]
    assert check_files(clash, isdir=lambda d: True) == (
        "diagrams[1].summary_path: /r/a.svg is also diagrams[0].path; each picture and summary needs its own file")
    # the same picture twice (its default summaries clash too: the picture is named first)
    twice = [{"path": "/r/a.svg"}, {"path": "/r/../r/a.svg"}]
    assert check_files(twice, isdir=lambda d: True).startswith("diagrams[1].path: /r/../r/a.svg is also diagrams[0].path")
    # a default summary on another's explicit summary file
    summaries = [{"path": "/r/a.svg", "summary_path": "/r/b.txt"}, {"path": "/r/b.svg"}]
    assert check_files(summaries, isdir=lambda d: True).startswith(
        "diagrams[1].summary_path: /r/b.txt is also diagrams[0].summary_path")
    missing = [{"path": "/r/a.svg"}, {"path": "/gone/b.svg"}]
    assert check_files(missing, isdir=lambda d: d == "/r") == "diagrams[1].path: the directory /gone does not exist"


def test_workers_one_per_cpu_at_most_one_per_picture():
    assert workers(30, cpus=2) == 2
    assert workers(1, cpus=8) == 1
    assert workers(0, cpus=8) == 1
    assert workers(5, cpus=0) == 1
    assert workers(30) >= 1


def test_render_all_keeps_the_order_and_hands_back_failures():
    def render(source):
        time.sleep(0.01 * (5 - source))  # the first ones finish last
        if source == 3:
            raise RuntimeError("dot failed on %d" % source)
        return "svg %d" % source

    results = render_all(list(range(5)), render, 3)
    assert results[:3] + results[4:] == ["svg 0", "svg 1", "svg 2", "svg 4"]
    assert isinstance(results[3], RuntimeError) and str(results[3]) == "dot failed on 3"
    assert render_all([1], render, 4) == ["svg 1"]
    assert render_all([], render, 4) == []


def test_render_all_runs_side_by_side_within_the_bound():
    lock, running, peak = threading.Lock(), [0], [0]

    def render(source):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return source

    assert render_all(list(range(8)), render, 3) == list(range(8))
    assert peak[0] == 3
    peak[0] = 0
    assert render_all(list(range(4)), render, 1) == list(range(4))
    assert peak[0] == 1
