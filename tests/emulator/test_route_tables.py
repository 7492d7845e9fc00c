"""VPC route tables and custom routes through the real VPC SDK: listing, validation, task lock, life cycle."""

import pytest

from api_errors import error_of
from emulator_harness import OFFICE_VPC, REGION, USER_VPC, USER_VSW_E, USER_VSW_F

USER_TABLE = "vtb-uf6uservpc00000000001"
OFFICE_TABLE = "vtb-uf6officenetwork00001"


def gateway(emu, models, vpc=USER_VPC):
    vswitches = {USER_VPC: (USER_VSW_E, USER_VSW_F), OFFICE_VPC: ("vsw-uf6office0000000000e1", "vsw-uf6office0000000000f1")}
    primary, standby = vswitches[vpc]
    body = emu.vpc().create_vpn_gateway(models.CreateVpnGatewayRequest(
        region_id=REGION, vpc_id=vpc, bandwidth=10, v_switch_id=primary, disaster_recovery_vswitch_id=standby,
        auto_pay=True)).body
    return body.vpn_gateway_id


def entries(emu, models, table=USER_TABLE, **filters):
    return emu.vpc().describe_route_entry_list(models.DescribeRouteEntryListRequest(
        region_id=REGION, route_table_id=table, max_result=100, **filters)).body


def create(emu, models, dest, hop, table=USER_TABLE, **extra):
    return emu.vpc().create_route_entry(models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=table, destination_cidr_block=dest, next_hop_type="VpnGateway",
        next_hop_id=hop, **extra)).body.route_entry_id


def test_system_route_table_of_each_vpc(emu, vpc_models):
    body = emu.vpc().describe_route_table_list(vpc_models.DescribeRouteTableListRequest(
        region_id=REGION, vpc_id=USER_VPC)).body
    assert body.total_count == 1
    table = body.router_table_list.router_table_list_type[0]
    assert (table.route_table_id, table.route_table_type, table.router_type, table.vpc_id) == (
        USER_TABLE, "System", "VRouter", USER_VPC)
    assert sorted(table.v_switch_ids.v_switch_id) == [USER_VSW_E, USER_VSW_F]
    assert table.status == "Available"
    custom = emu.vpc().describe_route_table_list(vpc_models.DescribeRouteTableListRequest(
        region_id=REGION, vpc_id=USER_VPC, route_table_type="Custom")).body
    assert custom.total_count == 0
    paged = emu.vpc().describe_route_table_list(vpc_models.DescribeRouteTableListRequest(
        region_id=REGION, page_size=1, page_number=2)).body
    assert (paged.total_count, paged.page_number, paged.page_size) == (2, 2, 1)
    assert len(paged.router_table_list.router_table_list_type) == 1


def test_system_routes_are_listed_and_not_writable(emu, vpc_models):
    listed = {e.destination_cidr_block: e for e in entries(emu, vpc_models).route_entrys.route_entry}
    assert set(listed) == {"192.168.1.0/24", "192.168.2.0/24", "100.64.0.0/10"}
    assert {e.type for e in listed.values()} == {"System"}
    assert listed["100.64.0.0/10"].next_hops.next_hop[0].next_hop_type == "service"
    assert listed["192.168.1.0/24"].next_hops.next_hop[0].next_hop_type == "local"
    err = error_of(lambda: emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_entry_id=listed["192.168.1.0/24"].route_entry_id)))
    assert err.code == "OperationDenied"


