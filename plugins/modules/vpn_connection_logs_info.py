#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_connection_logs_info
short_description: Read what the Alibaba Cloud VPN gateway logged about an IPsec-VPN connection's negotiation
version_added: 0.1.0
description:
  - Reads the negotiation log of an IPsec-VPN connection (C(DescribeVpnConnectionLogs)), tunnel by tunnel, for a
    time window of at most 10 minutes, all pages.
  - This is where the reason of a failed negotiation is (for example C(AUTHENTICATION_FAILED) for a pre-shared key
    mismatch, C(NO_PROPOSAL_CHOSEN) for a proposal mismatch, C(TS_UNACCEPTABLE) for subnets that do not mirror each
    other, C(peer not responding) when UDP 500/4500 does not get through); RV(eds.vpc_access.vpn_connection_info#module:vpn_connections[].telemetry)
    tells which phase failed.
  - Makes no change, so it runs in check mode too.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  vpn_connection_id:
    description: The connection (C(vco-...)).
    type: str
    required: true
    aliases: [id]
  tunnel_ids:
    description:
      - Only these tunnels of a dual-tunnel connection. By default every tunnel of the connection (the API needs
        the tunnel of a dual-tunnel connection; the module reads the connection to list them).
      - Ignored for a single-tunnel connection.
    type: list
    elements: str
  from_time:
    description:
      - Start of the window, epoch seconds. With O(to_time), or with O(minute_period) (the window then starts
        here).
    type: int
  to_time:
    description: End of the window, epoch seconds. With O(from_time), or with O(minute_period) (the window then
      ends here).
    type: int
  minute_period:
    description:
      - Length of the window in minutes, 1 to 10. Without O(from_time) and O(to_time) the window is the last
        O(minute_period) minutes, 10 when nothing is given.
    type: int
seealso:
  - module: eds.vpc_access.vpn_connection_info
  - module: eds.vpc_access.vpn_gateway_diagnose
'''

EXAMPLES = r'''
- name: The last 10 minutes of negotiation, every tunnel
  eds.vpc_access.vpn_connection_logs_info:
    vpn_connection_id: vco-uf6example
  register: negotiation

- name: Show the lines of the master tunnel
  ansible.builtin.debug:
    var: negotiation.tunnels[0].logs

- name: A fixed window of five minutes
  eds.vpc_access.vpn_connection_logs_info:
    vpn_connection_id: vco-uf6example
    from_time: 1671003744
    minute_period: 5
'''

RETURN = r'''
tunnels:
  description: One entry per tunnel read (one for a single-tunnel connection), master first.
  returned: always
  type: list
  elements: dict
  contains:
    tunnel_id:
      description: ID of the tunnel the log lines come from (null for a single-tunnel connection).
      type: str
    role:
      description: Role of that tunnel, V(master) or V(slave).
      type: str
    logs:
      description: The log lines, oldest first, as the API returns them.
      type: list
      elements: str
      sample: ["2026-12-06 05:30:00 [IKE] <vco-uf6example> sending AUTHENTICATION_FAILED"]
    is_completed:
      description: The API's C(IsCompleted) of the last page (whether the log of the window is complete).
      type: bool
logs:
  description: Every line of every tunnel, in the order of RV(tunnels).
  returned: always
  type: list
  elements: str
window:
  description:
    - The window asked for, C(from_time) and C(to_time) in epoch seconds and C(minute_period), as sent to the API
      (null when not sent). Without O(from_time) and O(to_time) only C(minute_period) is sent and the API's own
      clock ends the window.
  returned: always
  type: dict
  sample: {from_time: null, to_time: null, minute_period: 10}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.api import VpnConnectionApi
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out

PAGE_SIZE = 50
MAX_PAGES = 200
MAX_MINUTES = 10


def window(params):
    """{From, To, MinutePeriod} to send (None: not sent), or an error message naming the option.

    Without from_time and to_time only MinutePeriod is sent: the API's own clock ends the window (a controller
    whose clock is off would otherwise miss the latest lines)."""
    start, end, minutes = params["from_time"], params["to_time"], params["minute_period"]
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        return None, "minute_period must be between 1 and %d, not %d" % (MAX_MINUTES, minutes)
    if start is not None and end is not None:
        if minutes is not None:
            return None, "give at most two of from_time, to_time and minute_period"
        if not 0 <= end - start <= MAX_MINUTES * 60:
            return None, "to_time must be 0 to %d seconds after from_time" % (MAX_MINUTES * 60)
        return dict(From=start, To=end, MinutePeriod=None), None
    return dict(From=start, To=end, MinutePeriod=minutes or MAX_MINUTES), None


def read_tunnel(module, connection_id, tunnel_id, span):
    lines, completed = [], None
    for number in range(1, MAX_PAGES + 1):
        body = module.call("vpc", "DescribeVpnConnectionLogs", VpnConnectionId=connection_id, TunnelId=tunnel_id,
                           PageNumber=number, PageSize=PAGE_SIZE, **span)
        chunk = (body.get("Data") or {}).get("Logs") or []
        lines.extend(chunk)
        completed = body.get("IsCompleted")
        if len(chunk) < PAGE_SIZE:
            break
    return lines, completed


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vpn_connection_id=dict(type="str", required=True, aliases=["id"]),
            tunnel_ids=dict(type="list", elements="str"),
            from_time=dict(type="int"),
            to_time=dict(type="int"),
            minute_period=dict(type="int"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    span, error = window(params)
    if error:
        module.fail_json(msg=error)
    connection_id = params["vpn_connection_id"]
    raw = VpnConnectionApi(module).describe(connection_id, not_found_ok=True)
    if raw is None:
        module.fail_json(msg="vpn_connection_id %s: no such IPsec-VPN connection in region %s"
                             % (connection_id, module.region))
    shaped = connection_out(raw)
    if shaped["tunnels"]:
        known = [t["tunnel_id"] for t in shaped["tunnels"]]
        unknown = sorted(set(params["tunnel_ids"] or []) - set(known))
        if unknown:
            module.fail_json(msg="tunnel_ids: %s not tunnels of %s (its tunnels: %s)"
                                 % (", ".join(unknown), connection_id, ", ".join(known)))
        wanted = [(t["tunnel_id"], t["role"]) for t in shaped["tunnels"]
                  if not params["tunnel_ids"] or t["tunnel_id"] in params["tunnel_ids"]]
    else:
        wanted = [(None, "master")]
    tunnels = []
    for tunnel_id, role in wanted:
        lines, completed = read_tunnel(module, connection_id, tunnel_id, span)
        tunnels.append(dict(tunnel_id=tunnel_id, role=role, logs=lines, is_completed=completed))
    module.exit_json(changed=False, tunnels=tunnels, logs=[line for t in tunnels for line in t["logs"]],
                     window=dict(from_time=span["From"], to_time=span["To"], minute_period=span["MinutePeriod"]))


if __name__ == "__main__":
    main()
