"""Zones that host VPN gateways and resource group moves, through the real SDK: DescribeVpnGatewayAvailableZones,
the zone rule of CreateVpnGateway, MoveVpnResourceGroup, VpnType by site and the GatewayType filter."""

import subprocess
import sys

import pytest
import yaml
from alibabacloud_vpc20160428 import models

from emulator_harness import EMULATOR_DIR, REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E, USER_VSW_F
from test_vpn_gateways import error_of

BEIJING, BEIJING_VPC = "cn-beijing", "vpc-2zezonecheck0000000001"
VSW_H, VSW_I, VSW_K = "vsw-2zezonecheck00000000h1", "vsw-2zezonecheck00000000i1", "vsw-2zezonecheck00000000k1"
DUBAI, DUBAI_VPC = "me-east-1", "vpc-eb3singlezone00000001"
DUBAI_VSW, DUBAI_VSW_2 = "vsw-eb3singlezone0000000a1", "vsw-eb3singlezone0000000a2"


def zones(client, region=REGION, **kwargs):
    body = client.describe_vpn_gateway_available_zones(
        models.DescribeVpnGatewayAvailableZonesRequest(region_id=region, **kwargs)).body
    return [(z.zone_id, z.zone_name) for z in body.available_zone_id_list], body.region_id


def create(client, region, vpc, main, dr, **kwargs):
    request = models.CreateVpnGatewayRequest(region_id=region, vpc_id=vpc, v_switch_id=main,
                                             disaster_recovery_vswitch_id=dr, auto_pay=True,
                                             **dict({"bandwidth": 10}, **kwargs))
    return client.create_vpn_gateway(request).body.vpn_gateway_id


def describe(client, gateway_id, region=REGION):
    return client.describe_vpn_gateway(models.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gateway_id)).body


def move(client, instance_id, group, resource_type="VpnGateway", region=REGION):
    return client.move_vpn_resource_group(models.MoveVpnResourceGroupRequest(
        region_id=region, instance_id=instance_id, new_resource_group_id=group, resource_type=resource_type)).body


def test_available_zones_of_the_sample_plan(emu):
    client = emu.vpc()
    assert zones(client, spec="10M") == ([("cn-shanghai-e", "Shanghai Zone E"), ("cn-shanghai-f", "Shanghai Zone F")],
                                         REGION)
    assert zones(client, spec="10M", accept_language="zh-CN")[0][0] == ("cn-shanghai-e", "华东 2 可用区 E")
    assert zones(client, DUBAI, spec="10M")[0] == [("me-east-1a", "Dubai Zone A")]
    assert [z for z, name in zones(client, SINGLE_REGION, spec="5M")[0]] == ["cn-hangzhou-h"]


def test_the_spec_narrows_the_zones(emu):
    client = emu.vpc()
    assert [z for z, name in zones(client, BEIJING, spec="500M")[0]] == ["cn-beijing-h", "cn-beijing-i"]
    assert [z for z, name in zones(client, BEIJING, spec="1000M")[0]] == ["cn-beijing-h"]
    # zone k is a zone of the region but hosts no VPN gateway at all
    assert "cn-beijing-k" not in [z for z, name in zones(client, BEIJING, spec="5M")[0]]


@pytest.mark.parametrize("kwargs,code", [
    ({}, "MissingParameter"),
    ({"spec": "15M"}, "InvalidParameter"),
    ({"spec": "10M", "gateway_type": "Classic"}, "InvalidParameter"),
    ({"spec": "10M", "accept_language": "fr-FR"}, "InvalidParameter"),
])
def test_available_zones_validation(emu, kwargs, code):
    assert error_of(zones, emu.vpc(), **kwargs).code == code


