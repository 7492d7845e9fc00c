"""VPN gateway routes (dbr and pbr) through the real VPC SDK: life cycle, gateway lock, validation, VPC publishing."""

import pytest

from api_errors import error_of
from emulator_harness import SINGLE_REGION, SINGLE_VPC, SINGLE_VSW

REGION = SINGLE_REGION  # single-tunnel region: a connection needs only a customer gateway
DEST = "192.10.0.0/16"


class Site:
    """A VPN gateway with two IPsec connections, built through the API. The connections add no routes of their own
    (AutoConfigRoute false: test_vpn_auto_routes.py covers those), so every route here is one a test made."""

    def __init__(self, emu, models):
        self.emu, self.models, self.client = emu, models, emu.vpc()
        self.gateway = self.client.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=REGION, vpc_id=SINGLE_VPC, bandwidth=10, v_switch_id=SINGLE_VSW, auto_pay=True)).body.vpn_gateway_id
        self.emu.advance(1000)
        self.connections = [self._connection(ip) for ip in ("203.0.113.10", "203.0.113.11")]
        self.table = self.client.describe_route_table_list(models.DescribeRouteTableListRequest(
            region_id=REGION, vpc_id=SINGLE_VPC)).body.router_table_list.router_table_list_type[0].route_table_id

    def _connection(self, ip):
        cgw = self.client.create_customer_gateway(self.models.CreateCustomerGatewayRequest(
            region_id=REGION, ip_address=ip)).body.customer_gateway_id
        connection = self.client.create_vpn_connection(self.models.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, customer_gateway_id=cgw, local_subnet="10.10.0.0/16",
            remote_subnet=DEST, auto_config_route=False)).body.vpn_connection_id
        self.emu.advance(1000)
        return connection

    def settle(self):
        self.emu.advance(1000)

    def status(self):
        return self.client.describe_vpn_gateway(self.models.DescribeVpnGatewayRequest(
            region_id=REGION, vpn_gateway_id=self.gateway)).body.status

    def create(self, dest=DEST, hop=0, weight=100, publish=False, **extra):
        body = self.client.create_vpn_route_entry(self.models.CreateVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, route_dest=dest, next_hop=self.connections[hop],
            weight=weight, publish_vpc=publish, **extra)).body
        self.settle()
        return body

    def create_pbr(self, source="10.10.0.0/16", dest=DEST, hop=0, weight=100, publish=False, **extra):
        body = self.client.create_vpn_pbr_route_entry(self.models.CreateVpnPbrRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, route_source=source, route_dest=dest,
            next_hop=self.connections[hop], weight=weight, publish_vpc=publish, **extra)).body
        self.settle()
        return body

    def routes(self, **paging):
        return self.client.describe_vpn_route_entries(self.models.DescribeVpnRouteEntriesRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, **paging)).body

    def pbr_routes(self, **paging):
        return self.client.describe_vpn_pbr_route_entries(self.models.DescribeVpnPbrRouteEntriesRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, **paging)).body

    def vpc_entries(self):
        body = self.client.describe_route_entry_list(self.models.DescribeRouteEntryListRequest(
            region_id=REGION, route_table_id=self.table, route_entry_type="Custom", max_result=100)).body
        return {(e.destination_cidr_block, e.next_hops.next_hop[0].next_hop_type, e.next_hops.next_hop[0].next_hop_id)
                for e in body.route_entrys.route_entry}

    def publish(self, route_type, publish, dest=DEST, hop=0):
        self.client.publish_vpn_route_entry(self.models.PublishVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, route_dest=dest, next_hop=self.connections[hop],
            route_type=route_type, publish_vpc=publish))
        self.settle()


@pytest.fixture
def site(start_emulator, vpc_models):
    # time runs (--time-scale 1) so the gateway's `updating` window is observable; the test advances the clock
    return Site(start_emulator("--time-scale", "1"), vpc_models)


