"""What the IPsec-VPN connection actions answer: the documented response shapes and JSON types.

Records keep the wire names with native types (ints, bools); the documented response types are applied here:
inside TunnelOptions every scalar is a string, VcoHealthCheck.Enable and VpnBgpConfig.EnableBgp are
"true"/"false" strings, the single-tunnel IkeConfig/IpsecConfig lifetimes are ints (the SDK response models of
DescribeVpnConnection(s)); ModifyVpnConnectionAttribute has its own, narrower model.
"""

import ipaddress

from eds_emulator.services.tags import tags_out
from eds_emulator.services.vpn_busy import connection_state
from eds_emulator.services.vpn_connection_checks import ALIBABA_ASN
from eds_emulator.services.vpn_negotiation import ESTABLISHED, tunnel_outcome

# view_hook(ctx, record, out) functions other services register to complete the answer for their records (the
# IPsec-VPN attachments of services/vpn_attachments.py: AttachType, transit router binding, State)
VIEW_HOOKS = []


def peer_ip(cidr, local_ip):
    if not cidr:
        return ""
    hosts = [str(h) for h in ipaddress.ip_network(cidr).hosts()]
    others = [h for h in hosts if h != local_ip]
    return others[0] if others else ""


def _bool_text(value):
    return "true" if value else "false"


def _text(value):
    return "" if value is None else str(value)


def tunnel_view(ctx, tunnel, bgp_enabled, state="active", record=None):
    cgw = ctx.region.table("customer_gateways").get(tunnel["CustomerGatewayId"]) or {}
    bgp = tunnel["TunnelBgpConfig"]
    status = tunnel_outcome(ctx, record, tunnel).status if record else "ike_sa_not_established"
    return {
        "TunnelId": tunnel["TunnelId"], "Role": tunnel["Role"], "CustomerGatewayId": tunnel["CustomerGatewayId"],
        "EnableDpd": _bool_text(tunnel["EnableDpd"]), "EnableNatTraversal": _bool_text(tunnel["EnableNatTraversal"]),
        "InternetIp": tunnel["InternetIp"], "RemoteCaCertificate": tunnel.get("RemoteCaCertificate", ""),
        "State": state, "Status": status, "ZoneNo": tunnel["ZoneNo"], "TunnelIndex": tunnel["TunnelIndex"],
        "TunnelIkeConfig": {k: _text(v) for k, v in tunnel["TunnelIkeConfig"].items()},
        "TunnelIpsecConfig": {k: _text(v) for k, v in tunnel["TunnelIpsecConfig"].items()},
        "TunnelBgpConfig": {
            "LocalAsn": _text(bgp.get("LocalAsn")), "LocalBgpIp": _text(bgp.get("LocalBgpIp")),
            "TunnelCidr": _text(bgp.get("TunnelCidr")),
            "PeerAsn": _text(cgw.get("Asn")) if bgp_enabled else "",
            "PeerBgpIp": peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")) if bgp_enabled else "",
            "BgpStatus": _bool_text(status == ESTABLISHED) if bgp_enabled else "",
        },
    }


