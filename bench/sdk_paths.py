"""P4: one DescribeVpnGateways call in a fresh process, through the product SDK client (what the modules did
before P4 was applied) or through the generic OpenAPI client that the product client is built on (same signing,
same wire format; what plugins/module_utils/client/clients.py does now). Prints
``seconds peak_rss_kib gateways`` for bench.py.

    python sdk_paths.py product|generic ENDPOINT
"""

import resource
import sys
import time

STARTED = time.perf_counter()


def product(endpoint):
    from alibabacloud_tea_openapi import models as open_api_models
    from alibabacloud_vpc20160428.client import Client
    from alibabacloud_vpc20160428 import models
    client = Client(open_api_models.Config(access_key_id="testid", access_key_secret="testsecret", endpoint=endpoint,
                                           protocol="HTTP", region_id="cn-shanghai"))
    body = client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id="cn-shanghai")).body
    return body.total_count


def generic(endpoint):
    from alibabacloud_tea_openapi import models as open_api_models
    from alibabacloud_tea_openapi.client import Client
    client = Client(open_api_models.Config(access_key_id="testid", access_key_secret="testsecret", endpoint=endpoint,
                                           protocol="HTTP", region_id="cn-shanghai"))
    params = open_api_models.Params(action="DescribeVpnGateways", version="2016-04-28", protocol="HTTP", pathname="/",
                                    method="POST", auth_type="AK", style="RPC", req_body_type="formData",
                                    body_type="json")
    request = open_api_models.OpenApiRequest(query={"RegionId": "cn-shanghai"})
    body = client.call_api(params, request, _runtime())["body"]
    return body["TotalCount"]


def _runtime():
    from darabonba.runtime import RuntimeOptions
    return RuntimeOptions()


if __name__ == "__main__":
    count = {"product": product, "generic": generic}[sys.argv[1]](sys.argv[2])
    print(f"{time.perf_counter() - STARTED:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {count}")
