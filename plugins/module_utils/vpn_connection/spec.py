# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument spec of the vpn_connection module (documented in the module and doc fragment vpn_connection_tunnel)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import (
    identity_argument_spec, tags_argument_spec, wait_argument_spec)

ENC = ["aes", "aes192", "aes256", "des", "3des"]
AUTH = ["md5", "sha1", "sha256", "sha384", "sha512"]
# the module's AnsibleModule rule beyond the spec (also checked by the vpn_site action before its first call)
REQUIRED_ONE_OF = [("vpn_connection_id", "name")]


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
    spec = identity_argument_spec("vpn_connection_id")
    spec.update(tags_argument_spec(), **wait_argument_spec(600))
    spec.update(quotas.argument_spec("connections_per_gateway", "subnets_per_connection"))
    spec.update(
        vpn_gateway_id=dict(type="str"),
        name=dict(type="str"),
        customer_gateway_id=dict(type="str"),
        routing_mode=dict(type="str", choices=["protected_flows", "destination"]),
        local_subnets=dict(type="list", elements="str"),
        remote_subnets=dict(type="list", elements="str"),
        effect_immediately=dict(type="bool"),
        auto_config_route=dict(type="bool"),
        network_type=dict(type="str", choices=["public", "private"]),
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
    )
    return spec