def connection_view(ctx, record, plural=False):
    """The documented DescribeVpnConnection(s) item (plural items: `Tag` wrapper, no EnableBgp/ZoneNo)."""
    dual = bool(record["tunnels"])
    cgw = ctx.region.table("customer_gateways").get(record["CustomerGatewayId"]) or {}
    bgp = record["bgp"]
    health = record["health"]
    state = connection_state(ctx, record)  # the tunnels follow their connection (UNCONFIRMED, docs/emulator.md)
    status = "" if dual else tunnel_outcome(ctx, record).status
    out = {
        "VpnConnectionId": record["VpnConnectionId"], "VpnGatewayId": record["VpnGatewayId"],
        "CustomerGatewayId": record["CustomerGatewayId"], "Name": record["Name"],
        "LocalSubnet": record["LocalSubnet"], "RemoteSubnet": record["RemoteSubnet"],
        "CreateTime": record["CreateTime"], "EffectImmediately": record["EffectImmediately"],
        "EnableDpd": record["EnableDpd"], "EnableNatTraversal": record["EnableNatTraversal"],
        "EnableTunnelsBgp": record["EnableTunnelsBgp"], "Status": status, "State": state,
        "AttachType": "VPNGW", "AttachInstanceId": record["VpnGatewayId"], "CrossAccountAuthorized": False,
        "InternetIp": record["InternetIp"], "NetworkType": record["NetworkType"], "Spec": record["Spec"],
        "RemoteCaCertificate": record.get("RemoteCaCertificate", ""), "ResourceGroupId": record["ResourceGroupId"],
        "TransitRouterId": "", "TransitRouterName": "", "TunnelBandwidth": "",
        "IkeConfig": {} if dual else dict(record["IkeConfig"]),
        "IpsecConfig": {} if dual else dict(record["IpsecConfig"]),
        "VpnBgpConfig": {} if dual else {
            "LocalAsn": bgp.get("LocalAsn", ALIBABA_ASN), "LocalBgpIp": bgp.get("LocalBgpIp", ""),
            "TunnelCidr": bgp.get("TunnelCidr", ""),
            "PeerAsn": cgw.get("Asn") if bgp.get("EnableBgp") and cgw.get("Asn") else None,
            "PeerBgpIp": peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")) if bgp.get("EnableBgp") else "",
            "Status": _bool_text(status == ESTABLISHED) if bgp.get("EnableBgp") else "", "AuthKey": "",
        },
        "VcoHealthCheck": {} if dual else {
            "Enable": _bool_text(health.get("Enable")), "Dip": health.get("Dip", ""), "Sip": health.get("Sip", ""),
            "Interval": health.get("Interval", 3), "Retry": health.get("Retry", 3), "Policy": health.get("Policy", ""),
            "Status": ("success" if status == ESTABLISHED else "failed") if health.get("Enable") else "",
        },
        "TunnelOptionsSpecification": {"TunnelOptions": [tunnel_view(ctx, t, record["EnableTunnelsBgp"], state, record)
                                                         for t in record["tunnels"]]},
    }
    for hook in VIEW_HOOKS:
        hook(ctx, record, out)
    if out["VpnBgpConfig"] and out["VpnBgpConfig"]["PeerAsn"] is None:
        del out["VpnBgpConfig"]["PeerAsn"]
    if plural:
        out["Tag"] = tags_out(record)
    else:
        out["Tags"] = tags_out(record)
        out["ZoneNo"] = ""
        if not dual:
            out["VpnBgpConfig"]["EnableBgp"] = _bool_text(bgp.get("EnableBgp"))
    return out


def modify_view(ctx, record):
    """The ModifyVpnConnectionAttribute answer: its own response model (TunnelOptions booleans and ints native)."""
    view = connection_view(ctx, record)
    out = {key: view[key] for key in ("VpnConnectionId", "VpnGatewayId", "CustomerGatewayId", "Name", "LocalSubnet",
                                      "RemoteSubnet", "CreateTime", "EffectImmediately", "EnableDpd",
                                      "EnableNatTraversal", "EnableTunnelsBgp", "IkeConfig", "IpsecConfig",
                                      "ResourceGroupId", "VcoHealthCheck")}
    out["Description"] = ""
    # the ModifyVpnConnectionAttribute response model has no VcoHealthCheck.Policy/Status (DescribeVpnConnection's has)
    out["VcoHealthCheck"] = {k: v for k, v in view["VcoHealthCheck"].items() if k not in ("Policy", "Status")}
    out["VpnBgpConfig"] = {k: v for k, v in view["VpnBgpConfig"].items() if k != "AuthKey"}
    tunnels = []
    for tunnel in record["tunnels"]:
        tv = tunnel_view(ctx, tunnel, record["EnableTunnelsBgp"], connection_state(ctx, record))
        tv.update(EnableDpd=tunnel["EnableDpd"], EnableNatTraversal=tunnel["EnableNatTraversal"],
                  TunnelIkeConfig=dict(tunnel["TunnelIkeConfig"]), TunnelIpsecConfig=dict(tunnel["TunnelIpsecConfig"]))
        bgp = tv.pop("TunnelBgpConfig")
        tv["TunnelBgpConfig"] = {"LocalAsn": tunnel["TunnelBgpConfig"].get("LocalAsn"), "LocalBgpIp": bgp["LocalBgpIp"],
                                 "TunnelCidr": bgp["TunnelCidr"], "PeerBgpIp": bgp["PeerBgpIp"],
                                 "PeerAsn": int(bgp["PeerAsn"]) if bgp["PeerAsn"] else None}
        for key in ("Status", "TunnelIndex"):
            tv.pop(key)
        tunnels.append(tv)
    out["TunnelOptionsSpecification"] = {"TunnelOptions": tunnels}
    return out


