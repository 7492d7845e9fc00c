# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zones that can host a VPN gateway (DescribeVpnGatewayAvailableZones), shared by vpn_gateway_zones_info and the
check vpn_gateway makes before it creates a gateway (module_utils/gateways/vpn_gateway.py).

The rule of the vSwitches (the CreateVpnGateway SDK model's doc of VSwitchId and DisasterRecoveryVSwitchId): each
given vSwitch must be in a zone that can host a gateway of the bandwidth; where two or more zones can (a
dual-tunnel region), the second vSwitch is required and must be in another of them; where only one zone can, the
two vSwitches may be in that zone and may even be the same vSwitch.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError

SPECS = ('5M', '10M', '20M', '50M', '100M', '200M', '500M', '1000M')
GATEWAY_TYPES = ('Traditional', 'Enhanced.SiteToSite')
LANGUAGES = ('en-US', 'zh-CN')
VSWITCH_OPTIONS = ('vswitch_id', 'disaster_recovery_vswitch_id')


def spec_of(value):
    """'10M', '10m', '10' or 10 → '10M'; None when it is no bandwidth specification of a VPN gateway."""
    text = str(value).strip().upper()
    spec = text if text.endswith('M') else text + 'M'
    return spec if spec in SPECS else None


def zones_out(body):
    """The API answer → [{zone_id, zone_name}] in the order the API gives."""
    return [dict(zone_id=z.get('ZoneId'), zone_name=z.get('ZoneName')) for z in (body or {}).get('AvailableZoneIdList') or []]


def read_zones(module, spec, gateway_type=None, accept_language=None, raise_errors=False):
    """[{zone_id, zone_name}] of the region's zones that can host a VPN gateway of spec (and gateway_type)."""
    body = module.call('vpc', 'DescribeVpnGatewayAvailableZones', raise_errors=raise_errors, Spec=spec,
                       GatewayType=gateway_type, AcceptLanguage=accept_language)
    return zones_out(body)


def zones_or_none(module, spec):
    """The zone ids that can host a gateway of spec, or None (with a warning) when the account may not ask."""
    try:
        return [z['zone_id'] for z in read_zones(module, spec, raise_errors=True)]
    except ApiError as err:
        if err.status == 403 or (err.code or '').startswith('Forbid'):
            # a RAM policy without vpc:DescribeVpnGatewayAvailableZones: the create call will judge the vSwitches
            module.warn('the zones that can host a VPN gateway could not be read (%s); the vSwitches are not checked '
                        'against them' % err.code)
            return None
        module.fail_json(msg=str(err), error=dict(action=err.action, code=err.code, request_id=err.request_id))


def vswitch_problems(chosen, vpc_id, vswitch_zones, vpn_zones, spec):
    """Every problem of the gateway's vSwitches, each naming its option (pure).

    chosen: {option: vSwitch id or None} (VSWITCH_OPTIONS); vswitch_zones: {vSwitch id: zone} of the VPC's vSwitches;
    vpn_zones: the zone ids that can host a gateway of spec (None: unknown, only the VPC is checked).
    """
    errors = ['%s: %s is not a vSwitch of VPC %s' % (option, chosen[option], vpc_id)
              for option in VSWITCH_OPTIONS if chosen.get(option) and chosen[option] not in vswitch_zones]
    if errors or vpn_zones is None:
        return errors
    if not vpn_zones:
        return ['no zone of the region can host a VPN gateway of %s (DescribeVpnGatewayAvailableZones lists none); '
                'choose another bandwidth or region' % spec]
    can = ', '.join(vpn_zones)
    for option in VSWITCH_OPTIONS:
        zone = vswitch_zones.get(chosen.get(option))
        if chosen.get(option) and zone not in vpn_zones:
            errors.append('%s: %s is in zone %s, which cannot host a VPN gateway of %s; zones that can: %s'
                          % (option, chosen[option], zone, spec, can))
    main, second = chosen.get('vswitch_id'), chosen.get('disaster_recovery_vswitch_id')
    if errors or not main or len(vpn_zones) < 2:
        return errors
    if not second:
        errors.append('disaster_recovery_vswitch_id is required: zones %s can host a VPN gateway of %s, so it runs in '
                      'dual-tunnel mode with a second vSwitch in another of these zones than vswitch_id' % (can, spec))
    elif vswitch_zones[second] == vswitch_zones[main]:
        others = ', '.join(z for z in vpn_zones if z != vswitch_zones[main])
        errors.append('disaster_recovery_vswitch_id: %s is in zone %s like vswitch_id %s; choose a vSwitch in another '
                      'zone that can host the gateway (%s)' % (second, vswitch_zones[main], main, others))
    return errors
