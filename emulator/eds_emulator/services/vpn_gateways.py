"""VPN gateways: CreateVpnGateway, DescribeVpnGateways, DescribeVpnGateway, ModifyVpnGatewayAttribute,
DeleteVpnGateway, plus the gateway lock the connection/route handlers use (gateway_for_write).

Status is derived from absolute emulated timestamps in the record:
  unpaid (PREPAY without AutoPay) -> init; now < ready_at -> provisioning; gone_at set -> deleting (gone after it);
  now < busy_until -> updating; otherwise active.
"""

import ipaddress
import json

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.pagination import page_body
from eds_emulator.services import action, require
from eds_emulator.services import vpn_busy as busy
from eds_emulator.services import vpn_gateway_zones as gateway_zones
from eds_emulator.services.tags import matches_tags, tags_out

TABLE = "vpn_gateways"
NOT_FOUND = "InvalidVpnGatewayInstanceId.NotFound"
# The account's site (settings.site) decides the billing method and the public bandwidth set (the CreateVpnGateway
# and DescribeVpnGateway SDK models; docs/emulator.md "Sites"): InstanceChargeType it takes (and needs), the
# ChargeType it answers, the public bandwidths. Private gateways take 200 or 1000 on both sites.
SITE_RULES = {
    "china": {"charge": "PREPAY", "charge_required": True, "charge_type": "Prepay",
              "public_bandwidths": (5, 10, 20, 50, 100, 200, 500, 1000)},
    "international": {"charge": "POSTPAY", "charge_required": False, "charge_type": "POSTPAY",
                      "public_bandwidths": (10, 100, 200, 500, 1000)},
}
PRIVATE_BANDWIDTHS = (200, 1000)
SSL_CONNECTIONS = (5, 10, 20, 50, 100, 200, 500, 1000)
PREPAY_PERIODS = tuple(range(1, 10)) + (12, 24, 36)
POSTPAY_END_TIME = 4102415999000  # pay-as-you-go gateways never expire: 2099-12-31T15:59:59Z (emulator choice)
DEFAULT_RESOURCE_GROUP = "rg-acfmdefault000000000"
# system labels; the real encoding is unconfirmed (docs/emulator.md)
SYSTEM_TAG = json.dumps({"VpnEnableBgp": "true", "VpnNewImage": "true", "VpnVersion": "v2"}, separators=(",", ":"))
# public address pool the emulator draws gateway IPs from (documentation-only TEST-NET-3 would look fake to users;
# 47.100.0.0/16 is an Alibaba Cloud range, and nothing ever sends traffic to these addresses)
PUBLIC_POOL = ipaddress.ip_network("47.100.0.0/16")
PUBLIC_FIELDS = ("VpnGatewayId", "VpcId", "VSwitchId", "DisasterRecoveryVSwitchId", "Name", "Description", "Spec",
                 "InternetIp", "DisasterRecoveryInternetIp", "SslVpnInternetIp", "IpsecVpn", "SslVpn",
                 "SslMaxConnections", "ChargeType", "BusinessStatus", "CreateTime", "EndTime", "NetworkType",
                 "VpnType", "GatewayType", "EnableBgp", "AutoPropagate", "ResourceGroupId", "Tag")


def _purge_if_gone(ctx, gateway_id):
    record = ctx.region.table(TABLE).get(gateway_id)
    if record is not None and record.get("gone_at") is not None and ctx.now() >= record["gone_at"]:
        del ctx.region.table(TABLE)[gateway_id]
        return None
    return record


def gateway_status(ctx, gw):
    now = ctx.now()
    if gw.get("unpaid"):
        return "init"
    if gw.get("gone_at") is not None:
        return "deleting"
    if now < gw.get("ready_at", 0):
        return "provisioning"
    if now < gw.get("busy_until", 0):
        return "updating"
    return "active"


def gateway_or_404(ctx, gateway_id):
    """The gateway record (any status but gone) or 404 InvalidVpnGatewayInstanceId.NotFound."""
    record = _purge_if_gone(ctx, gateway_id) if gateway_id else None
    if record is None:
        raise ApiError(NOT_FOUND, "The specified vpn gateway instance id does not exist.", status=404)
    return record


def check_writable(ctx, gw):
    """400 unless the gateway is active: Appliance.Configuring while provisioning, VpnGateway.Configuring while
    updating (both: retry later; services/vpn_busy.py), IncorrectStatus.VpnGateway while init/deleting."""
    status = gateway_status(ctx, gw)
    if status == "provisioning":
        raise ApiError("Appliance.Configuring", "The VPN gateway's appliance is being configured. Try again later.")
    if status == "updating":
        raise ApiError("VpnGateway.Configuring", "The specified service is configuring.")
    if status != "active":
        raise ApiError("IncorrectStatus.VpnGateway", f"The VPN gateway is not in a valid state ({status}).")


