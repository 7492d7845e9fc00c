# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the server's configuration and compute every file the role's options need: the plan. Writes nothing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import stat

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.dhcpd import render_dhcpd, strip_dhcpd
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.dnsmasq import render_dnsmasq
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.kea import render_kea, strip_kea

BACKENDS = {"kea": (strip_kea, render_kea), "dhcpd": (strip_dhcpd, render_dhcpd)}


class Plan:
    """The files as they are and as the options need them; the drop-in names are relative to dropin_dir."""

    def __init__(self, params):
        self.backend = params["backend"]
        self.present = params["state"] == "present"
        self.dropin_dir = params["dropin_dir"]
        self.main_path = None      # kea, dhcpd: the main file, which gets our include lines
        self.main_mode = None
        self.main_current = None
        self.main_new = None
        self.dropins = {}          # wanted drop-ins
        self.current_dropins = {}  # the drop-ins as they are (dnsmasq: ours only; the others are the admin's)
        self.dir_exists = os.path.isdir(self.dropin_dir)
        self.report = {}

    @property
    def main_differs(self):
        return self.main_new != self.main_current

    @property
    def stale_dropins(self):
        return sorted(set(self.current_dropins) - set(self.dropins))

    @property
    def owns_dir(self):
        """kea and dhcpd get a directory of their own; dnsmasq's conf-dir is the admin's."""
        return self.backend != "dnsmasq"


def read_text(path):
    # newline='' keeps CRLF files byte for byte
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def current_dropins(directory, names=None):
    found = {}
    if os.path.isdir(directory):
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if os.path.isfile(path) and (names is None or name in names):
                found[name] = read_text(path)
    return found


def conf_dir_files(directory, skip):
    """The files of dnsmasq's conf-dir that may set options: regular files, not hidden, not matching skip."""
    if not os.path.isdir(directory):
        return []
    pattern = re.compile("|".join(skip)) if skip else None
    found = []
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if name.startswith(".") or not stat.S_ISREG(os.lstat(path).st_mode):
            continue
        if pattern is None or not pattern.search(path):
            found.append(path)
    return sorted(found)


def plan_dnsmasq(params, plan):
    ours = params["dropin_file"]
    read = [params["config_file"]] + conf_dir_files(plan.dropin_dir, params["conf_dir_skip"])
    texts = [read_text(f) for f in read if os.path.basename(f) != ours and os.path.isfile(f)]
    if plan.present:
        plan.dropins, plan.report = render_dnsmasq(params, texts)
    plan.current_dropins = current_dropins(plan.dropin_dir, [ours])


def plan_main_file(params, plan):
    path = params["config_file"]
    if not os.path.isfile(path):
        raise ConfigError("dhcp_options_config_file: %s does not exist: is the %s server configured on this host?"
                          % (path, plan.backend))
    strip, render = BACKENDS[plan.backend]
    text = read_text(path)
    original = strip(text, plan.dropin_dir)
    if plan.present:
        plan.main_new, plan.dropins, plan.report = render(params, original, path)
    else:
        plan.main_new = original
    plan.main_path, plan.main_current = path, text
    # the main file is rewritten with the mode it has, never a new one
    plan.main_mode = "%04o" % stat.S_IMODE(os.stat(path).st_mode)
    plan.current_dropins = current_dropins(plan.dropin_dir)


def compute(params):
    """The Plan for the module's options; ConfigError for a configuration the role cannot extend."""
    plan = Plan(params)
    if plan.backend == "dnsmasq":
        plan_dnsmasq(params, plan)
    else:
        plan_main_file(params, plan)
    return plan
