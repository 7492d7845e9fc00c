"""VPN gateways through the real SDK: create/describe/modify/delete, validation, states, paging, ClientToken."""

import pytest
from alibabacloud_vpc20160428 import models

from api_errors import error_of
from emulator_harness import (OFFICE_VPC, REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E,
                              USER_VSW_F)

OFFICE_VSW_E = "vsw-uf6office0000000000e1"


def create(client, **overrides):
    args = {"region_id": REGION, "vpc_id": USER_VPC, "bandwidth": 10, "v_switch_id": USER_VSW_E,
            "disaster_recovery_vswitch_id": USER_VSW_F, "auto_pay": True}
    args.update(overrides)
    return client.create_vpn_gateway(models.CreateVpnGatewayRequest(**args)).body


def describe(client, gateway_id, region=REGION):
    return client.describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gateway_id)).body


def test_create_dual_tunnel_gateway(emu):
    client = emu.vpc()
    created = create(client, name="dc-vpn", bandwidth=100)
    assert created.vpn_gateway_id.startswith("vpn-") and len(created.vpn_gateway_id) == 25
    assert created.name == "dc-vpn"
    assert isinstance(created.order_id, int)
    gw = describe(client, created.vpn_gateway_id)
    assert gw.status == "active"  # --time-scale 0: no provisioning delay
    assert gw.spec == "100M"
    assert gw.v_switch_id == USER_VSW_E and gw.disaster_recovery_vswitch_id == USER_VSW_F
    assert gw.internet_ip and gw.disaster_recovery_internet_ip and gw.internet_ip != gw.disaster_recovery_internet_ip
    assert gw.ipsec_vpn == "enable" and gw.ssl_vpn == "disable" and gw.ssl_vpn_internet_ip == ""
    assert gw.charge_type == "POSTPAY" and gw.business_status == "Normal" and gw.network_type == "public"
    assert isinstance(gw.create_time, int) and isinstance(gw.end_time, int)
    assert gw.tags.tag == []


def test_name_defaults_to_the_id(emu):
    created = create(emu.vpc())
    assert created.name == created.vpn_gateway_id
    assert describe(emu.vpc(), created.vpn_gateway_id).name == created.vpn_gateway_id


def test_single_tunnel_region_picks_a_vswitch(emu):
    created = create(emu.vpc(), region_id=SINGLE_REGION, vpc_id=SINGLE_VPC, v_switch_id=None,
                     disaster_recovery_vswitch_id=None)
    gw = describe(emu.vpc(), created.vpn_gateway_id, SINGLE_REGION)
    assert gw.v_switch_id == SINGLE_VSW
    assert gw.disaster_recovery_vswitch_id == "" and gw.disaster_recovery_internet_ip == ""


def test_ssl_gateway_gets_an_ssl_address(emu):
    gw = describe(emu.vpc(), create(emu.vpc(), enable_ssl=True, ssl_connections=10).vpn_gateway_id)
    assert gw.ssl_vpn == "enable" and gw.ssl_vpn_internet_ip and gw.ssl_max_connections == 10


def test_private_gateway_uses_vswitch_addresses(emu):
    gw = describe(emu.vpc(), create(emu.vpc(), network_type="private", bandwidth=200).vpn_gateway_id)
    assert gw.internet_ip.startswith("192.168.1.") and gw.disaster_recovery_internet_ip.startswith("192.168.2.")


@pytest.mark.parametrize("overrides,code", [
    ({"vpc_id": None}, "MissingParameter"),
    ({"bandwidth": None}, "MissingParameter"),
    ({"disaster_recovery_vswitch_id": None}, "MissingParameter"),
    ({"bandwidth": 7}, "InvalidBandwidth"),
    ({"bandwidth": 10, "network_type": "private"}, "InvalidBandwidth"),
    ({"network_type": "internal"}, "InvalidParameter"),
    ({"name": "1starts-with-digit"}, "InvalidName"),
    ({"name": "x"}, "InvalidName"),
    ({"name": "http://gw"}, "InvalidName"),
    ({"name": "has space"}, "InvalidName"),
    ({"name": "a" * 101}, "InvalidName"),
    ({"instance_charge_type": "PREPAY", "period": 1}, "InvalidInstanceChargeType"),  # international site (test_sites)
    ({"instance_charge_type": "MONTHLY"}, "InvalidParameter"),
    ({"ssl_connections": 7}, "InvalidSslConnections"),
    ({"vpn_type": "Quantum"}, "InvalidParameter"),
    ({"vpc_id": "vpc-nosuchvpc"}, "InvalidVpcId.NotFound"),
    ({"v_switch_id": "vsw-nosuchvsw"}, "InvalidVSwitchId.NotFound"),
    ({"v_switch_id": OFFICE_VSW_E}, "InvalidVSwitchId.NotBelongToVpc"),
    ({"disaster_recovery_vswitch_id": USER_VSW_E}, "InvalidDisasterRecoveryVSwitchId"),
])
def test_create_validation(emu, overrides, code):
    err = error_of(create, emu.vpc(), **overrides)
    assert err.code == code
    assert err.status_code == (404 if code.endswith(".NotFound") else 400)
    assert emu.vpc().describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION)).body.total_count == 0