def test_destination_route_life_cycle(site, vpc_models):
    created = site.create()
    assert (created.route_dest, created.next_hop, created.vpn_instance_id) == (DEST, site.connections[0], site.gateway)
    assert (created.weight, created.state, created.overlay_mode) == (100, "normal", "Ipsec")
    assert isinstance(created.create_time, int)
    body = site.routes()
    assert body.total_count == 1
    route = body.vpn_route_entries.vpn_route_entry[0]
    assert (route.route_dest, route.next_hop, route.weight, route.state) == (DEST, site.connections[0], 100, "normal")
    assert route.create_time == created.create_time
    assert body.vpn_route_counts.vpn_route_count[0].route_count == 1

    site.client.modify_vpn_route_entry_weight(vpc_models.ModifyVpnRouteEntryWeightRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0], weight=100,
        new_weight=0))
    site.settle()
    assert site.routes().vpn_route_entries.vpn_route_entry[0].weight == 0

    site.client.delete_vpn_route_entry(vpc_models.DeleteVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0], weight=0))
    site.settle()
    assert site.routes().total_count == 0


def test_every_write_makes_the_gateway_busy(site, vpc_models):
    site.client.create_vpn_route_entry(vpc_models.CreateVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0], weight=100,
        publish_vpc=False))
    assert site.status() == "updating"
    err = error_of(lambda: site.client.create_vpn_route_entry(vpc_models.CreateVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest="192.11.0.0/16", next_hop=site.connections[0],
        weight=100, publish_vpc=False)))
    assert (err.code, err.status_code) == ("VpnGateway.Configuring", 400)
    site.settle()
    assert site.status() == "active"
    site.create("192.11.0.0/16")
    assert site.routes().total_count == 2


def test_active_standby_pair(site):
    site.create(hop=0, weight=100)
    site.create(hop=1, weight=0)
    routes = {(r.next_hop, r.weight) for r in site.routes().vpn_route_entries.vpn_route_entry}
    assert routes == {(site.connections[0], 100), (site.connections[1], 0)}


@pytest.mark.parametrize("change, code, status", [
    (dict(route_dest="192.10.0.0/33"), "IllegalParam.RouteDest", 400),
    (dict(route_dest="192.10.0.1/16"), "IllegalParam.RouteDest", 400),
    (dict(route_dest="100.64.0.0/10"), "IllegalParam.RouteDest", 400),
    (dict(route_dest="100.100.0.0/16"), "IllegalParam.RouteDest", 400),
    (dict(weight=50), "InvalidWeight", 400),
    (dict(next_hop="vco-doesnotexist0000000000"), "InvalidVpnConnectionInstanceId.NotFound", 404),
    (dict(vpn_gateway_id="vpn-doesnotexist0000000000"), "InvalidVpnGatewayInstanceId.NotFound", 404),
    (dict(publish_vpc=None), "MissingParameter", 400),
    (dict(description="http://example.com"), "InvalidDescription", 400),
])
def test_create_is_validated_and_leaves_the_gateway_alone(site, vpc_models, change, code, status):
    fields = dict(region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0],
                  weight=100, publish_vpc=False)
    fields.update(change)
    err = error_of(lambda: site.client.create_vpn_route_entry(vpc_models.CreateVpnRouteEntryRequest(**fields)))
    assert (err.code, err.status_code) == (code, status)
    assert site.status() == "active"
    assert site.routes().total_count == 0


def test_duplicates_and_mismatched_weights_are_refused(site, vpc_models):
    site.create()
    assert error_of(site.create).code == "VpnRouteEntry.AlreadyExists"
    err = error_of(lambda: site.client.delete_vpn_route_entry(vpc_models.DeleteVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0], weight=0)))
    assert err.code == "InvalidWeight"
    err = error_of(lambda: site.client.delete_vpn_route_entry(vpc_models.DeleteVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest="192.99.0.0/16", next_hop=site.connections[0],
        weight=100)))
    assert err.code == "InvalidRouteEntry.NotFound"


def test_publishing_reaches_the_vpc_system_route_table(site, vpc_models):
    site.create(publish=True)
    assert site.routes().vpn_route_entries.vpn_route_entry[0].state == "published"
    assert site.vpc_entries() == {(DEST, "VpnGateway", site.gateway)}
    # the published entry belongs to the gateway: the VPC API neither duplicates nor deletes it
    err = error_of(lambda: site.client.create_route_entry(vpc_models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=site.table, destination_cidr_block=DEST, next_hop_type="VpnGateway",
        next_hop_id=site.gateway)))
    assert err.code == "InvalidCIDRBlock.Duplicate"
    err = error_of(lambda: site.client.delete_route_entry(vpc_models.DeleteRouteEntryRequest(
        region_id=REGION, route_table_id=site.table, destination_cidr_block=DEST)))
    assert err.code == "OperationDenied"

    site.publish("dbr", False)
    assert site.routes().vpn_route_entries.vpn_route_entry[0].state == "normal"
    assert site.vpc_entries() == set()
    site.publish("dbr", True)
    assert site.vpc_entries() == {(DEST, "VpnGateway", site.gateway)}
    site.client.delete_vpn_route_entry(vpc_models.DeleteVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0], weight=100))
    site.settle()
    assert site.vpc_entries() == set()


