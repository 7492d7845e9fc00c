"""The cloud side as the emulator holds it, read with the SDK, and the watcher that configures the cloud stand-in
from it while site.yml runs."""

import threading
import time

from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from seed_lab.plan import CREDENTIALS, REGION


def cloud_connection(url):
    """The VPN connection as the cloud holds it, read with the SDK (DescribeVpnConnections, DescribeCustomerGateway),
    in the shape cloud_swanctl_conf mirrors; None while there is none. Written independently of vpn_connection_info:
    the cloud stand-in must not inherit a mistake of the module whose output the gateway is configured from."""
    scheme, host = url.split("://", 1)
    client = VpcClient(openapi_models.Config(access_key_id=CREDENTIALS["ALICLOUD_ACCESS_KEY"],
                                             access_key_secret=CREDENTIALS["ALICLOUD_SECRET_KEY"], region_id=REGION,
                                             endpoint=host, protocol=scheme))
    found = client.describe_vpn_connections(vpc_models.DescribeVpnConnectionsRequest(region_id=REGION)).body.to_map()
    connections = found["VpnConnections"]["VpnConnection"]
    if not connections:
        return None
    conn = connections[0]
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


class CloudWatcher(threading.Thread):
    """Configures the cloud stand-in as soon as the emulator holds the connection, while site.yml runs: the cloud
    play creates it, and the gateway's play initiates the tunnels several tasks later."""

    def __init__(self, seed, url):
        super().__init__(daemon=True)
        self.seed = seed
        self.url = url
        self.peer = None
        self.error = None
        self.stop = threading.Event()
        self.took = None

    def run(self):
        try:
            while not self.stop.is_set():
                peer = cloud_connection(self.url)
                if peer:
                    started = time.monotonic()
                    self.seed.configure_cloud(peer)
                    self.took = time.monotonic() - started
                    self.peer = peer
                    return
                self.stop.wait(0.2)
        except Exception as exc:  # pylint: disable=broad-except  # reported by the test
            self.error = exc

    def finish(self):
        self.stop.set()
        self.join(30)
        if self.error:
            raise self.error
        return self.peer
