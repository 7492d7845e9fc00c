"""The policy-based routes a protected-data-flow connection adds to its gateway (AutoConfigRoute), through the
real VPC SDK: added unpublished by default, re-derived on a subnet change, removed with the connection, publishable."""

import pytest

from emulator_harness import SINGLE_REGION, SINGLE_VPC, SINGLE_VSW

REGION = SINGLE_REGION


@pytest.fixture(name="gw")
def gateway_fixture(emu, vpc_models):
    """(client, models, gateway id, customer gateway id) in the single-tunnel region."""
    client = emu.vpc()
    gateway = client.create_vpn_gateway(vpc_models.CreateVpnGatewayRequest(
        region_id=REGION, vpc_id=SINGLE_VPC, bandwidth=10, v_switch_id=SINGLE_VSW, auto_pay=True)).body.vpn_gateway_id
    cgw = client.create_customer_gateway(vpc_models.CreateCustomerGatewayRequest(
        region_id=REGION, ip_address="203.0.113.10")).body.customer_gateway_id
    return client, vpc_models, gateway, cgw


def connect(gw, local="10.10.0.0/16", remote="192.10.0.0/16", **extra):
    client, models, gateway, cgw = gw
    return client.create_vpn_connection(models.CreateVpnConnectionRequest(
        region_id=REGION, vpn_gateway_id=gateway, customer_gateway_id=cgw, local_subnet=local, remote_subnet=remote,
        **extra)).body.vpn_connection_id


def pbr_routes(gw):
    client, models, gateway, _cgw = gw
    body = client.describe_vpn_pbr_route_entries(models.DescribeVpnPbrRouteEntriesRequest(
        region_id=REGION, vpn_gateway_id=gateway, page_size=50)).body
    return {(r.route_source, r.route_dest, r.next_hop): (r.weight, r.priority, r.state)
            for r in body.vpn_pbr_route_entries.vpn_pbr_route_entry}


def test_protected_flows_add_one_unpublished_route_per_pair(gw):
    connection = connect(gw, local="10.10.1.0/24,10.10.2.0/24", remote="192.10.0.0/16")
    assert pbr_routes(gw) == {
        ("10.10.1.0/24", "192.10.0.0/16", connection): (100, 10, "normal"),
        ("10.10.2.0/24", "192.10.0.0/16", connection): (100, 10, "normal"),
    }


def test_no_routes_when_auto_config_route_is_false_or_in_destination_mode(gw):
    connect(gw, auto_config_route=False)
    connect(gw, local="0.0.0.0/0", remote="0.0.0.0/0")
    assert pbr_routes(gw) == {}


def test_subnet_change_re_derives_the_routes_and_keeps_a_publication(gw):
    client, models, gateway, _cgw = gw
    connection = connect(gw, local="10.10.1.0/24", remote="192.10.0.0/16")
    client.publish_vpn_route_entry(models.PublishVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=gateway, route_dest="192.10.0.0/16", next_hop=connection, route_type="pbr",
        publish_vpc=True))
    client.modify_vpn_connection_attribute(models.ModifyVpnConnectionAttributeRequest(
        region_id=REGION, vpn_connection_id=connection, local_subnet="10.10.1.0/24,10.10.3.0/24"))
    assert pbr_routes(gw) == {
        ("10.10.1.0/24", "192.10.0.0/16", connection): (100, 10, "published"),
        ("10.10.3.0/24", "192.10.0.0/16", connection): (100, 10, "normal"),
    }
    client.modify_vpn_connection_attribute(models.ModifyVpnConnectionAttributeRequest(
        region_id=REGION, vpn_connection_id=connection, local_subnet="10.10.3.0/24"))
    assert set(pbr_routes(gw)) == {("10.10.3.0/24", "192.10.0.0/16", connection)}


def test_deleting_the_connection_removes_its_routes_but_not_the_users(gw):
    client, models, gateway, _cgw = gw
    connection = connect(gw)
    client.create_vpn_pbr_route_entry(models.CreateVpnPbrRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=gateway, route_source="10.10.0.0/16", route_dest="192.20.0.0/16",
        next_hop=connection, weight=100, publish_vpc=False))
    assert len(pbr_routes(gw)) == 2
    client.delete_vpn_connection(models.DeleteVpnConnectionRequest(region_id=REGION, vpn_connection_id=connection))
    assert set(pbr_routes(gw)) == {("10.10.0.0/16", "192.20.0.0/16", connection)}


def test_an_auto_route_is_an_ordinary_route_to_the_pbr_actions(gw):
    client, models, gateway, _cgw = gw
    connection = connect(gw)
    ident = dict(region_id=REGION, vpn_gateway_id=gateway, route_source="10.10.0.0/16", route_dest="192.10.0.0/16",
                 next_hop=connection)
    client.modify_vpn_pbr_route_entry_weight(models.ModifyVpnPbrRouteEntryWeightRequest(weight=100, new_weight=0, **ident))
    assert pbr_routes(gw)[("10.10.0.0/16", "192.10.0.0/16", connection)] == (0, 10, "normal")
    client.delete_vpn_pbr_route_entry(models.DeleteVpnPbrRouteEntryRequest(weight=0, **ident))
    assert pbr_routes(gw) == {}
