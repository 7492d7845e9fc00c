"""TagResources / UnTagResources / ListTagResources through the real SDK."""

from alibabacloud_vpc20160428 import models

from api_errors import error_of
from emulator_harness import REGION, USER_VPC, USER_VSW_E, USER_VSW_F


def gateway(client):
    return client.create_vpn_gateway(models.CreateVpnGatewayRequest(
        region_id=REGION, vpc_id=USER_VPC, bandwidth=10, v_switch_id=USER_VSW_E,
        disaster_recovery_vswitch_id=USER_VSW_F, auto_pay=True)).body.vpn_gateway_id


def tag(client, ids, pairs, resource_type="VPNGATEWAY"):
    return client.tag_resources(models.TagResourcesRequest(
        region_id=REGION, resource_type=resource_type, resource_id=ids,
        tag=[models.TagResourcesRequestTag(key=k, value=v) for k, v in pairs]))


def listing(client, resource_type="VPNGATEWAY", **kwargs):
    return client.list_tag_resources(models.ListTagResourcesRequest(region_id=REGION, resource_type=resource_type,
                                                                    **kwargs)).body


def test_tag_list_untag(emu):
    client = emu.vpc()
    gw1, gw2 = gateway(client), gateway(client)
    tag(client, [gw1, gw2], [("env", "dev"), ("owner", "net")])
    tag(client, [gw1], [("env", "prod")])  # overwrite
    body = listing(client, resource_id=[gw1])
    assert [(t.resource_id, t.resource_type, t.tag_key, t.tag_value) for t in body.tag_resources.tag_resource] == [
        (gw1, "VPNGATEWAY", "env", "prod"), (gw1, "VPNGATEWAY", "owner", "net")]
    by_tag = listing(client, tag=[models.ListTagResourcesRequestTag(key="env", value="dev")])
    assert {t.resource_id for t in by_tag.tag_resources.tag_resource} == {gw2}
    client.un_tag_resources(models.UnTagResourcesRequest(region_id=REGION, resource_type="VPNGATEWAY",
                                                         resource_id=[gw1], tag_key=["env"]))
    gw = client.describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gw1)).body
    assert [(t.key, t.value) for t in gw.tags.tag] == [("owner", "net")]
    client.un_tag_resources(models.UnTagResourcesRequest(region_id=REGION, resource_type="VPNGATEWAY",
                                                         resource_id=[gw2], all=True))
    assert listing(client, resource_id=[gw2]).tag_resources.tag_resource == []


def test_resource_type_is_case_insensitive(emu):
    client = emu.vpc()
    gw = gateway(client)
    tag(client, [gw], [("a", "b")], resource_type="VpnGateWay")  # Terraform's spelling
    assert listing(client, resource_id=[gw]).tag_resources.tag_resource[0].tag_key == "a"


def test_tag_other_resource_types(emu):
    client = emu.vpc()
    tag(client, [USER_VSW_E], [("zone", "e")], resource_type="VSWITCH")
    assert listing(client, "VSWITCH", resource_id=[USER_VSW_E]).tag_resources.tag_resource[0].tag_value == "e"
    cgw = client.create_customer_gateway(models.CreateCustomerGatewayRequest(region_id=REGION, ip_address="198.51.100.1"))
    tag(client, [cgw.body.customer_gateway_id], [("k", "v")], resource_type="CUSTOMERGATEWAY")
    cg = client.describe_customer_gateway(models.DescribeCustomerGatewayRequest(
        region_id=REGION, customer_gateway_id=cgw.body.customer_gateway_id)).body
    assert [(t.key, t.value) for t in cg.tags.tag] == [("k", "v")]


def test_list_paging(emu):
    client = emu.vpc()
    gw = gateway(client)
    tag(client, [gw], [(f"k{i:02d}", str(i)) for i in range(15)])
    keys, token = [], None
    while True:
        body = listing(client, resource_id=[gw], max_results=4, next_token=token)
        keys += [t.tag_key for t in body.tag_resources.tag_resource]
        token = body.next_token
        if not token:
            break
    assert keys == [f"k{i:02d}" for i in range(15)]


def test_validation(emu):
    client = emu.vpc()
    gw = gateway(client)
    assert error_of(tag, client, [gw], [("k", "v")], resource_type="SPACESHIP").code == "InvalidResourceType"
    assert error_of(tag, client, ["vpn-nope"], [("k", "v")]).code == "InvalidVpnGatewayInstanceId.NotFound"
    assert error_of(tag, client, [gw], []).code == "MissingParameter"
    assert error_of(tag, client, [], [("k", "v")]).code == "MissingParameter"
    assert error_of(tag, client, [gw], [("aliyun:k", "v")]).code == "InvalidTagKey"
    assert error_of(tag, client, [gw], [("k", "acs:v")]).code == "InvalidTagValue"
    assert error_of(tag, client, [gw], [("k" * 129, "v")]).code == "InvalidTagKey"
    tag(client, [gw], [("k" * 128, "v")])  # TagResources allows 128-character keys
    tag(client, [gw], [(f"t{i}", "v") for i in range(19)])
    err = error_of(tag, client, [gw], [("one-too-many", "v")])
    assert err.code == "QuotaExceeded.TagNum"
    assert error_of(listing, client).code == "MissingParameter"
    untag = models.UnTagResourcesRequest(region_id=REGION, resource_type="VPNGATEWAY", resource_id=[gw])
    assert error_of(client.un_tag_resources, untag).code == "MissingParameter"


def test_tag_writes_are_counted(emu):
    client = emu.vpc()
    gw = gateway(client)
    emu.admin("/stats/reset", {})
    tag(client, [gw], [("k", "v")])
    listing(client, resource_id=[gw])
    stats = emu.stats()
    assert (stats["writes"], stats["reads"]) == (1, 1)
    assert stats["by_action"]["TagResources"]["count"] == 1