def test_describe_unknown_gateway_is_404(emu):
    err = error_of(describe, emu.vpc(), "vpn-doesnotexist")
    assert err.code == "InvalidVpnGatewayInstanceId.NotFound" and err.status_code == 404


def test_describe_filters(emu):
    client = emu.vpc()
    first = create(client, name="first").vpn_gateway_id
    create(client, vpc_id=OFFICE_VPC, v_switch_id=OFFICE_VSW_E, disaster_recovery_vswitch_id="vsw-uf6office0000000000f1")
    client.tag_resources(models.TagResourcesRequest(region_id=REGION, resource_type="VPNGATEWAY", resource_id=[first],
                                                    tag=[models.TagResourcesRequestTag(key="env", value="dev")]))

    def ids(**filters):
        body = client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION, **filters)).body
        return [g.vpn_gateway_id for g in body.vpn_gateways.vpn_gateway]

    assert ids(vpc_id=USER_VPC) == [first]
    assert ids(vpn_gateway_id=first) == [first]
    assert len(ids(status="active")) == 2 and ids(status="updating") == []
    assert ids(tag=[models.DescribeVpnGatewaysRequestTag(key="env", value="dev")]) == [first]
    assert ids(tag=[models.DescribeVpnGatewaysRequestTag(key="env", value="prod")]) == []
    assert error_of(ids, status="sleeping").code == "InvalidParameter"


def test_pagination(emu):
    client = emu.vpc()
    made = [create(client, name=f"gw-{i:02d}").vpn_gateway_id for i in range(12)]

    def page(**kwargs):
        return client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION, **kwargs)).body

    default = page()
    assert (default.total_count, default.page_number, default.page_size) == (12, 1, 10)
    assert len(default.vpn_gateways.vpn_gateway) == 10
    seen = []
    for number in (1, 2, 3):
        body = page(page_number=number, page_size=5)
        seen += [g.vpn_gateway_id for g in body.vpn_gateways.vpn_gateway]
    assert seen == made
    assert page(page_number=4, page_size=5).vpn_gateways.vpn_gateway == []
    assert page(page_size=100).page_size == 50  # capped at the documented maximum
    assert error_of(page, page_size=0).code == "InvalidPageSize"
    assert error_of(page, page_number=0).code == "InvalidPageNumber"


def test_provisioning_then_active(start_emulator):
    emu = start_emulator("--time-scale", "1")
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    assert describe(client, gateway_id).status == "provisioning"
    assert error_of(client.delete_vpn_gateway, models.DeleteVpnGatewayRequest(
        region_id=REGION, vpn_gateway_id=gateway_id)).code == "VpnGateway.Configuring"
    emu.advance(121)  # default create delay: 120 emulated seconds
    assert describe(client, gateway_id).status == "active"


def test_auto_propagate_change_sets_updating_and_blocks_writes(start_emulator):
    emu = start_emulator("--time-scale", "1")
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    emu.advance(121)
    modify = models.ModifyVpnGatewayAttributeRequest(region_id=REGION, vpn_gateway_id=gateway_id, auto_propagate=True)
    assert client.modify_vpn_gateway_attribute(modify).body.auto_propagate is True
    assert describe(client, gateway_id).status == "updating"
    again = models.ModifyVpnGatewayAttributeRequest(region_id=REGION, vpn_gateway_id=gateway_id, auto_propagate=False)
    err = error_of(client.modify_vpn_gateway_attribute, again)
    assert err.code == "VpnGateway.Configuring" and err.status_code == 400
    emu.advance(11)  # default update delay: 10 s
    assert describe(client, gateway_id).status == "active"
    assert client.modify_vpn_gateway_attribute(again).body.auto_propagate is False


def test_delete_goes_through_deleting(start_emulator):
    emu = start_emulator("--time-scale", "1")
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    emu.advance(121)
    delete = models.DeleteVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gateway_id)
    client.delete_vpn_gateway(delete)
    assert describe(client, gateway_id).status == "deleting"
    assert error_of(client.delete_vpn_gateway, delete).code == "IncorrectStatus.VpnGateway"
    emu.advance(31)
    assert error_of(describe, client, gateway_id).code == "InvalidVpnGatewayInstanceId.NotFound"
    assert client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION)).body.total_count == 0


