# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Output shapes of VPN gateways and customer gateways, shared by the resource and _info modules.

(Modules cannot import each other at run time: Ansible ships only module_utils with a module.)
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res

CUSTOMER_GATEWAY_SECRETS = ('auth_key',)


def vpn_gateway_out(wire):
    """API gateway → output dict (snake_case, tags dict, bandwidth int, feature bools)."""
    out = res.snake_keys(dict((k, v) for k, v in wire.items() if k not in ('Tags', 'RequestId')))
    out['tags'] = res.tags_to_dict(wire.get('Tags'))
    spec = str(wire.get('Spec') or '').rstrip('Mm')
    out['bandwidth'] = int(spec) if spec.isdigit() else None
    out['enable_ipsec'] = wire.get('IpsecVpn') == 'enable'
    out['enable_ssl'] = wire.get('SslVpn') == 'enable'
    out['ssl_connections'] = wire.get('SslMaxConnections')
    out['id'] = wire.get('VpnGatewayId')
    # Normal is the documented default of CreateVpnGateway's VpnType; an answer without it is read as that
    out['vpn_type'] = wire.get('VpnType') or 'Normal'
    out['instance_charge_type'] = charge_type_option(wire.get('ChargeType'))
    return out


def charge_type_option(charge_type):
    """The API's ChargeType (POSTPAY, Prepay, PostPaid ...) as the instance_charge_type option names it, or None."""
    text = str(charge_type or '').lower()
    return 'PREPAY' if text.startswith('pre') else 'POSTPAY' if text.startswith('post') else None


def customer_gateway_out(wire):
    """API customer gateway → output dict (snake_case, tags dict, asn int or None). auth_key still in clear."""
    out = res.snake_keys(dict((k, v) for k, v in wire.items() if k not in ('Tags', 'RequestId')))
    out['tags'] = res.tags_to_dict(wire.get('Tags'))
    out['id'] = wire.get('CustomerGatewayId')
    if out.get('asn') in ('', 0):
        out['asn'] = None
    elif out.get('asn') is not None:
        out['asn'] = int(out['asn'])
    return out


def customer_gateway_public(gw):
    """What a module returns: the BGP key masked."""
    return res.mask(gw, CUSTOMER_GATEWAY_SECRETS)
