# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module's options as the role passes them, and the sample configurations of configs/."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

CONFIGS = os.path.join(os.path.dirname(__file__), "configs")
CLOUD_DNS = ["100.100.2.136", "100.100.2.138"]


def config(name):
    with open(os.path.join(CONFIGS, name), encoding="utf-8", newline="") as handle:
        return handle.read()


def scope(**given):
    """A dhcp_options_scopes entry as the module's argument spec hands it over (absent keys are None)."""
    entry = dict(subnet=None, pool=None, tag=None, router=None)
    entry.update(given)
    return entry


def params(backend, dropin_dir="/etc/eds-test/eds-dhcp-options", **given):
    base = dict(backend=backend, state="present", config_file="/etc/eds-test/main.conf", dropin_dir=dropin_dir,
                dropin_file="eds-dhcp-options.conf", conf_dir_skip=[], scopes=[], dns_servers=list(CLOUD_DNS),
                dns_mode="prepend", vpn_gateway="", vpn_destinations=["100.64.0.0/10"], vpc_cidrs=[])
    base.update(given)
    return base
