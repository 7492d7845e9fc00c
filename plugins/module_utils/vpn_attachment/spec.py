# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the vpn_attachment module: the options of vpn_connection (module_utils/vpn_connection/spec.py,
same rules and shapes; tunnel options documented in doc fragment vpn_connection_tunnel) without vpn_gateway_id,
plus network_type and tunnel_bandwidth."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection import spec as connection_spec


def argument_spec():
    spec = connection_spec.argument_spec()
    del spec["vpn_gateway_id"]
    del spec["auto_config_route"]  # vpn_connection only (not wired for CreateVpnAttachment yet)
    spec.update(quotas.argument_spec("subnets_per_connection"))  # no gateway: no connections per gateway
    spec.update(
        network_type=dict(type="str", choices=["public", "private"]),
        tunnel_bandwidth=dict(type="str", choices=["Standard", "Large"]),
    )
    return spec
