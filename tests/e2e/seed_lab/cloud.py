"""The cloud side as the emulator holds it, read with the SDK, and the watcher that configures the cloud stand-in
from it while site.yml runs: the VPN gateway's connection (vpc_access_attach_to vpn_gateway) or the IPsec-VPN
attachment bound to the CEN's transit router (transit_router)."""

import time

from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from seed_lab.plan import CREDENTIALS, REGION
from seed_lab.watcher import Watcher


def vpc_client(url):
    scheme, host = url.split("://", 1)
    return VpcClient(openapi_models.Config(access_key_id=CREDENTIALS["ALICLOUD_ACCESS_KEY"],
                                           access_key_secret=CREDENTIALS["ALICLOUD_SECRET_KEY"], region_id=REGION,
                                           endpoint=host, protocol=scheme))


def cloud_connection(url):
    """The VPN connection as the cloud holds it, read with the SDK (DescribeVpnConnections, DescribeCustomerGateway),
    in the shape cloud_swanctl_conf mirrors; None while there is none. Written independently of vpn_connection_info:
    the cloud stand-in must not inherit a mistake of the module whose output the gateway is configured from."""
    client = vpc_client(url)
    found = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(region_id=REGION)).body.to_map()
    connections = found["VpnConnections"]["VpnConnection"]
    return cloud_view(client, connections[0]) if connections else None


def cloud_attachment(url):
    """The IPsec-VPN attachment bound to a transit router, as the cloud holds it: DescribeVpnAttachments (those
    attached to a transit router, AttachType CEN), then its tunnels with DescribeVpnConnection and
    DescribeCustomerGateway; None while there is none or its tunnels have no address yet. Independent of
    vpn_attachment_info, whose peer_config the gateway gets, for the reason cloud_connection gives."""
    client = vpc_client(url)
    found = client.describe_vpn_attachments(vpc_models.DescribeVpnAttachmentsRequest(region_id=REGION, attach_type="CEN"))
    attached = [a for a in found.body.to_map().get("VpnAttachments") or [] if a.get("TransitRouterId")]
    if not attached:
        return None
    conn = client.describe_vpn_connection(vpc_models.DescribeVpnConnectionRequest(
        region_id=REGION, vpn_connection_id=attached[0]["InstanceId"])).body.to_map()
    if conn.get("VpnGatewayId") or not all(t.get("InternetIp") for t in conn["TunnelOptionsSpecification"]["TunnelOptions"]):
        return None
    return dict(cloud_view(client, conn), transit_router_id=attached[0]["TransitRouterId"], vpn_connection_id=conn["VpnConnectionId"])


def cloud_view(client, conn):
    """A connection (DescribeVpnConnection(s) item) turned round: the cloud's side of each tunnel."""
    tunnels = []
    for option in conn["TunnelOptionsSpecification"]["TunnelOptions"]:
        cgw = client.describe_customer_gateway(vpc_models.DescribeCustomerGatewayRequest(
            region_id=REGION, customer_gateway_id=option["CustomerGatewayId"])).body.to_map()
        ike, esp, bgp = option["TunnelIkeConfig"], option["TunnelIpsecConfig"], option.get("TunnelBgpConfig") or {}
        # the cloud's LocalId/LocalSubnet are the data center's remote ones
        tunnels.append({
            "bgp": {"local_asn": int(bgp["LocalAsn"]), "local_bgp_ip": bgp["LocalBgpIp"], "tunnel_cidr": bgp["TunnelCidr"],
                    "peer_asn": int(bgp["PeerAsn"]), "peer_bgp_ip": bgp["PeerBgpIp"]} if bgp.get("PeerBgpIp") else None,
            "role": option["Role"], "local": cgw["IpAddress"], "remote": option["InternetIp"],
            "ike_config": {"ike_version": ike["IkeVersion"], "ike_enc_alg": ike["IkeEncAlg"], "ike_auth_alg": ike["IkeAuthAlg"],
                           "ike_pfs": ike["IkePfs"], "local_id": ike["RemoteId"], "remote_id": ike["LocalId"], "psk": ike["Psk"]},
            "ipsec_config": {"ipsec_enc_alg": esp["IpsecEncAlg"], "ipsec_auth_alg": esp["IpsecAuthAlg"], "ipsec_pfs": esp["IpsecPfs"]},
        })
    return {"name": conn["Name"], "local_subnets": conn["RemoteSubnet"].split(","),
            "remote_subnets": conn["LocalSubnet"].split(","), "tunnels": tunnels}


class CloudWatcher(Watcher):
    """Configures the cloud stand-in as soon as the emulator holds the connection (`read`: cloud_connection or
    cloud_attachment), while site.yml runs: the cloud play creates it, and the gateway's play initiates the tunnels
    several tasks later."""

    interval = 0.2

    def __init__(self, seed, url, read=cloud_connection):
        super().__init__()
        self.seed = seed
        self.url = url
        self.read = read
        self.peer = None
        self.took = None

    def poll(self):
        peer = self.read(self.url)
        if peer:
            started = time.monotonic()
            self.seed.configure_cloud(peer)
            self.took = time.monotonic() - started
            self.peer = peer
        return bool(peer)

    def result(self):
        return self.peer
