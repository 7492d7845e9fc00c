"""VPCs and vSwitches from the scenario, read through the real SDK."""

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models

from emulator_harness import OFFICE_VPC, REGION, SINGLE_REGION, SINGLE_VPC, USER_VPC, USER_VSW_E, USER_VSW_F


def vpcs(client, **kwargs):
    return client.describe_vpcs(models.DescribeVpcsRequest(region_id=kwargs.pop("region_id", REGION), **kwargs)).body


def vswitches(client, **kwargs):
    return client.describe_vswitches(models.DescribeVSwitchesRequest(region_id=kwargs.pop("region_id", REGION), **kwargs)).body


def test_default_scenario_vpcs(emu):
    body = vpcs(emu.vpc())
    assert body.total_count == 2
    by_id = {v.vpc_id: v for v in body.vpcs.vpc}
    assert by_id[OFFICE_VPC].cidr_block == "172.16.0.0/12"
    user = by_id[USER_VPC]
    assert user.cidr_block == "192.168.0.0/16" and user.status == "Available" and user.region_id == REGION
    assert sorted(user.v_switch_ids.v_switch_id) == [USER_VSW_E, USER_VSW_F]
    assert user.router_table_ids.router_table_ids == ["vtb-uf6uservpc00000000001"]
    assert user.cen_status == "Attached" and user.is_default is False
    assert user.vrouter_id.startswith("vrt-")


def test_vpc_filters(emu):
    client = emu.vpc()
    assert [v.vpc_id for v in vpcs(client, vpc_id=USER_VPC).vpcs.vpc] == [USER_VPC]
    assert vpcs(client, vpc_id=f"{USER_VPC},{OFFICE_VPC}").total_count == 2
    assert [v.vpc_id for v in vpcs(client, vpc_name="eds-office-network").vpcs.vpc] == [OFFICE_VPC]
    assert vpcs(client, vpc_id="vpc-nothere").total_count == 0
    assert vpcs(client, is_default=True).total_count == 0
    assert [v.vpc_id for v in vpcs(client, region_id=SINGLE_REGION).vpcs.vpc] == [SINGLE_VPC]


def test_vpc_tag_filter(emu):
    client = emu.vpc()
    client.tag_resources(models.TagResourcesRequest(region_id=REGION, resource_type="VPC", resource_id=[USER_VPC],
                                                    tag=[models.TagResourcesRequestTag(key="role", value="users")]))
    found = vpcs(client, tag=[models.DescribeVpcsRequestTag(key="role", value="users")])
    assert [v.vpc_id for v in found.vpcs.vpc] == [USER_VPC]
    assert [(t.key, t.value) for t in found.vpcs.vpc[0].tags.tag] == [("role", "users")]


def test_vpc_paging(emu):
    client = emu.vpc()
    first, second = vpcs(client, page_size=1), vpcs(client, page_size=1, page_number=2)
    assert first.total_count == 2 and len(first.vpcs.vpc) == 1 and len(second.vpcs.vpc) == 1
    assert first.vpcs.vpc[0].vpc_id != second.vpcs.vpc[0].vpc_id


def test_too_many_vpc_ids(emu):
    with pytest.raises(ClientException) as err:
        vpcs(emu.vpc(), vpc_id=",".join(f"vpc-{i}" for i in range(21)))
    assert err.value.code == "InvalidParameter"


def test_vswitches(emu):
    client = emu.vpc()
    body = vswitches(client, vpc_id=USER_VPC)
    assert body.total_count == 2
    by_zone = {s.zone_id: s for s in body.v_switches.v_switch}
    east = by_zone["cn-shanghai-e"]
    assert (east.v_switch_id, east.cidr_block, east.vpc_id) == (USER_VSW_E, "192.168.1.0/24", USER_VPC)
    assert east.available_ip_address_count == 252 and east.status == "Available"
    assert east.route_table.route_table_type == "System"
    assert [s.v_switch_id for s in vswitches(client, zone_id="cn-shanghai-f", vpc_id=USER_VPC).v_switches.v_switch] == [USER_VSW_F]
    assert [s.v_switch_id for s in vswitches(client, v_switch_id=USER_VSW_E).v_switches.v_switch] == [USER_VSW_E]
    assert vswitches(client).total_count == 4
    assert vswitches(client, route_table_id="vtb-uf6uservpc00000000001").total_count == 2


def test_vswitches_of_unknown_vpc(emu):
    with pytest.raises(ClientException) as err:
        vswitches(emu.vpc(), vpc_id="vpc-missing")
    assert err.value.code == "InvalidVpcId.NotFound" and err.value.status_code == 404


def test_dry_run(emu):
    for call in (lambda c: vpcs(c, dry_run=True), lambda c: vswitches(c, dry_run=True)):
        with pytest.raises(ClientException) as err:
            call(emu.vpc())
        assert err.value.code == "DryRunOperation"
    with pytest.raises(ClientException) as err:
        vpcs(emu.vpc(), dry_run=True, page_size=0)  # validation errors come first
    assert err.value.code == "InvalidPageSize"
