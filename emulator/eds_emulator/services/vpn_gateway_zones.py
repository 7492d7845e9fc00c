"""Zones that can host a VPN gateway: DescribeVpnGatewayAvailableZones, and the rule CreateVpnGateway applies
to its vSwitches with the same answer.

The answer comes from the scenario (regions.<id>.vpn_gateway_zones, docs/emulator.md "Scenario files"):

    vpn_gateway_zones:
      - {ZoneId: cn-beijing-h, ZoneName: {en-US: Beijing Zone H, zh-CN: 华北 2 可用区 H}}
      - {ZoneId: cn-beijing-i, ZoneName: Beijing Zone I, specs: [5M, 10M, 20M, 50M, 100M, 200M, 500M]}

An entry without `specs` hosts every bandwidth specification, one without `gateway_types` every gateway type.
A region without the key answers all of its zones (the scenarios written before the key existed).
Request parameters and their values are those of the SDK model (DescribeVpnGatewayAvailableZonesRequest); a bad
Spec/GatewayType/AcceptLanguage is 400 InvalidParameter like every enumeration here (the real code is unconfirmed).
"""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.services import action, require

SPECS = ("5M", "10M", "20M", "50M", "100M", "200M", "500M", "1000M")
GATEWAY_TYPES = ("Traditional", "Enhanced.SiteToSite")
LANGUAGES = ("en-US", "zh-CN")
ENTRY_KEYS = {"ZoneId", "ZoneName", "specs", "gateway_types"}


def check_scenario(region_id, region, error):
    """Refuse a malformed regions.<id>.vpn_gateway_zones (raise error(message)) when the scenario is loaded."""
    entries = region.vpn_gateway_zones
    if entries is None:
        return
    if not isinstance(entries, list):
        raise error(f"regions.{region_id}.vpn_gateway_zones must be a list")
    for entry in entries:
        where = f"regions.{region_id}.vpn_gateway_zones"
        if not isinstance(entry, dict) or not entry.get("ZoneId"):
            raise error(f"{where}: every entry needs ZoneId")
        if set(entry) - ENTRY_KEYS:
            raise error(f"{where}: unknown keys {', '.join(sorted(set(entry) - ENTRY_KEYS))}")
        if region.zones and entry["ZoneId"] not in region.zones:
            raise error(f"{where}: {entry['ZoneId']} is not a zone of {region_id}")
        if set(entry.get("specs") or ()) - set(SPECS):
            raise error(f"{where}: {entry['ZoneId']}: specs are among {', '.join(SPECS)}")
        if set(entry.get("gateway_types") or ()) - set(GATEWAY_TYPES):
            raise error(f"{where}: {entry['ZoneId']}: gateway_types are among {', '.join(GATEWAY_TYPES)}")


def _entries(region):
    if region.vpn_gateway_zones is None:
        return [{"ZoneId": zone} for zone in region.zones]
    return region.vpn_gateway_zones


def _name(entry, language):
    name = entry.get("ZoneName")
    if isinstance(name, dict):
        return name.get(language) or name.get("en-US") or entry["ZoneId"]
    return name or entry["ZoneId"]


def available(region, spec, gateway_type=None):
    """The scenario entries of the zones that host a gateway of this spec (and type, when given)."""
    return [entry for entry in _entries(region)
            if spec in (entry.get("specs") or SPECS)
            and (gateway_type is None or gateway_type in (entry.get("gateway_types") or GATEWAY_TYPES))]


def available_zone_ids(region, bandwidth):
    """Zone ids that host a (traditional, the only type CreateVpnGateway makes here) gateway of bandwidth Mbit/s."""
    return [entry["ZoneId"] for entry in available(region, f"{bandwidth}M", "Traditional")]


@action("vpc", "DescribeVpnGatewayAvailableZones")
def describe_vpn_gateway_available_zones(ctx, p):
    require(p, "Spec")
    spec = validation.enum(p["Spec"], "Spec", SPECS)
    gateway_type = validation.enum(p["GatewayType"], "GatewayType", GATEWAY_TYPES) if p.get("GatewayType") else None
    language = validation.enum(p.get("AcceptLanguage") or "en-US", "AcceptLanguage", LANGUAGES)
    zones = [{"ZoneId": entry["ZoneId"], "ZoneName": _name(entry, language)}
             for entry in available(ctx.region, spec, gateway_type)]
    return {"RegionId": ctx.region_id, "AvailableZoneIdList": zones}


def check_vswitch_zones(ctx, bandwidth, vswitches):
    """CreateVpnGateway: every given vSwitch ((parameter, record) pairs) must be in a zone that hosts the gateway.

    The real code is unconfirmed (the CreateVpnGateway doc names none): 400 InvalidVSwitchId.ZoneNotSupported,
    an emulator choice (docs/emulator.md). Returns the zones that can.
    """
    zones = available_zone_ids(ctx.region, bandwidth)
    for name, vswitch in vswitches:
        if vswitch is not None and vswitch["ZoneId"] not in zones:
            raise ApiError("InvalidVSwitchId.ZoneNotSupported",
                           f"The {name} {vswitch['VSwitchId']} is in zone {vswitch['ZoneId']}, where a VPN gateway of "
                           f"{bandwidth}M cannot be created (zones that can: {', '.join(zones) or 'none'}).")
    return zones
