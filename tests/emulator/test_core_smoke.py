"""The core works end to end with the real VPC SDK: signed call in, documented JSON out."""

from emulator_harness import REGION, USER_VPC, USER_VSW_E, USER_VSW_F


def test_describe_vpn_gateways_with_real_sdk(emu, vpc_models):
    client = emu.vpc()
    created = client.create_vpn_gateway(vpc_models.CreateVpnGatewayRequest(
        region_id=REGION, vpc_id=USER_VPC, bandwidth=10, v_switch_id=USER_VSW_E,
        disaster_recovery_vswitch_id=USER_VSW_F, auto_pay=True, name="smoke-gw"))
    listed = client.describe_vpn_gateways(vpc_models.DescribeVpnGatewaysRequest(region_id=REGION, vpc_id=USER_VPC))
    assert listed.status_code == 200
    assert listed.body.total_count == 1
    gateway = listed.body.vpn_gateways.vpn_gateway[0]
    assert gateway.vpn_gateway_id == created.body.vpn_gateway_id
    assert gateway.name == "smoke-gw"
    assert gateway.spec == "10M"
    assert listed.body.request_id
