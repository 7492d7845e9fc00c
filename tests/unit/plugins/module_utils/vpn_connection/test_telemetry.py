# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""vpn_connection_info's telemetry: one entry per tunnel for both kinds of connection, the failed phase as the
API's status documents it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.telemetry import has_status, telemetry

SINGLE = {"VpnConnectionId": "vco-1", "CustomerGatewayId": "cgw-1", "InternetIp": "47.0.0.1", "State": "active",
          "LocalSubnet": "192.168.0.0/16", "RemoteSubnet": "192.10.0.0/16", "Status": "ike_sa_not_established",
          "VpnBgpConfig": {"EnableBgp": "true", "TunnelCidr": "169.254.10.0/30", "Status": "false"},
          "VcoHealthCheck": {"Enable": "true", "Status": "failed"}}
DUAL = {"VpnConnectionId": "vco-2", "LocalSubnet": "192.168.0.0/16", "RemoteSubnet": "192.10.0.0/16", "Status": "",
        "TunnelOptionsSpecification": {"TunnelOptions": [
            {"TunnelId": "tun-s", "Role": "slave", "CustomerGatewayId": "cgw-1", "InternetIp": "47.0.0.3",
             "State": "active", "Status": "ipsec_sa_not_established", "TunnelBgpConfig": {"BgpStatus": ""}},
            {"TunnelId": "tun-m", "Role": "master", "CustomerGatewayId": "cgw-1", "InternetIp": "47.0.0.2",
             "State": "active", "Status": "ipsec_sa_established", "TunnelBgpConfig": {"BgpStatus": "true"}}]}}


def test_single_tunnel_is_one_master_entry():
    (entry,) = telemetry(connection_out(SINGLE), SINGLE)
    assert entry == {"tunnel_id": None, "role": "master", "customer_gateway_id": "cgw-1", "internet_ip": "47.0.0.1",
                     "state": "active", "status": "ike_sa_not_established", "ike_sa_established": False,
                     "ipsec_sa_established": False, "failed_phase": 1,
                     "last_failure": "phase 1 (IKE SA) negotiation failed", "bgp_status": "false",
                     "health_check_status": "failed"}


def test_dual_tunnel_master_first_each_with_its_phase():
    master, slave = telemetry(connection_out(DUAL), DUAL)
    assert (master["role"], master["failed_phase"], master["ipsec_sa_established"], master["bgp_status"]) == \
        ("master", None, True, "true")
    assert (slave["role"], slave["failed_phase"], slave["ike_sa_established"], slave["bgp_status"]) == \
        ("slave", 2, True, None)
    assert slave["health_check_status"] is None


@pytest.mark.parametrize("status, ike, ipsec, phase", [
    ("ike_sa_established", True, False, None),
    ("", None, None, None),
    ("something_new", None, None, None),
])
def test_other_statuses(status, ike, ipsec, phase):
    raw = dict(SINGLE, Status=status)
    (entry,) = telemetry(connection_out(raw), raw)
    assert (entry["ike_sa_established"], entry["ipsec_sa_established"], entry["failed_phase"]) == (ike, ipsec, phase)


def test_status_filter_matches_either_tunnel():
    entries = [{"status": "ipsec_sa_established"}, {"status": "ike_sa_not_established"}]
    assert has_status(entries, ["ike_sa_not_established"])
    assert has_status(entries, ["ipsec_sa_established", "ike_sa_established"])
    assert not has_status(entries, ["ike_sa_established"])
    assert not has_status([{"status": None}], ["ike_sa_established"])
    assert has_status(entries, None) and has_status(entries, [])
