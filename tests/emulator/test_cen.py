"""CEN route publishing through the real CBN SDK: publish, withdraw, describe, validation, the CEN task lock."""

import pytest

from api_errors import error_of
from emulator_harness import OFFICE_VPC, REGION, SINGLE_REGION, SINGLE_VPC, USER_VPC, USER_VSW_E, USER_VSW_F

CEN = "cen-sampleplan000000001"
USER_TABLE = "vtb-uf6uservpc00000000001"
DEST = "192.10.0.0/16"


def vpn_route(emu, vpc_models, dest=DEST):
    """A custom route of the user VPC's system table with a VPN gateway as next hop."""
    client = emu.vpc()
    gw = client.create_vpn_gateway(vpc_models.CreateVpnGatewayRequest(
        region_id=REGION, vpc_id=USER_VPC, bandwidth=10, v_switch_id=USER_VSW_E,
        disaster_recovery_vswitch_id=USER_VSW_F, auto_pay=True)).body.vpn_gateway_id
    client.create_route_entry(vpc_models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, destination_cidr_block=dest, next_hop_type="VpnGateway",
        next_hop_id=gw))
    return gw


def target(models_cls, **overrides):
    fields = dict(cen_id=CEN, child_instance_id=USER_VPC, child_instance_region_id=REGION,
                  child_instance_route_table_id=USER_TABLE, child_instance_type="VPC", destination_cidr_block=DEST)
    fields.update(overrides)
    return models_cls(**fields)


def published(emu, models, **overrides):
    request = target(models.DescribePublishedRouteEntriesRequest, **overrides)
    body = emu.cbn().describe_published_route_entries(request).body
    return body


def status_of(emu, models, dest=DEST):
    entries = published(emu, models, destination_cidr_block=dest).published_route_entries.published_route_entry
    assert len(entries) == 1
    return entries[0].publish_status


def test_describe_lists_every_route_of_the_table(emu, vpc_models, cbn_models):
    gw = vpn_route(emu, vpc_models)
    body = published(emu, cbn_models, destination_cidr_block=None)
    by_dest = {e.destination_cidr_block: e for e in body.published_route_entries.published_route_entry}
    assert body.total_count == 4
    assert (by_dest["192.168.1.0/24"].route_type, by_dest["192.168.1.0/24"].publish_status) == ("System", "Published")
    assert by_dest["192.168.1.0/24"].operational_mode is False
    service = by_dest["100.64.0.0/10"]
    assert (service.route_type, service.next_hop_type, service.publish_status) == ("System", "service", "NonPublished")
    custom = by_dest[DEST]
    assert (custom.route_type, custom.next_hop_type, custom.next_hop_id) == ("Custom", "VpnGateway", gw)
    assert (custom.publish_status, custom.operational_mode) == ("NonPublished", True)
    assert custom.child_instance_route_table_id == USER_TABLE
    assert custom.conflicts.conflict == []


def test_publish_then_withdraw(emu, vpc_models, cbn_models):
    vpn_route(emu, vpc_models)
    emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest))
    assert status_of(emu, cbn_models) == "Published"  # --time-scale 0: instant
    emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest))  # again: nothing changes
    assert status_of(emu, cbn_models) == "Published"
    emu.cbn().withdraw_published_route_entries(target(cbn_models.WithdrawPublishedRouteEntriesRequest))
    assert status_of(emu, cbn_models) == "NonPublished"


def test_publishing_takes_time_and_blocks_the_cen(start_emulator, vpc_models, cbn_models):
    emu = start_emulator("--time-scale", "1")
    vpn_route(emu, vpc_models)
    emu.advance(300)
    emu.vpc().create_route_entry(vpc_models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, destination_cidr_block="192.20.0.0/16",
        next_hop_type="Instance", next_hop_id="i-anything"))
    emu.advance(10)
    emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest))
    # only the two documented values: the entry reads NonPublished until the publication is done
    assert status_of(emu, cbn_models) == "NonPublished"
    for again in (DEST, "192.20.0.0/16"):  # the same route again, or another one: CEN takes one change at a time
        err = error_of(lambda dest=again: emu.cbn().publish_route_entries(target(
            cbn_models.PublishRouteEntriesRequest, destination_cidr_block=dest)))
        assert (err.code, err.status_code) == ("Operation.Blocking", 400)
    emu.advance(6)
    assert status_of(emu, cbn_models) == "Published"
    emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest))  # done: accepted, no new task
    emu.cbn().withdraw_published_route_entries(target(cbn_models.WithdrawPublishedRouteEntriesRequest))
    assert status_of(emu, cbn_models) == "Published"
    emu.advance(6)
    assert status_of(emu, cbn_models) == "NonPublished"


def test_deleting_the_route_ends_the_publication(emu, vpc_models, cbn_models):
    gw = vpn_route(emu, vpc_models)
    emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest))
    emu.vpc().delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, destination_cidr_block=DEST))
    assert published(emu, cbn_models).total_count == 0
    emu.vpc().create_route_entry(vpc_models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=USER_TABLE, destination_cidr_block=DEST, next_hop_type="VpnGateway",
        next_hop_id=gw))
    assert status_of(emu, cbn_models) == "NonPublished"


@pytest.mark.parametrize("overrides, code", [
    (dict(cen_id="cen-doesnotexist000000"), "ParameterCenInstanceId"),
    (dict(child_instance_id=SINGLE_VPC, child_instance_region_id=SINGLE_REGION), "ParameterInstanceId"),
    (dict(child_instance_region_id=SINGLE_REGION), "ParameterInstanceId"),
    (dict(child_instance_route_table_id="vtb-uf6officenetwork00001"), "ParameterIllegal"),
    (dict(destination_cidr_block="10.99.0.0/16"), "InvalidOperation.NotFoundRoute"),
    (dict(destination_cidr_block="192.168.1.0/24"), "InvalidOperation.RouteEntryNotOperational"),
    (dict(destination_cidr_block="100.64.0.0/10"), "InvalidOperation.RouteEntryNotOperational"),
    (dict(child_instance_type="ECS"), "InvalidChildInstanceType"),
    (dict(child_instance_route_table_id=None), "MissingParameter"),
])
def test_publish_is_validated(emu, vpc_models, cbn_models, overrides, code):
    vpn_route(emu, vpc_models)
    err = error_of(lambda: emu.cbn().publish_route_entries(target(cbn_models.PublishRouteEntriesRequest, **overrides)))
    assert (err.code, err.status_code) == (code, 400)
    assert status_of(emu, cbn_models) == "NonPublished"


def test_office_vpc_is_attached_too(emu, cbn_models):
    body = published(emu, cbn_models, child_instance_id=OFFICE_VPC, child_instance_route_table_id=None,
                     destination_cidr_block=None)
    assert {e.destination_cidr_block for e in body.published_route_entries.published_route_entry} == {
        "172.16.0.0/24", "172.16.1.0/24", "100.64.0.0/10"}


def test_describe_pagination(emu, vpc_models, cbn_models):
    vpn_route(emu, vpc_models)
    body = published(emu, cbn_models, destination_cidr_block=None, page_size=3, page_number=2)
    assert (body.total_count, body.page_number, body.page_size) == (4, 2, 3)
    assert len(body.published_route_entries.published_route_entry) == 1