def test_gateway_types_of_a_scenario(start_emulator, tmp_path):
    scenario = {"access_keys": [{"id": "testid", "secret": "testsecret"}],
                "regions": {"ap-southeast-1": {"zones": ["ap-southeast-1a", "ap-southeast-1b"], "vpn_gateway_zones": [
                    {"ZoneId": "ap-southeast-1a"},
                    {"ZoneId": "ap-southeast-1b", "gateway_types": ["Traditional"]}]}}}
    path = tmp_path / "types.yml"
    path.write_text(yaml.safe_dump(scenario))
    client = start_emulator("--scenario", str(path)).vpc()

    def ids(**kw):
        return [z for z, name in zones(client, "ap-southeast-1", spec="10M", **kw)[0]]
    assert ids() == ["ap-southeast-1a", "ap-southeast-1b"]
    assert ids(gateway_type="Traditional") == ["ap-southeast-1a", "ap-southeast-1b"]
    assert ids(gateway_type="Enhanced.SiteToSite") == ["ap-southeast-1a"]
    assert zones(client, "ap-southeast-1", spec="10M")[0][0][1] == "ap-southeast-1a"  # no ZoneName: the id


@pytest.mark.parametrize("entries,message", [
    ([{"ZoneName": "x"}], "every entry needs ZoneId"),
    ([{"ZoneId": "r1-z"}], "is not a zone of r1"),
    ([{"ZoneId": "r1-a", "specs": ["7M"]}], "specs are among"),
    ([{"ZoneId": "r1-a", "colour": "red"}], "unknown keys colour"),
    ("r1-a", "must be a list"),
])
def test_bad_zone_entries_exit_2(tmp_path, entries, message):
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump({"access_keys": [{"id": "a", "secret": "b"}],
                                    "regions": {"r1": {"zones": ["r1-a"], "vpn_gateway_zones": entries}}}))
    proc = subprocess.run([sys.executable, "-m", "eds_emulator", "--port", "0", "--scenario", str(path)],
                          capture_output=True, text=True, timeout=30, cwd=EMULATOR_DIR, check=False)
    assert proc.returncode == 2 and message in proc.stderr and "READY" not in proc.stdout


def test_create_refuses_a_vswitch_in_a_zone_without_vpn_gateways(emu):
    err = error_of(create, emu.vpc(), BEIJING, BEIJING_VPC, VSW_H, VSW_K)
    assert err.code == "InvalidVSwitchId.ZoneNotSupported" and err.statusCode == 400
    assert "cn-beijing-k" in err.message and "cn-beijing-h, cn-beijing-i" in err.message
    # zone i hosts gateways up to 500M
    err = error_of(create, emu.vpc(), BEIJING, BEIJING_VPC, VSW_I, VSW_H, bandwidth=1000)
    assert err.code == "InvalidVSwitchId.ZoneNotSupported" and "(zones that can: cn-beijing-h)" in err.message
    assert emu.state()["store"]["regions"][BEIJING]["tables"].get("vpn_gateways", {}) == {}
    gateway_id = create(emu.vpc(), BEIJING, BEIJING_VPC, VSW_I, VSW_H, bandwidth=500)
    assert describe(emu.vpc(), gateway_id, BEIJING).spec == "500M"


def test_single_zone_region_takes_the_same_vswitch_twice(emu):
    client = emu.vpc()
    gw = describe(client, create(client, DUBAI, DUBAI_VPC, DUBAI_VSW, DUBAI_VSW), DUBAI)
    assert gw.v_switch_id == gw.disaster_recovery_vswitch_id == DUBAI_VSW
    assert gw.internet_ip and gw.disaster_recovery_internet_ip and gw.internet_ip != gw.disaster_recovery_internet_ip
    other = describe(client, create(client, DUBAI, DUBAI_VPC, DUBAI_VSW, DUBAI_VSW_2), DUBAI)
    assert other.disaster_recovery_vswitch_id == DUBAI_VSW_2
    # with two zones that host gateways, both vSwitches in one zone are refused
    assert error_of(create, client, REGION, USER_VPC, USER_VSW_E, USER_VSW_E).code == "InvalidDisasterRecoveryVSwitchId"


