"""DiagnoseVpnGateway and GetVpnGatewayDiagnoseResult: the console's one-click diagnosis of an IPsec-VPN connection.

DiagnoseVpnGateway starts a diagnosis (ResourceType IPsec, ResourceId the connection) and answers its DiagnoseId;
GetVpnGatewayDiagnoseResult reports the items, one more finished every ITEM_DELAY (scaled) seconds, computed from
the state at that read: quotas of the gateway, route conflicts in its VPC, the configuration consistency against
the peer the data center really is (vpn_negotiation.py), the reachability of the customer gateway's address and,
with IPsecExtendInfo, private connectivity. DiagnoseResultDescription is a JSON text with the keys the SDK model
documents (quotaName/quantity/used, vcoLackConf/vcoRunningConf/vcoDiffConf/vcoConf, targetIp/rtt/lossRate).
"""

import ipaddress
import json
import time

from eds_emulator.errors import ApiError
from eds_emulator.services import action, require
from eds_emulator.services import route_tables
from eds_emulator.services import vpn_connection_backend as backend
from eds_emulator.services.vpn_gateways import gateway_or_404
from eds_emulator.services.vpn_negotiation import ESTABLISHED, peers, tunnel_outcome
from eds_emulator.services.vpn_routes import DBR, PBR

TABLE = "vpn_diagnoses"
ITEMS = ("RouteEntryConflict", "VpnRouteQuota", "VpnIPsecQuota", "VpnPbrRouteQuota", "VcoConfigConsistency",
         "VcoUserInternetIpConnectivity", "VcoPrivateConnectivity")
ITEM_DELAY = "vpn_diagnose_item"
NOT_FOUND = "InvalidDiagnoseId.NotFound"   # code unconfirmed (docs/emulator.md)


def _iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _item(name, level, description):
    return {"DiagnoseName": name, "DiagnoseResultLevel": level,
            "DiagnoseResultDescription": json.dumps(description, sort_keys=True)}


def _quota(ctx, name, quota, used):
    quantity = ctx.settings.quota(quota)
    level = "normal" if used < quantity else "warning"
    return _item(name, level, {"quotaName": quota, "quantity": quantity, "used": used})


def _conflicts(ctx, gw, record):
    """Custom routes of the gateway's VPC that send a data-center CIDR somewhere else than this gateway."""
    wanted = [ipaddress.ip_network(c, strict=False) for c in record["RemoteSubnet"].split(",") if c]
    found = []
    for table in ctx.region.table("route_tables").values():
        if table.get("VpcId") != gw["VpcId"]:
            continue
        for entry in route_tables.table_entries(ctx, ctx.region, table):
            dest = ipaddress.ip_network(entry["DestinationCidrBlock"], strict=False)
            if entry["kind"] != "system" and entry["NextHopId"] != gw["VpnGatewayId"] and \
                    any(dest.overlaps(w) for w in wanted):
                found.append({"routeTableId": table["RouteTableId"], "destination": str(dest),
                              "nextHopType": entry["NextHopType"], "nextHopId": entry["NextHopId"]})
    return found


def _consistency(ctx, record, tunnels):
    diffs, lack, running = [], [], []
    for tunnel in tunnels:
        outcome = tunnel_outcome(ctx, record, tunnel)
        where = tunnel["TunnelId"] if tunnel else record["VpnConnectionId"]
        if outcome.cause in ("no_response", "peer_address"):
            lack.append(where)
        elif outcome.cause:
            diffs.append({"tunnelId": where, "item": outcome.cause, "phase": outcome.phase})
        else:
            running.append(where)
    level = "error" if diffs else ("warning" if lack else "normal")
    conf = {"localSubnet": record["LocalSubnet"], "remoteSubnet": record["RemoteSubnet"]}
    return _item("VcoConfigConsistency", level, {"vcoLackConf": lack, "vcoRunningConf": running,
                                                 "vcoDiffConf": diffs, "vcoConf": conf})


def _internet(ctx, record, tunnels):
    targets = []
    for tunnel in tunnels:
        cgw = ctx.region.table("customer_gateways").get(
            tunnel["CustomerGatewayId"] if tunnel else record["CustomerGatewayId"]) or {}
        peer = peers(ctx.store).get(cgw.get("IpAddress"))
        reachable = peer is not None and peer.get("reachable", True) is not False
        targets.append({"targetIp": cgw.get("IpAddress", ""), "rtt": 20 if reachable else None,
                        "lossRate": 0 if reachable else 100})
    level = "normal" if all(t["lossRate"] == 0 for t in targets) else "error"
    return _item("VcoUserInternetIpConnectivity", level, targets[0] if len(targets) == 1 else {"targets": targets})


