"""The busy codes of the VPN API through the real VPC SDK, each in the window that produces it: Appliance.Configuring
(gateway provisioning), VpnGateway.Configuring (gateway updating), VpnConnection.Configuring (the connection applies
its last write), VpnTask.CONFLICT (a route whose next hop does), VpnRouteEntry.Configuring (deleting a route still
being applied); and the busy fault that answers any of them on demand."""

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import SINGLE_REGION, SINGLE_VPC, SINGLE_VSW
from eds_emulator.faults import BUSY_CODES

REGION = SINGLE_REGION


def code_of(call):
    with pytest.raises(ClientException) as info:
        call()
    assert info.value.status_code == 400
    return info.value.code


class Site:
    def __init__(self, emu, models):
        self.emu, self.models, self.client = emu, models, emu.vpc()
        self.gateway = self.client.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=REGION, vpc_id=SINGLE_VPC, bandwidth=10, v_switch_id=SINGLE_VSW, auto_pay=True)).body.vpn_gateway_id
        self.cgw = self.client.create_customer_gateway(models.CreateCustomerGatewayRequest(
            region_id=REGION, ip_address="203.0.113.10")).body.customer_gateway_id

    def connect(self):
        return self.client.create_vpn_connection(self.models.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, customer_gateway_id=self.cgw, local_subnet="10.10.0.0/16",
            remote_subnet="192.10.0.0/16", auto_config_route=False)).body.vpn_connection_id

    def route(self, hop, dest="192.20.0.0/16"):
        return self.client.create_vpn_route_entry(self.models.CreateVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, route_dest=dest, next_hop=hop, weight=100,
            publish_vpc=False))

    def delete_route(self, hop, dest="192.20.0.0/16"):
        return self.client.delete_vpn_route_entry(self.models.DeleteVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.gateway, route_dest=dest, next_hop=hop, weight=100))


@pytest.fixture(name="site")
def site_fixture(start_emulator, vpc_models):
    """Real delays (time scale 1) on an emulated clock the test moves by hand."""
    return Site(start_emulator("--time-scale", "1"), vpc_models)


def test_appliance_configuring_while_the_gateway_is_provisioning(site):
    assert code_of(site.connect) == "Appliance.Configuring"
    site.emu.advance(120)
    assert site.connect().startswith("vco-")


def test_vpn_task_conflict_while_the_next_hop_connection_applies_its_write(site):
    site.emu.advance(120)
    hop = site.connect()
    site.emu.advance(10)  # the gateway is active again, the connection provisions for 15 s
    assert code_of(lambda: site.route(hop)) == "VpnTask.CONFLICT"
    site.emu.advance(5)
    site.route(hop)


def test_vpn_route_entry_configuring_when_deleting_a_route_being_applied(site):
    site.emu.advance(120)
    hop = site.connect()
    site.emu.advance(15)
    site.route(hop)
    assert code_of(lambda: site.delete_route(hop)) == "VpnRouteEntry.Configuring"
    site.emu.advance(10)
    site.delete_route(hop)


@pytest.mark.parametrize("code", BUSY_CODES)
def test_the_busy_fault_answers_the_chosen_code(emu, vpc_models, code):
    emu.faults({"actions": {"CreateCustomerGateway": {"busy": 1, "busy_code": code, "times": 1}}})
    client = emu.vpc()
    request = vpc_models.CreateCustomerGatewayRequest(region_id=REGION, ip_address="203.0.113.20")
    assert code_of(lambda: client.create_customer_gateway(request)) == code
    assert client.create_customer_gateway(request).body.customer_gateway_id


def test_an_unknown_busy_code_is_refused(emu):
    answer = emu.faults({"actions": {"CreateCustomerGateway": {"busy": 1, "busy_code": "Gateway.Sleeping"}}})
    assert answer["http_status"] == 400 and "busy_code" in answer["error"]