def test_custom_route_to_vpn_gateway_life_cycle(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    entry_id = create(emu, vpc_models, "192.10.0.0/16", gw, route_entry_name="to-dc", description="data center")
    assert entry_id.startswith("rte-")
    body = entries(emu, vpc_models, destination_cidr_block="192.10.0.0/16")
    assert body.total_count == 1
    entry = body.route_entrys.route_entry[0]
    assert (entry.route_entry_id, entry.type, entry.status, entry.route_entry_name, entry.description) == (
        entry_id, "Custom", "Available", "to-dc", "data center")
    assert (entry.next_hops.next_hop[0].next_hop_type, entry.next_hops.next_hop[0].next_hop_id) == ("VpnGateway", gw)
    assert isinstance(entry.next_hops.next_hop[0].enabled, int)

    emu.vpc().modify_route_entry(vpc_models.ModifyRouteEntryRequest(
        region_id=REGION, route_entry_id=entry_id, route_entry_name="renamed"))
    assert entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0].route_entry_name == "renamed"

    emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(region_id=REGION, route_entry_id=entry_id))
    assert entries(emu, vpc_models, route_entry_id=entry_id).total_count == 0
    err = error_of(lambda: emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_entry_id=entry_id)))
    assert err.code == "InvalidRouteEntry.NotFound"


def test_delete_by_table_and_destination(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    create(emu, vpc_models, "192.10.1.0/24", gw)
    emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, destination_cidr_block="192.10.1.0/24", next_hop_id=gw))
    assert entries(emu, vpc_models, destination_cidr_block="192.10.1.0/24").total_count == 0


@pytest.mark.parametrize("dest, code", [
    ("100.64.0.0/10", "InvalidCidrBlock"),
    ("100.96.0.0/11", "InvalidCidrBlock"),
    ("100.64.1.1", "InvalidCidrBlock"),
    ("192.168.1.0/25", "InvalidCidrBlock"),      # inside a vSwitch of the VPC
    ("224.0.0.0/8", "InvalidDestinationCidrBlock"),
    ("127.0.0.0/8", "InvalidDestinationCidrBlock"),
    ("192.10.0.0/33", "InvalidCidrBlock.Malformed"),
    ("192.10.0.1/16", "InvalidCidrBlock.Malformed"),
    ("not-a-cidr", "InvalidCidrBlock.Malformed"),
])
def test_refused_destinations(emu, vpc_models, dest, code):
    gw = gateway(emu, vpc_models)
    err = error_of(lambda: create(emu, vpc_models, dest, gw))
    assert (err.code, err.status_code) == (code, 400)
    assert emu.stats()["by_action"]["CreateRouteEntry"]["errors"] == 1
    assert entries(emu, vpc_models, route_entry_type="Custom").total_count == 0