def test_time_scale_shortens_delays(start_emulator):
    emu = start_emulator("--time-scale", "0.01")
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    assert describe(client, gateway_id).status == "provisioning"
    emu.advance(1.3)  # 120 s * 0.01
    assert describe(client, gateway_id).status == "active"


def test_modify_name_and_description(emu):
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    body = client.modify_vpn_gateway_attribute(models.ModifyVpnGatewayAttributeRequest(
        region_id=REGION, vpn_gateway_id=gateway_id, name="renamed", description="to the data center")).body
    assert (body.name, body.description, body.status) == ("renamed", "to the data center", "active")
    gw = describe(client, gateway_id)
    assert (gw.name, gw.description) == ("renamed", "to the data center")


@pytest.mark.parametrize("field,value,code", [
    ("name", "9lives", "InvalidName"), ("description", "", "InvalidDescription"),
    ("description", "https://x", "InvalidDescription"), ("description", "d" * 101, "InvalidDescription"),
])
def test_modify_validation(emu, field, value, code):
    gateway_id = create(emu.vpc()).vpn_gateway_id
    request = models.ModifyVpnGatewayAttributeRequest(region_id=REGION, vpn_gateway_id=gateway_id, **{field: value})
    assert error_of(emu.vpc().modify_vpn_gateway_attribute, request).code == code


def test_modify_and_delete_unknown_gateway(emu):
    client = emu.vpc()
    assert error_of(client.modify_vpn_gateway_attribute, models.ModifyVpnGatewayAttributeRequest(
        region_id=REGION, vpn_gateway_id="vpn-gone", name="abc")).code == "InvalidVpnGatewayInstanceId.NotFound"
    assert error_of(client.delete_vpn_gateway, models.DeleteVpnGatewayRequest(
        region_id=REGION, vpn_gateway_id="vpn-gone")).status_code == 404


def test_delete_refused_while_connections_exist(emu):
    gateway_id = create(emu.vpc()).vpn_gateway_id
    state = emu.state()["store"]
    state["regions"][REGION]["tables"].setdefault("vpn_connections", {})["vco-test"] = {
        "VpnConnectionId": "vco-test", "VpnGatewayId": gateway_id}
    emu.admin("/state", {"store": state})
    err = error_of(emu.vpc().delete_vpn_gateway, models.DeleteVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gateway_id))
    assert err.code == "DependencyViolation.VpnConnection"
    assert describe(emu.vpc(), gateway_id).status == "active"


def test_client_token_replay(emu):
    client = emu.vpc()
    first = create(client, name="tokened", client_token="token-1")
    again = create(client, name="tokened", client_token="token-1")
    assert again.vpn_gateway_id == first.vpn_gateway_id
    assert client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION)).body.total_count == 1
    err = error_of(create, client, name="other-name", client_token="token-1")
    assert err.code == "IdempotentParameterMismatch" and err.status_code == 400
    assert create(client, name="tokened", client_token="token-2").vpn_gateway_id != first.vpn_gateway_id
    assert emu.stats()["replays"] == 1


def test_client_token_is_per_action(emu):
    client = emu.vpc()
    gateway_id = create(client, client_token="shared").vpn_gateway_id
    client.delete_vpn_gateway(models.DeleteVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gateway_id,
                                                             client_token="shared"))
    assert error_of(describe, client, gateway_id).status_code == 404


def test_client_token_too_long(emu):
    assert error_of(create, emu.vpc(), client_token="t" * 65).code == "InvalidClientToken"


def test_status_filter_and_modify_while_deleting(start_emulator):
    emu = start_emulator("--time-scale", "1")
    client = emu.vpc()
    gateway_id = create(client).vpn_gateway_id
    listed = client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION, status="provisioning")).body
    assert [g.vpn_gateway_id for g in listed.vpn_gateways.vpn_gateway] == [gateway_id]
    renamed = client.modify_vpn_gateway_attribute(models.ModifyVpnGatewayAttributeRequest(
        region_id=REGION, vpn_gateway_id=gateway_id, name="while-provisioning")).body
    assert (renamed.name, renamed.status) == ("while-provisioning", "provisioning")
    emu.advance(121)
    client.delete_vpn_gateway(models.DeleteVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gateway_id))
    err = error_of(client.modify_vpn_gateway_attribute, models.ModifyVpnGatewayAttributeRequest(
        region_id=REGION, vpn_gateway_id=gateway_id, name="too-late"))
    assert err.code == "IncorrectStatus.VpnGateway"