def test_vpn_type_national_standard_is_china_site_only(emu, start_emulator):
    err = error_of(create, emu.vpc(), REGION, USER_VPC, USER_VSW_E, USER_VSW_F, vpn_type="NationalStandard")
    assert err.code == "InvalidVpnType" and "international" in err.message
    china = start_emulator("--site", "china", "--time-scale", "0").vpc()
    gateway_id = create(china, REGION, USER_VPC, USER_VSW_E, USER_VSW_F, vpn_type="NationalStandard",
                        instance_charge_type="PREPAY", period=1)
    assert describe(china, gateway_id).vpn_type == "NationalStandard"


def test_describe_vpn_gateways_filters_by_gateway_type(emu):
    client = emu.vpc()
    gateway_id = create(client, REGION, USER_VPC, USER_VSW_E, USER_VSW_F)

    def listed(gateway_type):
        body = client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION,
                                                                              gateway_type=gateway_type)).body
        return [g.vpn_gateway_id for g in body.vpn_gateways.vpn_gateway]
    assert listed("Traditional") == [gateway_id]
    assert listed("Enhanced.SiteToSite") == []


def test_move_a_gateway_and_its_connections(emu):
    client = emu.vpc()
    gateway_id = create(client, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, None)
    assert describe(client, gateway_id, SINGLE_REGION).resource_group_id == "rg-acfmdefault000000000"
    cgw = client.create_customer_gateway(models.CreateCustomerGatewayRequest(
        region_id=SINGLE_REGION, ip_address="203.0.113.20")).body.customer_gateway_id
    connection = client.create_vpn_connection(models.CreateVpnConnectionRequest(
        region_id=SINGLE_REGION, vpn_gateway_id=gateway_id, customer_gateway_id=cgw, local_subnet="10.10.0.0/16",
        remote_subnet="192.10.0.0/16")).body.vpn_connection_id
    emu.advance(1000)
    assert move(client, gateway_id, "rg-acfmnetops0001", region=SINGLE_REGION).request_id
    gw = describe(client, gateway_id, SINGLE_REGION)
    assert gw.resource_group_id == "rg-acfmnetops0001" and gw.status == "active"
    moved = client.describe_vpn_connection(models.DescribeVpnConnectionRequest(
        region_id=SINGLE_REGION, vpn_connection_id=connection)).body
    assert moved.resource_group_id == "rg-acfmnetops0001"
    listed = client.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(
        region_id=SINGLE_REGION, resource_group_id="rg-acfmnetops0001")).body
    assert [g.vpn_gateway_id for g in listed.vpn_gateways.vpn_gateway] == [gateway_id]
    move(client, cgw, "rg-acfmnetops0002", "CustomerGateway", SINGLE_REGION)
    assert client.describe_customer_gateway(models.DescribeCustomerGatewayRequest(
        region_id=SINGLE_REGION, customer_gateway_id=cgw)).body.resource_group_id == "rg-acfmnetops0002"


def test_move_validation(emu):
    client = emu.vpc()
    gateway_id = create(client, REGION, USER_VPC, USER_VSW_E, USER_VSW_F)
    missing = models.MoveVpnResourceGroupRequest(region_id=REGION, instance_id=gateway_id, resource_type="VpnGateway")
    assert error_of(client.move_vpn_resource_group, missing).code == "MissingParameter"
    assert error_of(move, client, gateway_id, "default-group").code == "InvalidResourceGroupId"
    assert error_of(move, client, gateway_id, "rg-acfmx", "NatGateway").code == "InvalidParameter"
    err = error_of(move, client, "vpn-doesnotexist000000000", "rg-acfmx")
    assert (err.code, err.statusCode) == ("InvalidVpnGatewayInstanceId.NotFound", 404)
    assert error_of(move, client, "cgw-doesnotexist000000000", "rg-acfmx", "CustomerGateway").statusCode == 404
    assert error_of(move, client, "vco-doesnotexist000000000", "rg-acfmx", "VpnAttachment").statusCode == 404
    assert describe(client, gateway_id).resource_group_id == "rg-acfmdefault000000000"
    client.delete_vpn_gateway(models.DeleteVpnGatewayRequest(region_id=REGION, vpn_gateway_id=gateway_id))
    assert error_of(move, client, gateway_id, "rg-acfmx").statusCode == 404
