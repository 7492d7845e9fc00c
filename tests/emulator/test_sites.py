"""The account's site through the real VPC SDK: which InstanceChargeType CreateVpnGateway takes (and needs), the
ChargeType DescribeVpnGateway answers, the public bandwidth set; chosen with --site, EDS_EMULATOR_SITE, the
scenario's settings.site or POST /_emulator/settings (default: international)."""

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models

from emulator_harness import REGION, USER_VPC, USER_VSW_E, USER_VSW_F


def create(client, **overrides):
    args = {"region_id": REGION, "vpc_id": USER_VPC, "bandwidth": 10, "v_switch_id": USER_VSW_E,
            "disaster_recovery_vswitch_id": USER_VSW_F, "auto_pay": True}
    args.update(overrides)
    return client.create_vpn_gateway(models.CreateVpnGatewayRequest(**args)).body.vpn_gateway_id


def describe(client, gateway_id):
    return client.describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=REGION,
                                                                        vpn_gateway_id=gateway_id)).body


def code_of(func, *args, **kwargs):
    with pytest.raises(ClientException) as err:
        func(*args, **kwargs)
    assert err.value.status_code in (400, 403)
    return err.value.code


@pytest.fixture(name="china")
def china_fixture(start_emulator):
    return start_emulator("--site", "china", "--time-scale", "0")


def test_international_is_the_default_and_pays_as_you_go(emu):
    client = emu.vpc()
    assert emu.admin("/settings")["site"] == "international"
    gw = describe(client, create(client))  # InstanceChargeType omitted: POSTPAY
    assert gw.charge_type == "POSTPAY" and gw.end_time > gw.create_time
    assert describe(client, create(client, instance_charge_type="postpay", bandwidth=1000)).charge_type == "POSTPAY"
    assert code_of(create, client, instance_charge_type="PREPAY", period=1) == "InvalidInstanceChargeType"


@pytest.mark.parametrize("bandwidth, accepted", [(5, False), (10, True), (20, False), (50, False), (100, True),
                                                 (200, True), (500, True), (1000, True)])
def test_international_public_bandwidths(emu, bandwidth, accepted):
    client = emu.vpc()
    if accepted:
        assert describe(client, create(client, bandwidth=bandwidth)).spec == f"{bandwidth}M"
    else:
        assert code_of(create, client, bandwidth=bandwidth) == "InvalidBandwidth"


def test_china_site_takes_subscriptions_only(china):
    client = china.vpc()
    assert code_of(create, client) == "MissingParameter"  # InstanceChargeType is required there
    assert code_of(create, client, instance_charge_type="POSTPAY") == "InvalidInstanceChargeType"
    assert code_of(create, client, instance_charge_type="PREPAY") == "MissingParameter"  # Period
    assert code_of(create, client, instance_charge_type="PREPAY", period=10) == "InvalidPeriod"
    paid = create(client, instance_charge_type="PREPAY", period=12, bandwidth=5)
    gw = describe(client, paid)
    assert gw.charge_type == "Prepay" and gw.spec == "5M" and gw.status == "active"
    assert gw.end_time - gw.create_time == 12 * 30 * 86400 * 1000
    assert code_of(client.delete_vpn_gateway, models.DeleteVpnGatewayRequest(
        region_id=REGION, vpn_gateway_id=paid)) == "ForbiddenRelease"
    unpaid = create(client, instance_charge_type="PREPAY", period=1, auto_pay=False)
    assert describe(client, unpaid).status == "init"


@pytest.mark.parametrize("bandwidth", [5, 10, 20, 50, 100, 200, 500, 1000])
def test_china_public_bandwidths(china, bandwidth):
    client = china.vpc()
    assert describe(client, create(client, instance_charge_type="PREPAY", period=1,
                                   bandwidth=bandwidth)).spec == f"{bandwidth}M"


def test_private_gateways_take_200_or_1000_on_both_sites(emu, china):
    for emulator, extra in ((emu, {}), (china, {"instance_charge_type": "PREPAY", "period": 1})):
        client = emulator.vpc()
        assert code_of(create, client, network_type="private", bandwidth=100, **extra) == "InvalidBandwidth"
        assert describe(client, create(client, network_type="private", bandwidth=200, **extra)).spec == "200M"


def test_the_environment_chooses_the_site_and_the_flag_wins(start_emulator):
    assert start_emulator(env={"EDS_EMULATOR_SITE": "china"}).admin("/settings")["site"] == "china"
    flagged = start_emulator("--site", "international", env={"EDS_EMULATOR_SITE": "china"})
    assert flagged.admin("/settings")["site"] == "international"


def test_a_bad_site_stops_the_emulator_with_a_message(start_emulator):
    with pytest.raises(RuntimeError, match="settings.site: 'mars' is not one of china, international"):
        start_emulator(env={"EDS_EMULATOR_SITE": "mars"})


def test_the_site_can_change_at_run_time(emu):
    client = emu.vpc()
    assert emu.admin("/settings", {"site": "china"})["site"] == "china"
    assert code_of(create, client) == "MissingParameter"
    assert emu.admin("/settings", {"site": "mars"})["http_status"] == 400
    assert emu.admin("/settings", {"site": "international"})["site"] == "international"
    assert describe(client, create(client)).charge_type == "POSTPAY"


def test_reset_restores_the_settings_of_the_start(emu):
    emu.admin("/settings", {"site": "china", "time_scale": 2, "delays": {"vpn_connection_create": 1}})
    emu.reset()
    settings = emu.admin("/settings")
    assert settings["site"] == "international" and settings["time_scale"] == 0
    assert settings["delays"]["vpn_connection_create"] == 15