def mark_updating(ctx, gw):
    """The gateway applies a change: updating for settings.delay("vpn_gateway_update") emulated seconds."""
    gw["busy_until"] = ctx.now() + ctx.settings.delay("vpn_gateway_update")


def gateway_for_write(ctx, gateway_id, mark=True):
    """Lock a gateway for a connection/route write: 404 if absent, 400 Appliance.Configuring /
    VpnGateway.Configuring if busy;
    with mark=True (default) it is set updating right away. Validate the request before calling it, or pass
    mark=False and call mark_updating(ctx, gw) once the change is accepted."""
    gw = gateway_or_404(ctx, gateway_id)
    check_writable(ctx, gw)
    if mark:
        mark_updating(ctx, gw)
    return gw


def is_dual_tunnel(gw):
    """Dual-tunnel gateways have a disaster-recovery vSwitch (and a second IPsec address)."""
    return bool(gw.get("DisasterRecoveryVSwitchId"))


def gateway_view(ctx, gw):
    out = {key: gw.get(key) for key in PUBLIC_FIELDS}
    out["Status"] = gateway_status(ctx, gw)
    out["Tags"] = tags_out(gw)
    out["EniInstanceIds"] = {"EniInstanceId": list(gw.get("eni_ids", []))}
    return out


def _vswitch_in_vpc(ctx, vswitch_id, vpc_id, name):
    vswitch = ctx.region.table("vswitches").get(vswitch_id)
    if vswitch is None:
        raise ApiError("InvalidVSwitchId.NotFound", f"The specified {name} {vswitch_id} does not exist.", status=404)
    if vswitch["VpcId"] != vpc_id:
        raise ApiError.invalid(name, f"The specified {name} {vswitch_id} does not belong to the VPC {vpc_id}.",
                               code="InvalidVSwitchId.NotBelongToVpc")
    return vswitch


def _used_ips(ctx):
    used = set()
    for region in ctx.store.regions.values():
        for gw in region.table(TABLE).values():
            used.update(gw.get(k) for k in ("InternetIp", "DisasterRecoveryInternetIp", "SslVpnInternetIp"))
    return used


def _public_ip(ctx, used):
    while True:
        address = str(PUBLIC_POOL[ctx.rng.randrange(1, PUBLIC_POOL.num_addresses - 1)])
        if address not in used:
            used.add(address)
            return address


def _private_ip(ctx, vswitch, used):
    network = ipaddress.ip_network(vswitch["CidrBlock"])
    for attempt in range(1000):  # pylint: disable=unused-variable
        address = str(network[ctx.rng.randrange(3, network.num_addresses - 1)])
        if address not in used:
            used.add(address)
            return address
    raise ApiError("QuotaExceeded.PrivateIpAddress", f"The vSwitch {vswitch['VSwitchId']} has no free address.")


def _vswitches_for_create(ctx, p, vpc_id, bandwidth):
    """The gateway's vSwitch(es), each in a zone that hosts a gateway of this bandwidth (services/vpn_gateway_zones.py).

    Dual tunnel: two vSwitches, in two zones when more than one zone hosts gateways; a region with one such zone
    takes the same vSwitch twice (the DisasterRecoveryVSwitchId doc of the SDK model).
    """
    vswitch_id = p.get("VSwitchId")
    dr_id = p.get("DisasterRecoveryVSwitchId")
    if ctx.region.dual_tunnel:
        require(p, "VSwitchId", "DisasterRecoveryVSwitchId")
        main = _vswitch_in_vpc(ctx, vswitch_id, vpc_id, "VSwitchId")
        dr = _vswitch_in_vpc(ctx, dr_id, vpc_id, "DisasterRecoveryVSwitchId")
        zones = gateway_zones.check_vswitch_zones(ctx, bandwidth, [("VSwitchId", main), ("DisasterRecoveryVSwitchId", dr)])
        if len(zones) > 1 and main["ZoneId"] == dr["ZoneId"]:
            raise ApiError.invalid("DisasterRecoveryVSwitchId",
                                   "The two vSwitches must be in different zones in a region with several zones.")
        return main, dr
    if vswitch_id:
        main = _vswitch_in_vpc(ctx, vswitch_id, vpc_id, "VSwitchId")
        gateway_zones.check_vswitch_zones(ctx, bandwidth, [("VSwitchId", main)])
        return main, None
    zones = gateway_zones.available_zone_ids(ctx.region, bandwidth)
    candidates = [s for s in ctx.region.table("vswitches").values() if s["VpcId"] == vpc_id and s["ZoneId"] in zones]
    if not candidates:
        raise ApiError("InvalidVSwitchId.NotFound", f"The VPC {vpc_id} has no vSwitch for the VPN gateway.", status=404)
    return candidates[0], None


