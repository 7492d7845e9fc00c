"""Every key the emulator answers is one the installed SDK's response model knows.

The SDK parses an answer with ``Model().from_map(body)``, which silently drops keys it does not know: a key only the
emulator sends would let a module rely on something the real API's model never carries. Each answer is read raw
(the SDK's generic OpenApiClient, same signing) and compared with what its model keeps.
"""

import json

import pytest
from alibabacloud_tea_openapi import utils_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from darabonba.runtime import RuntimeOptions

from emulator_harness import REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E, USER_VSW_F

VERSIONS = {"vpc": "2016-04-28", "cbn": "2017-09-12", "ecd": "2020-09-30"}


def raw_call(emu, service, action, query):
    client = OpenApiClient(emu.config())
    params = utils_models.Params(action=action, version=VERSIONS[service], protocol="HTTP", pathname="/",
                                 method="POST", auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    flat = {}
    for key, value in query.items():
        if isinstance(value, list):
            for index, item in enumerate(value, start=1):
                for sub, sub_value in item.items():
                    flat[f"{key}.{index}.{sub}"] = str(sub_value)
        elif value is not None:
            flat[key] = value if isinstance(value, str) else json.dumps(value) if isinstance(value, dict) else str(value)
    return client.call_api(params, utils_models.OpenApiRequest(query=flat), RuntimeOptions())["body"]


def unknown_keys(raw, kept, path=""):
    """Paths of keys in raw that the model's to_map() does not have (a null value is not looked at: to_map() leaves
    unset attributes out)."""
    out = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            if value is None:
                continue
            where = f"{path}.{key}" if path else key
            if not isinstance(kept, dict) or key not in kept:
                out.append(where)
            else:
                out.extend(unknown_keys(value, kept[key], where))
    elif isinstance(raw, list) and isinstance(kept, list):
        for index, (item, kept_item) in enumerate(zip(raw, kept)):
            out.extend(unknown_keys(item, kept_item, f"{path}[{index}]"))
    return out


def model_of(service, action):
    module = {"vpc": "alibabacloud_vpc20160428", "cbn": "alibabacloud_cbn20170912", "ecd": "alibabacloud_ecd20200930"}
    models = __import__(f"{module[service]}.models", fromlist=["models"])
    return getattr(models, f"{action}ResponseBody")


def check(emu, service, action, **query):
    body = raw_call(emu, service, action, query)
    kept = model_of(service, action)().from_map(body).to_map()
    assert unknown_keys(body, kept) == [], f"{action}: keys the SDK model does not know"
    return body


@pytest.fixture(name="site")
def site_fixture(emu):
    """A single-tunnel and a dual-tunnel connection with BGP and a health check, and routes of every kind."""
    single_gw = check(emu, "vpc", "CreateVpnGateway", RegionId=SINGLE_REGION, VpcId=SINGLE_VPC, VSwitchId=SINGLE_VSW,
                      Bandwidth=10, AutoPay=True)["VpnGatewayId"]
    dual_gw = check(emu, "vpc", "CreateVpnGateway", RegionId=REGION, VpcId=USER_VPC, VSwitchId=USER_VSW_E,
                    DisasterRecoveryVSwitchId=USER_VSW_F, Bandwidth=10, AutoPay=True)["VpnGatewayId"]
    cgws = {}
    for region, ip in ((SINGLE_REGION, "203.0.113.10"), (REGION, "203.0.113.11"), (REGION, "203.0.113.12")):
        cgws.setdefault(region, []).append(check(emu, "vpc", "CreateCustomerGateway", RegionId=region, IpAddress=ip,
                                                 Asn="65001")["CustomerGatewayId"])
    single = check(emu, "vpc", "CreateVpnConnection", RegionId=SINGLE_REGION, VpnGatewayId=single_gw,
                   CustomerGatewayId=cgws[SINGLE_REGION][0], LocalSubnet="10.10.0.0/16", RemoteSubnet="192.10.0.0/16",
                   BgpConfig={"EnableBgp": True, "TunnelCidr": "169.254.10.0/30", "LocalBgpIp": "169.254.10.1"},
                   HealthCheckConfig={"enable": True, "dip": "192.10.0.1", "sip": "10.10.0.1", "policy": "revoke_route"},
                   IkeConfig={"IkeVersion": "ikev2"})["VpnConnectionId"]
    dual = check(emu, "vpc", "CreateVpnConnection", RegionId=REGION, VpnGatewayId=dual_gw, LocalSubnet="192.168.0.0/16",
                 RemoteSubnet="192.10.0.0/16", EnableTunnelsBgp="true",
                 TunnelOptionsSpecification=[{"Role": "master", "CustomerGatewayId": cgws[REGION][0]},
                                             {"Role": "slave", "CustomerGatewayId": cgws[REGION][1]}])["VpnConnectionId"]
    check(emu, "vpc", "CreateVpnRouteEntry", RegionId=SINGLE_REGION, VpnGatewayId=single_gw, RouteDest="192.20.0.0/16",
          NextHop=single, Weight=100, PublishVpc=True)
    check(emu, "vpc", "CreateVpnPbrRouteEntry", RegionId=SINGLE_REGION, VpnGatewayId=single_gw,
          RouteSource="10.10.0.0/16", RouteDest="192.30.0.0/16", NextHop=single, Weight=100, PublishVpc=False)
    return {"single_gw": single_gw, "dual_gw": dual_gw, "single": single, "dual": dual, "cgw": cgws[SINGLE_REGION][0]}


def test_vpn_gateway_and_customer_gateway_answers(emu, site):
    check(emu, "vpc", "DescribeVpnGateway", RegionId=REGION, VpnGatewayId=site["dual_gw"])
    check(emu, "vpc", "DescribeVpnGateways", RegionId=REGION)
    check(emu, "vpc", "ModifyVpnGatewayAttribute", RegionId=REGION, VpnGatewayId=site["dual_gw"], Name="renamed")
    check(emu, "vpc", "DescribeCustomerGateway", RegionId=SINGLE_REGION, CustomerGatewayId=site["cgw"])
    check(emu, "vpc", "DescribeCustomerGateways", RegionId=SINGLE_REGION)
    check(emu, "vpc", "ModifyCustomerGatewayAttribute", RegionId=SINGLE_REGION, CustomerGatewayId=site["cgw"],
          Name="dc")


@pytest.mark.parametrize("kind", ["single", "dual"])
def test_connection_answers(emu, site, kind):
    region = SINGLE_REGION if kind == "single" else REGION
    check(emu, "vpc", "DescribeVpnConnection", RegionId=region, VpnConnectionId=site[kind])
    check(emu, "vpc", "DescribeVpnConnections", RegionId=region)
    check(emu, "vpc", "DownloadVpnConnectionConfig", RegionId=region, VpnConnectionId=site[kind])
    emu.advance(1000)
    check(emu, "vpc", "ModifyVpnConnectionAttribute", RegionId=region, VpnConnectionId=site[kind], Name="renamed")


def test_route_answers(emu, site):
    check(emu, "vpc", "DescribeVpnRouteEntries", RegionId=SINGLE_REGION, VpnGatewayId=site["single_gw"])
    check(emu, "vpc", "DescribeVpnPbrRouteEntries", RegionId=SINGLE_REGION, VpnGatewayId=site["single_gw"])
    tables = check(emu, "vpc", "DescribeRouteTableList", RegionId=SINGLE_REGION, VpcId=SINGLE_VPC)
    table_id = tables["RouterTableList"]["RouterTableListType"][0]["RouteTableId"]
    check(emu, "vpc", "DescribeRouteEntryList", RegionId=SINGLE_REGION, RouteTableId=table_id)


def test_cen_and_office_site_answers(emu):
    check(emu, "cbn", "DescribePublishedRouteEntries", CenId="cen-sampleplan000000001", ChildInstanceId=USER_VPC,
          ChildInstanceRegionId=REGION, ChildInstanceType="VPC")
    check(emu, "ecd", "DescribeOfficeSites", RegionId=REGION)


def test_zone_and_resource_group_answers(emu, site):
    check(emu, "vpc", "DescribeVpnGatewayAvailableZones", RegionId=REGION, Spec="10M")
    check(emu, "vpc", "MoveVpnResourceGroup", RegionId=REGION, InstanceId=site["dual_gw"],
          NewResourceGroupId="rg-acfmnetops0001", ResourceType="VpnGateway")
