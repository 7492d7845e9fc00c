# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the vpn_attachment module: the options of vpn_connection (same rules, same shapes)
without vpn_gateway_id, plus network_type and tunnel_bandwidth."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

ENC = ["aes", "aes192", "aes256", "des", "3des"]
AUTH = ["md5", "sha1", "sha256", "sha384", "sha512"]


def ike_spec():
    return dict(
        version=dict(type="str", choices=["ikev1", "ikev2"], aliases=["ike_version"]),
        mode=dict(type="str", choices=["main", "aggressive"], aliases=["ike_mode"]),
        enc_alg=dict(type="str", choices=ENC, aliases=["ike_enc_alg"]),
        auth_alg=dict(type="str", choices=AUTH, aliases=["ike_auth_alg"]),
        pfs=dict(type="str", choices=["group1", "group2", "group5", "group14"], aliases=["ike_pfs"]),
        lifetime=dict(type="int", aliases=["ike_lifetime"]),
        local_id=dict(type="str"),
        remote_id=dict(type="str"),
    )


def ipsec_spec():
    return dict(
        enc_alg=dict(type="str", choices=ENC, aliases=["ipsec_enc_alg"]),
        auth_alg=dict(type="str", choices=AUTH, aliases=["ipsec_auth_alg"]),
        pfs=dict(type="str", choices=["disabled", "group1", "group2", "group5", "group14"], aliases=["ipsec_pfs"]),
        lifetime=dict(type="int", aliases=["ipsec_lifetime"]),
    )


def bgp_spec():
    return dict(
        enabled=dict(type="bool"),
        local_asn=dict(type="str"),
        tunnel_cidr=dict(type="str"),
        local_bgp_ip=dict(type="str"),
    )


def argument_spec():
    return dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        vpn_connection_id=dict(type="str", aliases=["id"]),
        name=dict(type="str"),
        network_type=dict(type="str", choices=["public", "private"]),
        tunnel_bandwidth=dict(type="str", choices=["Standard", "Large"]),
        customer_gateway_id=dict(type="str"),
        routing_mode=dict(type="str", choices=["protected_flows", "destination"]),
        local_subnets=dict(type="list", elements="str"),
        remote_subnets=dict(type="list", elements="str"),
        effect_immediately=dict(type="bool"),
        psk=dict(type="str", no_log=True),
        return_psk=dict(type="bool", default=False),
        ike_config=dict(type="dict", options=ike_spec()),
        ipsec_config=dict(type="dict", options=ipsec_spec()),
        enable_dpd=dict(type="bool"),
        enable_nat_traversal=dict(type="bool"),
        bgp=dict(type="dict", options=bgp_spec()),
        health_check=dict(type="dict", options=dict(
            enabled=dict(type="bool"),
            source_ip=dict(type="str", aliases=["sip"]),
            destination_ip=dict(type="str", aliases=["dip"]),
            interval=dict(type="int"),
            retry=dict(type="int"),
            policy=dict(type="str", choices=["revoke_route", "reserve_route"]),
        )),
        tunnels=dict(type="list", elements="dict", options=dict(
            role=dict(type="str", required=True, choices=["master", "slave"]),
            customer_gateway_id=dict(type="str"),
            psk=dict(type="str", no_log=True),
            enable_dpd=dict(type="bool"),
            enable_nat_traversal=dict(type="bool"),
            ike_config=dict(type="dict", options=ike_spec()),
            ipsec_config=dict(type="dict", options=ipsec_spec()),
            bgp=dict(type="dict", options=bgp_spec()),
        )),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )
