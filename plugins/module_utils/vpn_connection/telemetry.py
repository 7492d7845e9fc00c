# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-tunnel telemetry of an IPsec-VPN connection, from what DescribeVpnConnection(s) reports (pure logic).

The API has no failure-reason field: its ``Status`` is the outcome of the last negotiation, documented as
``ike_sa_not_established`` (phase 1 failed), ``ike_sa_established`` (phase 1 done), ``ipsec_sa_not_established``
(phase 2 failed) and ``ipsec_sa_established``. The reason itself is in the connection's logs
(DescribeVpnConnectionLogs, module vpn_connection_logs_info).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

PHASES = {
    "ike_sa_not_established": (False, False, 1, "phase 1 (IKE SA) negotiation failed"),
    "ike_sa_established": (True, False, None, None),
    "ipsec_sa_not_established": (True, False, 2, "phase 2 (IPsec SA) negotiation failed"),
    "ipsec_sa_established": (True, True, None, None),
}


def _entry(tunnel_id, role, cgw, internet_ip, state, status, bgp_status, health_status):
    ike, ipsec, phase, failure = PHASES.get(status or "", (None, None, None, None))
    return {
        "tunnel_id": tunnel_id,
        "role": role,
        "customer_gateway_id": cgw,
        "internet_ip": internet_ip,
        "state": state,
        "status": status,
        "ike_sa_established": ike,
        "ipsec_sa_established": ipsec,
        "failed_phase": phase,
        "last_failure": failure,
        "bgp_status": bgp_status or None,
        "health_check_status": health_status or None,
    }


def telemetry(shaped, raw):
    """One entry per tunnel (a single-tunnel connection has one, role master, tunnel_id None), master first.

    shaped: connection_out(raw) of module_utils/vpn_connection/model.py; raw: the API item (wire names)."""
    if shaped["tunnels"]:
        return [_entry(t["tunnel_id"], t["role"], t["customer_gateway_id"], t["internet_ip"], t["state"], t["status"],
                       (t.get("bgp") or {}).get("status"), None) for t in shaped["tunnels"]]
    return [_entry(None, "master", shaped["customer_gateway_id"], raw.get("InternetIp") or None, shaped["state"],
                   shaped["status"], (shaped.get("bgp") or {}).get("status"),
                   (shaped.get("health_check") or {}).get("status"))]


def has_status(entries, statuses):
    """Whether any tunnel of a telemetry list has one of `statuses` (vpn_connection_info's status filter: a
    dual-tunnel connection matches when either tunnel does). No statuses: everything matches."""
    return not statuses or any(entry["status"] in statuses for entry in entries)
