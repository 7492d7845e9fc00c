# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # the options vpn_route_entry and vpn_pbr_route_entry share (module_utils/routes/vpn_routes.py argument_spec);
    # listed before eds.vpc_access.wait, so its wait/wait_timeout text wins over that fragment's
    DOCUMENTATION = r'''
options:
  vpn_gateway_id:
    description: ID of the VPN gateway (C(vpn-...)).
    type: str
    required: true
  next_hop:
    description: ID of the IPsec connection (C(vco-...)) that carries the traffic.
    type: str
    required: true
  state:
    description: Whether the route exists.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait until the gateway is C(active) again after the last write.
  wait_timeout:
    description: Seconds to wait for the gateway to become C(active), before each write and after the last one.
    default: 600
'''
