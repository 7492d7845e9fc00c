# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vendor configuration text from the structured peer configuration (docs/peer_config_vendors.md).

Entry point: ``render(peer_config, vendor, include_psk=False, force_encap=False, routes=None, wan_interface=None)``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import (
    cisco_asa, cisco_ios, fortigate, h3c, huawei, juniper_srx, libreswan, strongswan)
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import Options, PeerConfig, PeerConfigError

RENDERERS = {
    "h3c": h3c.render,
    "huawei": huawei.render,
    "cisco_asa": cisco_asa.render,
    "cisco_ios": cisco_ios.render,
    "juniper_srx": juniper_srx.render,
    "fortigate": fortigate.render,
    "strongswan": strongswan.render,
    "libreswan": libreswan.render,
    "libreswan_secrets": libreswan.render_secrets,
}
VENDORS = tuple(RENDERERS)

__all__ = ["VENDORS", "PeerConfigError", "render"]


def render(peer_config, vendor, **options):
    """The configuration text for one connection; raises PeerConfigError with a message naming the problem."""
    if vendor not in RENDERERS:
        raise PeerConfigError("unknown vendor %r; choose one of %s" % (vendor, ", ".join(VENDORS)))
    opts = Options(**options)
    return RENDERERS[vendor](PeerConfig(peer_config), opts)