def test_withdrawing_a_policy_route_withdraws_the_destination_route_too(site):
    site.create(publish=True)
    site.create_pbr(publish=True)
    site.publish("pbr", False)
    assert site.routes().vpn_route_entries.vpn_route_entry[0].state == "normal"
    assert site.pbr_routes().vpn_pbr_route_entries.vpn_pbr_route_entry[0].state == "normal"
    assert site.vpc_entries() == set()


def test_publish_needs_an_existing_route(site, vpc_models):
    err = error_of(lambda: site.publish("dbr", True))
    assert err.code == "InvalidRouteEntry.NotFound"
    err = error_of(lambda: site.client.publish_vpn_route_entry(vpc_models.PublishVpnRouteEntryRequest(
        region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0],
        route_type="bgp", publish_vpc=True)))
    assert err.code == "InvalidRouteType"


def test_policy_route_life_cycle(site, vpc_models):
    created = site.create_pbr()
    assert (created.route_source, created.priority, created.weight, created.state) == ("10.10.0.0/16", 10, 100, "normal")
    common = dict(region_id=REGION, vpn_gateway_id=site.gateway, route_source="10.10.0.0/16", route_dest=DEST,
                  next_hop=site.connections[0])
    site.client.modify_vpn_pbr_route_entry_priority(vpc_models.ModifyVpnPbrRouteEntryPriorityRequest(
        weight=100, priority=10, new_priority=5, **common))
    site.settle()
    site.client.modify_vpn_pbr_route_entry_weight(vpc_models.ModifyVpnPbrRouteEntryWeightRequest(
        weight=100, priority=5, new_weight=0, **common))
    site.settle()
    route = site.pbr_routes().vpn_pbr_route_entries.vpn_pbr_route_entry[0]
    assert (route.priority, route.weight, route.route_source) == (5, 0, "10.10.0.0/16")
    err = error_of(lambda: site.client.delete_vpn_pbr_route_entry(vpc_models.DeleteVpnPbrRouteEntryRequest(
        weight=0, priority=10, **common)))
    assert err.code == "InvalidPriority"
    err = error_of(lambda: site.client.modify_vpn_pbr_route_entry_priority(vpc_models.ModifyVpnPbrRouteEntryPriorityRequest(
        weight=0, new_priority=101, **common)))
    assert err.code == "InvalidNewPriority"
    site.client.delete_vpn_pbr_route_entry(vpc_models.DeleteVpnPbrRouteEntryRequest(weight=0, **common))
    site.settle()
    assert site.pbr_routes().total_count == 0


def test_policy_routes_keyed_by_source_too(site):
    site.create_pbr(source="10.10.1.0/24")
    site.create_pbr(source="10.10.2.0/24")
    assert site.pbr_routes().total_count == 2
    assert error_of(lambda: site.create_pbr(source="10.10.2.0/24")).code == "VpnRouteEntry.AlreadyExists"
    assert error_of(lambda: site.create_pbr(source="10.10.2.1/24")).code == "IllegalParam.RouteSource"


def test_pagination(site):
    for n in range(12):
        site.create(f"192.{20 + n}.0.0/16")
    first = site.routes()
    assert (first.total_count, first.page_number, first.page_size) == (12, 1, 10)
    assert len(first.vpn_route_entries.vpn_route_entry) == 10
    last = site.routes(page_number=3, page_size=5)
    assert [r.route_dest for r in last.vpn_route_entries.vpn_route_entry] == ["192.30.0.0/16", "192.31.0.0/16"]


def test_client_token_replay(site, vpc_models):
    request = dict(region_id=REGION, vpn_gateway_id=site.gateway, route_dest=DEST, next_hop=site.connections[0],
                   weight=100, publish_vpc=False, client_token="route-token-1")
    first = site.client.create_vpn_route_entry(vpc_models.CreateVpnRouteEntryRequest(**request)).body
    site.settle()
    again = site.client.create_vpn_route_entry(vpc_models.CreateVpnRouteEntryRequest(**request)).body
    assert again.create_time == first.create_time
    assert site.routes().total_count == 1