def test_wider_block_that_contains_a_vswitch_is_allowed(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    create(emu, vpc_models, "0.0.0.0/0", gw)
    assert entries(emu, vpc_models, destination_cidr_block="0.0.0.0/0").total_count == 1


def test_duplicates_and_next_hops_are_checked(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    office_gw = gateway(emu, vpc_models, vpc=OFFICE_VPC)
    create(emu, vpc_models, "192.10.0.0/16", gw)
    assert error_of(lambda: create(emu, vpc_models, "192.10.0.0/16", gw)).code == "InvalidCIDRBlock.Duplicate"
    assert error_of(lambda: create(emu, vpc_models, "192.10.0.0/16", gw, table=OFFICE_TABLE)).code == "InvalidNexthop"
    err = error_of(lambda: create(emu, vpc_models, "10.1.0.0/16", "vpn-doesnotexist0000000000"))
    assert err.code == "InvalidNextHop.NotFound"
    create(emu, vpc_models, "192.10.0.0/16", office_gw, table=OFFICE_TABLE)
    err = error_of(lambda: create(emu, vpc_models, "10.1.0.0/16", gw, table="vtb-doesnotexist00000000"))
    assert (err.code, err.status_code) == ("InvalidRouteTableId.NotFound", 404)
    err = error_of(lambda: emu.vpc().create_route_entry(vpc_models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, next_hop_type="VpnGateway", next_hop_id=gw)))
    assert err.code == "MissingParameter"
    err = error_of(lambda: create(emu, vpc_models, "10.2.0.0/16", gw, route_entry_name="http://x"))
    assert err.code == "InvalidRouteEntryName.Malformed"


def test_dry_run_changes_nothing(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    assert error_of(lambda: create(emu, vpc_models, "192.10.0.0/16", gw, dry_run=True)).code == "DryRunOperation"
    assert entries(emu, vpc_models, route_entry_type="Custom").total_count == 0


def test_pending_route_and_vpc_task_lock(start_emulator, vpc_models):
    emu = start_emulator("--time-scale", "1")
    emu.advance(0)
    gw = gateway(emu, vpc_models)
    emu.advance(300)  # the gateway is provisioned
    office_gw = gateway(emu, vpc_models, vpc=OFFICE_VPC)
    emu.advance(300)
    entry_id = create(emu, vpc_models, "192.10.0.0/16", gw)
    assert entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0].status == "Pending"
    # another create while an entry of the table is Pending: IncorrectRouteEntryStatus (not TaskConflict)
    err = error_of(lambda: create(emu, vpc_models, "192.10.2.0/24", gw))
    assert (err.code, err.status_code) == ("IncorrectRouteEntryStatus", 400)
    err = error_of(lambda: emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_entry_id=entry_id)))
    assert err.code == "IncorrectRouteEntryStatus"
    create(emu, vpc_models, "192.10.0.0/16", office_gw, table=OFFICE_TABLE)  # another VPC's table: not held up
    emu.advance(6)
    assert entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0].status == "Available"
    second = create(emu, vpc_models, "192.10.2.0/24", gw)
    emu.advance(6)
    emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(region_id=REGION, route_entry_id=entry_id))
    assert entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0].status == "Deleting"
    # a second write in the VPC while the first runs: the VPC task lock
    err = error_of(lambda: emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_entry_id=second)))
    assert (err.code, err.status_code) == ("TaskConflict", 400)
    err = error_of(lambda: create(emu, vpc_models, "192.10.3.0/24", gw))
    assert err.code == "IncorrectRouteEntryStatus"  # the Deleting entry
    emu.advance(6)
    assert entries(emu, vpc_models, route_entry_id=entry_id).total_count == 0


def test_modify_next_hop_is_applied_asynchronously(start_emulator, vpc_models):
    emu = start_emulator("--time-scale", "1")
    first = gateway(emu, vpc_models)
    emu.advance(300)
    entry_id = create(emu, vpc_models, "192.10.0.0/16", first)
    emu.advance(6)
    emu.vpc().modify_route_entry(vpc_models.ModifyRouteEntryRequest(
        region_id=REGION, route_entry_id=entry_id, new_next_hop_type="Instance", new_next_hop_id="i-uf6anything"))
    entry = entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0]
    assert (entry.status, entry.next_hops.next_hop[0].next_hop_id) == ("Modifying", "i-uf6anything")
    emu.advance(6)
    assert entries(emu, vpc_models, route_entry_id=entry_id).route_entrys.route_entry[0].status == "Available"


def test_next_token_pagination(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    for n in range(5):
        create(emu, vpc_models, f"10.{n}.0.0/16", gw)
    seen, token = [], None
    while True:
        body = emu.vpc().describe_route_entry_list(vpc_models.DescribeRouteEntryListRequest(
            region_id=REGION, route_table_id=USER_TABLE, max_result=2, next_token=token)).body
        assert body.total_count == 8  # 5 custom + 2 vSwitch routes + 100.64.0.0/10
        seen += [e.destination_cidr_block for e in body.route_entrys.route_entry]
        token = body.next_token
        if not token:
            break
    assert len(seen) == len(set(seen)) == 8


def test_client_token_replays_the_create(emu, vpc_models):
    gw = gateway(emu, vpc_models)
    first = create(emu, vpc_models, "192.10.0.0/16", gw, client_token="routes-token-1")
    again = create(emu, vpc_models, "192.10.0.0/16", gw, client_token="routes-token-1")
    assert first == again
    assert entries(emu, vpc_models, route_entry_type="Custom").total_count == 1
    err = error_of(lambda: create(emu, vpc_models, "192.10.9.0/24", gw, client_token="routes-token-1"))
    assert err.code == "IdempotentParameterMismatch"
