# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several pictures in one call of topology_diagram (its option diagrams): their files, checked before any is drawn,
and the dot processes run side by side.

The site playbook draws every site's picture in one task for all sites (playbooks/tasks/topology.yml): one call
instead of one task (a worker) per site, and the dot runs, which are most of a picture's time, use every CPU of the
controller instead of one after the other (docs/benchmarks.md "P6").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from concurrent.futures import ThreadPoolExecutor


def summary_path_of(path, summary_path=None):
    """Where the plain-text summary goes: summary_path, by default path with the suffix .txt."""
    return summary_path or os.path.splitext(path)[0] + ".txt"


def title_of(topology, title=None):
    """The picture's title: title, by default the topology's name and region."""
    return title or "%s (%s)" % (topology.get("name") or "private access to EDS", topology.get("region") or "-")


def check_files(diagrams, option="diagrams", isdir=os.path.isdir):
    """Why the files of diagrams (dicts with path and summary_path) cannot be written, or None.

    Each file once: a second picture (or summary) on the same file would replace the first one in the same call.
    The directory of each must exist (the module creates none)."""
    seen = {}
    for index, diagram in enumerate(diagrams):
        files = (("path", diagram["path"]), ("summary_path", summary_path_of(diagram["path"],
                                                                             diagram.get("summary_path"))))
        for key, path in files:
            where = "%s[%d].%s" % (option, index, key)
            full = os.path.abspath(path)
            if full in seen:
                return "%s: %s is also %s; each picture and summary needs its own file" % (where, path, seen[full])
            seen[full] = where
            directory = os.path.dirname(full)
            if not isdir(directory):
                return "%s: the directory %s does not exist" % (where, directory)
    return None


def workers(count, cpus=None):
    """How many dot processes run at once: one per CPU the controller may use, at most one per picture."""
    if cpus is None:
        try:
            cpus = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            cpus = os.cpu_count() or 1
    return max(1, min(count, cpus))


def render_all(sources, render, parallel):
    """[render(source) for source in sources], at most parallel at a time, in the order of sources.

    render starts a dot process and waits for it (graphviz's pipe): the threads only wait, the processes run side by
    side. An exception of render is returned in the place of its result (every picture is tried; the caller names
    the ones that failed)."""
    def guarded(source):
        try:
            return render(source)
        except Exception as exc:  # pylint: disable=broad-except  # handed back to the caller, which reports it
            return exc

    if parallel <= 1 or len(sources) <= 1:
        return [guarded(source) for source in sources]
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(guarded, sources))
