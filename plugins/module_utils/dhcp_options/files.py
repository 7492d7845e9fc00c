# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Carry out a Plan on the host: the drop-in directory, the drop-ins, the main file; undone if a write fails.

The order is the one in which the files become valid for the server: directory, drop-ins, stale drop-ins out, then
the main file that includes them; absent ends with removing the role's own directory.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import tempfile

DIR_MODE = "0755"
DROPIN_MODE = "0644"


class Writer:
    """Applies one Plan through an AnsibleModule (check mode, atomic moves, modes) and records diff and undo."""

    def __init__(self, module, plan):
        self.module = module
        self.plan = plan
        self.diff = []
        self.written = []
        self.removed = []
        self.changed = False
        self.dir_created = False
        self.undo = []

    def path(self, name):
        return os.path.join(self.plan.dropin_dir, name)

    def apply(self):
        """Every change of the plan, or none: a failing write puts back what this run changed and re-raises."""
        try:
            self.apply_all()
        except BaseException:  # also the SystemExit of a fail_json inside atomic_move
            for step in reversed(self.undo):
                try:
                    step()
                except OSError:
                    pass  # the failure being reported is the first one
            raise

    def apply_all(self):
        plan = self.plan
        if plan.present:
            self.directory()
        for name in sorted(plan.dropins):
            self.file(self.path(name), plan.current_dropins.get(name), plan.dropins[name], DROPIN_MODE)
        for name in plan.stale_dropins:
            self.remove(self.path(name), plan.current_dropins[name])
        if plan.main_path and plan.main_differs:
            self.file(plan.main_path, plan.main_current, plan.main_new, None)
        if not plan.present and plan.owns_dir and os.path.isdir(plan.dropin_dir):
            self.record_dir(plan.dropin_dir, "directory", "absent")
            if not self.module.check_mode:
                shutil.rmtree(plan.dropin_dir)

    def directory(self):
        path = self.plan.dropin_dir
        if not os.path.isdir(path):
            self.record_dir(path, "absent", "directory")
            self.dir_created = True
            if self.module.check_mode:
                return
            os.makedirs(path)
            self.undo.append(lambda: os.rmdir(path))
        self.mode(path, DIR_MODE)

    def file(self, path, before, after, mode):
        if before != after:
            self.changed = True
            self.written.append(path)
            self.diff.append({"before_header": path, "after_header": path, "before": before or "", "after": after})
            if not self.module.check_mode:
                self.write(path, after)
                self.undo.append(lambda: self.put_back(path, before))
        if mode and os.path.exists(path):
            self.mode(path, mode)

    def remove(self, path, before):
        self.changed = True
        self.removed.append(path)
        self.diff.append({"before_header": path, "after_header": "%s (absent)" % path, "before": before, "after": ""})
        if not self.module.check_mode:
            os.remove(path)
            self.undo.append(lambda: self.write(path, before))

    def mode(self, path, mode):
        diff = {"before": {"path": path}, "after": {"path": path}}
        if self.module.set_mode_if_different(path, mode, False, diff):
            self.changed = True
            self.diff.append(diff)

    def record_dir(self, path, before, after):
        self.changed = True
        self.diff.append({"before": {"path": path, "state": before}, "after": {"path": path, "state": after}})

    def write(self, path, text):
        handle, tmp = tempfile.mkstemp(dir=self.module.tmpdir)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        self.module.atomic_move(tmp, path)

    def put_back(self, path, before):
        if before is None:
            os.remove(path)
        else:
            self.write(path, before)

    def rollback(self):
        """What the role's rescue needs to put the previous files back when the server's checker fails."""
        plan = self.plan
        return {
            "main_path": plan.main_path,
            "main_mode": plan.main_mode,
            "main_text": plan.main_current,
            "main_changed": bool(plan.main_path) and plan.main_differs,
            "dropins": dict(plan.current_dropins),
            "added": sorted(set(plan.dropins) - set(plan.current_dropins)),
            "dir_created": self.dir_created and plan.owns_dir,
        }