def _private(ctx, record, tunnels, extend):
    src, dst = extend.get("PrivateSourceIp"), extend.get("PrivateDestinationIp")
    if not (src and dst):
        return _item("VcoPrivateConnectivity", "normal", {"skipped": "no IPsecExtendInfo"})
    up = any(tunnel_outcome(ctx, record, t).status == ESTABLISHED for t in tunnels)
    inside = any(ipaddress.ip_address(dst) in ipaddress.ip_network(c, strict=False)
                 for c in record["RemoteSubnet"].split(",") if c)
    ok = up and inside
    return _item("VcoPrivateConnectivity", "normal" if ok else "error",
                 {"srcIp": src, "targetIp": dst, "rtt": 25 if ok else None, "lossRate": 0 if ok else 100})


def results(ctx, diagnosis):
    gw = gateway_or_404(ctx, diagnosis["VpnGatewayId"])
    record = ctx.region.table(backend.TABLE).get(diagnosis["ResourceId"])
    if record is None:
        return []
    tunnels = record["tunnels"] or [None]
    gateway_id = gw["VpnGatewayId"]
    conflicts = _conflicts(ctx, gw, record)
    return [
        _item("RouteEntryConflict", "error" if conflicts else "normal", {"conflicts": conflicts}),
        _quota(ctx, "VpnRouteQuota", "vpn_route_entries",
               sum(1 for r in ctx.region.table(DBR).values() if r["VpnInstanceId"] == gateway_id)),
        _quota(ctx, "VpnIPsecQuota", "vpn_connections",
               sum(1 for c in ctx.region.table(backend.TABLE).values() if c["VpnGatewayId"] == gateway_id)),
        _quota(ctx, "VpnPbrRouteQuota", "vpn_pbr_route_entries",
               sum(1 for r in ctx.region.table(PBR).values() if r["VpnInstanceId"] == gateway_id)),
        _consistency(ctx, record, tunnels),
        _internet(ctx, record, tunnels),
        _private(ctx, record, tunnels, diagnosis["extend"]),
    ]


@action("vpc", "DiagnoseVpnGateway", write=True)
def diagnose_vpn_gateway(ctx, p):
    require(p, "VpnGatewayId", "ResourceType", "ResourceId")
    gw = gateway_or_404(ctx, p["VpnGatewayId"])
    if p["ResourceType"] != "IPsec":
        raise ApiError.invalid("ResourceType", 'The ResourceType must be "IPsec".')
    record = backend.connection_or_404(ctx, p["ResourceId"])
    if record["VpnGatewayId"] != gw["VpnGatewayId"]:
        raise ApiError.not_found(backend.NOT_FOUND, "vpn connection of this VPN gateway")
    extend = {}
    if p.get("IPsecExtendInfo"):
        try:
            extend = json.loads(p["IPsecExtendInfo"])
        except ValueError:
            raise ApiError.invalid("IPsecExtendInfo", "IPsecExtendInfo must be a JSON object.") from None
        if not isinstance(extend, dict):
            raise ApiError.invalid("IPsecExtendInfo", "IPsecExtendInfo must be a JSON object.")
    diagnose_id = ctx.store.new_id("vpndgn")
    ctx.region.table(TABLE)[diagnose_id] = {
        "DiagnoseId": diagnose_id, "VpnGatewayId": gw["VpnGatewayId"], "ResourceType": "IPsec",
        "ResourceId": record["VpnConnectionId"], "extend": extend, "started_at": ctx.now()}
    return {"DiagnoseId": diagnose_id}


@action("vpc", "GetVpnGatewayDiagnoseResult")
def get_vpn_gateway_diagnose_result(ctx, p):
    require(p, "DiagnoseId")
    diagnosis = ctx.region.table(TABLE).get(p["DiagnoseId"])
    if diagnosis is None or (p.get("VpnGatewayId") and p["VpnGatewayId"] != diagnosis["VpnGatewayId"]):
        raise ApiError.not_found(NOT_FOUND, "DiagnoseId")
    step = ctx.settings.delay(ITEM_DELAY)
    elapsed = ctx.now() - diagnosis["started_at"]
    done = len(ITEMS) if step <= 0 else min(len(ITEMS), int(elapsed / step))
    items = results(ctx, diagnosis)[:done]
    out = {"DiagnoseId": diagnosis["DiagnoseId"], "VpnGatewayId": diagnosis["VpnGatewayId"],
           "ResourceType": "IPsec", "ResourceInstanceId": diagnosis["ResourceId"],
           "BeginTime": _iso(diagnosis["started_at"]), "TotalCount": len(ITEMS), "FinishedCount": len(items),
           "DiagnoseResult": items}
    if len(items) == len(ITEMS):
        out["FinishTime"] = _iso(diagnosis["started_at"] + step * len(ITEMS))
    return out