def _charge(site, rules, p):
    """The billing method the site takes: PREPAY (china, required) or POSTPAY (international, the default)."""
    if rules["charge_required"]:
        require(p, "InstanceChargeType")
    charge = validation.enum(p.get("InstanceChargeType", rules["charge"]), "InstanceChargeType",
                             ("POSTPAY", "PREPAY"), case_insensitive=True)
    if charge != rules["charge"]:
        raise ApiError.invalid("InstanceChargeType", f"An account of the {site} site creates VPN gateways with "
                                                     f"InstanceChargeType {rules['charge']}, not {charge}.")
    return charge


def _create_params(ctx, p):
    site = ctx.settings.site
    rules = SITE_RULES[site]
    network_type = validation.enum(p.get("NetworkType", "public"), "NetworkType", ("public", "private"))
    bandwidth = p["Bandwidth"]
    allowed = rules["public_bandwidths"] if network_type == "public" else PRIVATE_BANDWIDTHS
    if bandwidth not in allowed:
        raise ApiError.invalid("Bandwidth", f"The Bandwidth of a {network_type} VPN gateway must be one of "
                                            f"{', '.join(map(str, allowed))} (Mbit/s) on the {site} site.")
    charge = _charge(site, rules, p)
    if charge == "PREPAY":
        require(p, "Period")
        if p["Period"] not in PREPAY_PERIODS:
            raise ApiError.invalid("Period", "The Period must be 1-9, 12, 24 or 36 months.")
    ssl_connections = p.get("SslConnections", 5)
    if ssl_connections not in SSL_CONNECTIONS:
        raise ApiError.invalid("SslConnections", f"SslConnections must be one of {', '.join(map(str, SSL_CONNECTIONS))}.")
    vpn_type = validation.enum(p.get("VpnType", "Normal"), "VpnType", ("Normal", "NationalStandard"))
    if vpn_type == "NationalStandard" and site != "china":
        # the SDK model offers NationalStandard (SM cryptography) on the China site only; the code is unconfirmed
        raise ApiError.invalid("VpnType", f"VpnType NationalStandard is not available on the {site} site.")
    name = validation.gateway_name(p["Name"]) if p.get("Name") is not None else None
    return network_type, bandwidth, charge, ssl_connections, vpn_type, name


@action("vpc", "CreateVpnGateway", write=True)
def create_vpn_gateway(ctx, p):
    require(p, "VpcId", "Bandwidth")
    network_type, bandwidth, charge, ssl_connections, vpn_type, name = _create_params(ctx, p)
    vpc_id = p["VpcId"]
    if vpc_id not in ctx.region.table("vpcs"):
        raise ApiError("InvalidVpcId.NotFound", f"The specified VPC {vpc_id} does not exist.", status=404)
    main, dr = _vswitches_for_create(ctx, p, vpc_id, bandwidth)
    enable_ipsec = p.get("EnableIpsec", True)
    enable_ssl = p.get("EnableSsl", False)
    gateway_id = ctx.store.new_id("vpn")
    used = _used_ips(ctx)
    if network_type == "public":
        internet_ip = _public_ip(ctx, used)
        dr_ip = _public_ip(ctx, used) if dr is not None else ""
        ssl_ip = _public_ip(ctx, used) if enable_ssl else ""
    else:
        internet_ip = _private_ip(ctx, main, used)
        dr_ip = _private_ip(ctx, dr, used) if dr is not None else ""
        ssl_ip = ""
    now = ctx.now()
    created_ms = int(now * 1000)
    end_ms = POSTPAY_END_TIME if charge == "POSTPAY" else created_ms + p["Period"] * 30 * 86400 * 1000
    record = {
        "VpnGatewayId": gateway_id, "VpcId": vpc_id, "VSwitchId": main["VSwitchId"],
        "DisasterRecoveryVSwitchId": dr["VSwitchId"] if dr is not None else "",
        "Name": name or gateway_id, "Description": "", "Spec": f"{bandwidth}M",
        "InternetIp": internet_ip, "DisasterRecoveryInternetIp": dr_ip, "SslVpnInternetIp": ssl_ip,
        "IpsecVpn": "enable" if enable_ipsec else "disable", "SslVpn": "enable" if enable_ssl else "disable",
        "SslMaxConnections": ssl_connections, "ChargeType": SITE_RULES[ctx.settings.site]["charge_type"],
        "BusinessStatus": "Normal", "CreateTime": created_ms, "EndTime": end_ms, "NetworkType": network_type,
        "VpnType": vpn_type, "GatewayType": "Traditional", "EnableBgp": True, "AutoPropagate": False,
        "ResourceGroupId": p.get("ResourceGroupId") or DEFAULT_RESOURCE_GROUP, "Tag": SYSTEM_TAG,
        "ready_at": now + ctx.settings.delay("vpn_gateway_create"), "busy_until": 0, "gone_at": None,
        "unpaid": charge == "PREPAY" and not p.get("AutoPay", False), "tags": {},
    }
    ctx.region.table(TABLE)[gateway_id] = record
    return {"VpnGatewayId": gateway_id, "Name": record["Name"], "OrderId": ctx.rng.randrange(10 ** 14, 10 ** 15)}