def _peer_ike(ike, cgw_ip):
    """IKE block seen from the peer: the identities swap sides."""
    out = dict(ike)
    out["LocalId"], out["RemoteId"] = ike.get("RemoteId", cgw_ip), ike.get("LocalId", "")
    return out


def _peer_bgp(ctx, bgp, cgw_id, tunnel_id=""):
    cgw = ctx.region.table("customer_gateways").get(cgw_id) or {}
    return {"TunnelId": tunnel_id, "LocalAsn": _text(cgw.get("Asn")), "PeerAsn": _text(bgp.get("LocalAsn")),
            "LocalBgpIp": peer_ip(bgp.get("TunnelCidr"), bgp.get("LocalBgpIp")),
            "PeerBgpIp": _text(bgp.get("LocalBgpIp")), "TunnelCidr": _text(bgp.get("TunnelCidr"))}


def peer_config(ctx, record, customer_gateway):
    """The DownloadVpnConnectionConfig body: the connection from the data center's point of view.
    customer_gateway(ctx, id) -> the customer gateway record (404 if it is gone)."""
    config = {"LocalSubnet": record["RemoteSubnet"], "RemoteSubnet": record["LocalSubnet"]}
    bgp_configs = []
    if record["tunnels"]:
        tunnel_configs = []
        for tunnel in record["tunnels"]:
            cgw = customer_gateway(ctx, tunnel["CustomerGatewayId"])
            tunnel_configs.append({
                "TunnelId": tunnel["TunnelId"], "Local": cgw["IpAddress"], "Remote": tunnel["InternetIp"],
                "IkeConfig": _peer_ike(tunnel["TunnelIkeConfig"], cgw["IpAddress"]),
                "IpsecConfig": dict(tunnel["TunnelIpsecConfig"]),
            })
            if record["EnableTunnelsBgp"] and tunnel["TunnelBgpConfig"].get("TunnelCidr"):
                bgp_configs.append(_peer_bgp(ctx, tunnel["TunnelBgpConfig"], tunnel["CustomerGatewayId"],
                                             tunnel["TunnelId"]))
        config["TunnelsConfig"] = {"TunnelConfig": tunnel_configs}
    else:
        cgw = customer_gateway(ctx, record["CustomerGatewayId"])
        config.update(Local=cgw["IpAddress"], Remote=record["InternetIp"],
                      IkeConfig=_peer_ike(record["IkeConfig"], cgw["IpAddress"]), IpsecConfig=dict(record["IpsecConfig"]))
        if record["bgp"].get("EnableBgp") and record["bgp"].get("TunnelCidr"):
            bgp_configs.append(_peer_bgp(ctx, record["bgp"], record["CustomerGatewayId"]))
    if bgp_configs:
        config["BgpConfigs"] = {"BgpConfig": bgp_configs}
    return {"VpnConnectionConfig": config}
