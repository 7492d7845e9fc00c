#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create the VPN gateways and customer gateways the vpn_connection targets need, through the real SDK.

The gateway modules (issue 4) are not part of these targets: the connection tests only need gateways to exist.
Usage: seed_gateways.py ENDPOINT_URL  -> prints JSON {"single": {...}, "dual": {...}}; waits for `active`.
Credentials come from ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY.
"""

import json
import os
import sys
import time

for _var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)

from alibabacloud_tea_openapi import models as open_api_models  # noqa: E402
from alibabacloud_vpc20160428 import models  # noqa: E402
from alibabacloud_vpc20160428.client import Client  # noqa: E402

# ids of the emulator's default scenario
SINGLE = dict(region="cn-hangzhou", vpc="vpc-bp1singletunnel000001", vswitch="vsw-bp1singletunnel0000h1", dr=None)
DUAL = dict(region="cn-shanghai", vpc="vpc-uf6uservpc00000000001", vswitch="vsw-uf6uservpc000000000e1",
            dr="vsw-uf6uservpc000000000f1")


def client(endpoint, region):
    return Client(open_api_models.Config(
        access_key_id=os.environ["ALICLOUD_ACCESS_KEY"], access_key_secret=os.environ["ALICLOUD_SECRET_KEY"],
        endpoint=endpoint.split("://", 1)[1], protocol="HTTP", region_id=region))


def gateway(api, spec, name):
    existing = api.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(
        region_id=spec["region"], vpc_id=spec["vpc"], page_size=50)).body.to_map()
    for item in existing["VpnGateways"]["VpnGateway"]:
        if item["Name"] == name:
            gw_id = item["VpnGatewayId"]
            break
    else:
        gw_id = api.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=spec["region"], vpc_id=spec["vpc"], v_switch_id=spec["vswitch"], bandwidth=10, auto_pay=True,
            disaster_recovery_vswitch_id=spec["dr"], name=name)).body.vpn_gateway_id
    for _attempt in range(600):
        body = api.describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=spec["region"],
                                                                         vpn_gateway_id=gw_id)).body
        if body.status == "active":
            return body.to_map()
        time.sleep(0.2)
    raise SystemExit("gateway %s did not become active" % gw_id)


def customer_gateway(api, region, ip, asn):
    existing = api.describe_customer_gateways(models.DescribeCustomerGatewaysRequest(region_id=region, page_size=50))
    for item in existing.body.to_map()["CustomerGateways"]["CustomerGateway"]:
        if item["IpAddress"] == ip:
            return item["CustomerGatewayId"]
    return api.create_customer_gateway(models.CreateCustomerGatewayRequest(
        region_id=region, ip_address=ip, asn=asn, name="dc-" + ip.replace(".", "-"))).body.customer_gateway_id


def main():
    endpoint = sys.argv[1]
    out = {}
    for key, spec in (("single", SINGLE), ("dual", DUAL)):
        api = client(endpoint, spec["region"])
        gw = gateway(api, spec, "vco-test-%s" % key)
        out[key] = {
            "region": spec["region"],
            "vpn_gateway_id": gw["VpnGatewayId"],
            "vpn_gateway_ip": gw["InternetIp"],
            "vpn_gateway_dr_ip": gw["DisasterRecoveryInternetIp"],
            "customer_gateway_id": customer_gateway(api, spec["region"], "203.0.113.10", "65001"),
            "customer_gateway_2_id": customer_gateway(api, spec["region"], "203.0.113.11", "65002"),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