def _purge_all(ctx):
    for gateway_id in list(ctx.region.table(TABLE)):
        _purge_if_gone(ctx, gateway_id)


@action("vpc", "DescribeVpnGateways")
def describe_vpn_gateways(ctx, p):
    _purge_all(ctx)
    wanted_tags = validation.tags(p.get("Tag"), "Tag")
    status = p.get("Status")
    if status is not None:
        status = validation.enum(status, "Status", ("init", "provisioning", "active", "updating", "deleting"))
    items = []
    for gw in ctx.region.table(TABLE).values():
        view = gateway_view(ctx, gw)
        if any(p.get(key) and view[key] != p[key]
               for key in ("VpcId", "VpnGatewayId", "BusinessStatus", "ResourceGroupId", "GatewayType")):
            continue
        if status is not None and view["Status"] != status:
            continue
        if not matches_tags(gw, wanted_tags):
            continue
        items.append(view)
    return page_body(items, p, "VpnGateways", "VpnGateway")


@action("vpc", "DescribeVpnGateway")
def describe_vpn_gateway(ctx, p):
    require(p, "VpnGatewayId")
    return gateway_view(ctx, gateway_or_404(ctx, p["VpnGatewayId"]))


@action("vpc", "ModifyVpnGatewayAttribute", write=True)
def modify_vpn_gateway_attribute(ctx, p):
    require(p, "VpnGatewayId")
    gw = gateway_or_404(ctx, p["VpnGatewayId"])
    name = validation.gateway_name(p["Name"]) if p.get("Name") is not None else None
    description = validation.free_text(p["Description"], "Description") if p.get("Description") is not None else None
    auto_propagate = p.get("AutoPropagate")
    status = gateway_status(ctx, gw)
    if status in ("deleting", "init"):
        raise ApiError("IncorrectStatus.VpnGateway", f"The VPN gateway is not in a valid state ({status}).")
    if auto_propagate is not None and auto_propagate != gw["AutoPropagate"]:
        # changing route propagation reconfigures the gateway like a connection/route write does
        check_writable(ctx, gw)
        gw["AutoPropagate"] = auto_propagate
        mark_updating(ctx, gw)
    if name is not None:
        gw["Name"] = name
    if description is not None:
        gw["Description"] = description
    view = gateway_view(ctx, gw)
    keys = ("AutoPropagate", "BusinessStatus", "CreateTime", "Description", "DisasterRecoveryInternetIp",
            "DisasterRecoveryVSwitchId", "EnableBgp", "EndTime", "InternetIp", "Name", "ResourceGroupId", "Spec",
            "SslVpnInternetIp", "Status", "VSwitchId", "VpcId", "VpnGatewayId")
    out = {key: view[key] for key in keys}
    out["IntranetIp"] = ""
    return out


@action("vpc", "DeleteVpnGateway", write=True)
def delete_vpn_gateway(ctx, p):
    require(p, "VpnGatewayId")
    gw = gateway_or_404(ctx, p["VpnGatewayId"])
    status = gateway_status(ctx, gw)
    if status == "deleting":
        raise ApiError("IncorrectStatus.VpnGateway", "The VPN gateway is being deleted.")
    if status in ("provisioning", "updating"):
        raise ApiError("VpnGateway.Configuring", "The specified service is configuring.")
    if gw["ChargeType"] == "Prepay" and not gw.get("unpaid") and ctx.now_ms() < gw["EndTime"]:
        raise ApiError("ForbiddenRelease", "A subscription VPN gateway cannot be released before it expires.", status=403)
    connections = [c for c in busy.connections(ctx).values() if c.get("VpnGatewayId") == gw["VpnGatewayId"]]
    if connections:
        # the real code is UNCONFIRMED (the DeleteVpnGateway doc names none); emulator choice, docs/emulator.md
        raise ApiError("DependencyViolation.VpnConnection",
                       f"The VPN gateway still has {len(connections)} IPsec-VPN connection(s); delete them first.")
    delay = ctx.settings.delay("vpn_gateway_delete")
    gw["gone_at"] = ctx.now() + delay
    if delay <= 0:
        del ctx.region.table(TABLE)[gw["VpnGatewayId"]]
    return {}
