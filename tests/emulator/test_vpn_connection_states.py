"""Connection and tunnel State through the real VPC SDK: provisioning after CreateVpnConnection, updating after
ModifyVpnConnectionAttribute, deleting after DeleteVpnConnection, each for its delay (settings.delays, times the time
scale) on the emulated clock, then active (or gone); a connection being deleted refuses writes and still counts."""

import os
import tempfile

import pytest
import yaml
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import REGION, SINGLE_REGION, SINGLE_VPC, SINGLE_VSW, USER_VPC, USER_VSW_E, USER_VSW_F


class Lab:
    """A gateway (active) and customer gateways on an emulator whose clock the test moves by hand."""

    def __init__(self, emu, models, dual=False):
        self.emu, self.models, self.client = emu, models, emu.vpc()
        self.region = REGION if dual else SINGLE_REGION
        where = dict(vpc_id=USER_VPC, v_switch_id=USER_VSW_E, disaster_recovery_vswitch_id=USER_VSW_F) if dual else \
            dict(vpc_id=SINGLE_VPC, v_switch_id=SINGLE_VSW)
        self.gateway = self.client.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=self.region, bandwidth=10, auto_pay=True, **where)).body.vpn_gateway_id
        self.cgws = [self.client.create_customer_gateway(models.CreateCustomerGatewayRequest(
            region_id=self.region, ip_address=ip)).body.customer_gateway_id for ip in ("203.0.113.30", "203.0.113.31")]
        emu.advance(120)  # the gateway is active

    def connect(self):
        params = dict(region_id=self.region, vpn_gateway_id=self.gateway, local_subnet="0.0.0.0/0",
                      remote_subnet="0.0.0.0/0", name="states")
        if self.region == REGION:
            params["tunnel_options_specification"] = [
                self.models.CreateVpnConnectionRequestTunnelOptionsSpecification(role=role, customer_gateway_id=cgw)
                for role, cgw in zip(("master", "slave"), self.cgws)]
        else:
            params["customer_gateway_id"] = self.cgws[0]
        return self.client.create_vpn_connection(self.models.CreateVpnConnectionRequest(**params)).body.vpn_connection_id

    def describe(self, connection_id):
        return self.client.describe_vpn_connection(self.models.DescribeVpnConnectionRequest(
            region_id=self.region, vpn_connection_id=connection_id)).body

    def listed(self):
        body = self.client.describe_vpn_connections(self.models.DescribeVpnConnectionsRequest(
            region_id=self.region, vpn_gateway_id=self.gateway)).body
        return {c.vpn_connection_id: c.state for c in body.vpn_connections.vpn_connection}

    def states(self, connection_id):
        """(connection State, [tunnel States]) as DescribeVpnConnection answers them."""
        body = self.describe(connection_id)
        tunnels = body.tunnel_options_specification.tunnel_options if body.tunnel_options_specification else []
        return body.state, [t.state for t in tunnels or []]

    def rename(self, connection_id, name):
        return self.client.modify_vpn_connection_attribute(self.models.ModifyVpnConnectionAttributeRequest(
            region_id=self.region, vpn_connection_id=connection_id, name=name)).body

    def delete(self, connection_id):
        return self.client.delete_vpn_connection(self.models.DeleteVpnConnectionRequest(
            region_id=self.region, vpn_connection_id=connection_id))


def error_of(call):
    with pytest.raises(ClientException) as info:
        call()
    return info.value.status_code, info.value.code


@pytest.fixture(name="emu1")
def emu1_fixture(start_emulator):
    """Real delays (time scale 1): create/update/delete windows of 15 emulated seconds."""
    return start_emulator("--time-scale", "1")


def test_single_tunnel_connection_provisions_updates_and_is_deleted(emu1, vpc_models):
    lab = Lab(emu1, vpc_models)
    connection = lab.connect()
    assert lab.states(connection) == ("provisioning", [])
    assert lab.listed() == {connection: "provisioning"}
    emu1.advance(15)
    assert lab.states(connection) == ("active", [])
    lab.rename(connection, "renamed")
    assert lab.states(connection) == ("updating", [])
    emu1.advance(15)
    assert lab.states(connection) == ("active", [])
    lab.delete(connection)
    assert lab.states(connection) == ("deleting", [])
    assert lab.listed() == {connection: "deleting"}
    emu1.advance(15)
    assert error_of(lambda: lab.describe(connection)) == (404, "InvalidVpnConnectionInstanceId.NotFound")
    assert lab.listed() == {}


def test_dual_tunnel_tunnels_follow_their_connection(emu1, vpc_models):
    lab = Lab(emu1, vpc_models, dual=True)
    connection = lab.connect()
    assert lab.states(connection) == ("provisioning", ["provisioning", "provisioning"])
    emu1.advance(15)
    assert lab.states(connection) == ("active", ["active", "active"])
    answer = lab.rename(connection, "renamed")
    assert [t.state for t in answer.tunnel_options_specification.tunnel_options] == ["updating", "updating"]
    assert lab.states(connection) == ("updating", ["updating", "updating"])
    emu1.advance(15)
    lab.delete(connection)
    assert lab.states(connection) == ("deleting", ["deleting", "deleting"])


def test_a_connection_being_deleted_refuses_writes_and_holds_its_customer_gateway(emu1, vpc_models):
    lab = Lab(emu1, vpc_models)
    connection = lab.connect()
    emu1.advance(15)
    lab.delete(connection)
    emu1.advance(10)  # the gateway is active again, the connection is still deleting
    assert error_of(lambda: lab.delete(connection)) == (400, "VpnConnection.Configuring")
    assert error_of(lambda: lab.rename(connection, "late")) == (400, "VpnConnection.Configuring")
    assert error_of(lambda: lab.client.delete_customer_gateway(vpc_models.DeleteCustomerGatewayRequest(
        region_id=lab.region, customer_gateway_id=lab.cgws[0])))[1] == "DependencyViolation.VpnConnection"
    emu1.advance(5)
    lab.client.delete_customer_gateway(vpc_models.DeleteCustomerGatewayRequest(
        region_id=lab.region, customer_gateway_id=lab.cgws[0]))
    assert error_of(lambda: lab.delete(connection)) == (404, "InvalidVpnConnectionInstanceId.NotFound")


def test_delays_come_from_the_scenario_and_scale_with_the_time_scale(start_emulator, vpc_models):
    default = os.path.join(os.path.dirname(__file__), "..", "..", "emulator", "eds_emulator", "scenarios", "default.yml")
    with open(default, encoding="utf-8") as source:
        scenario = yaml.safe_load(source)
    scenario.setdefault("settings", {})["delays"] = {"vpn_connection_create": 100, "vpn_connection_delete": 40}
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(scenario, handle)
    try:
        emu = start_emulator("--scenario", handle.name, "--time-scale", "0.5")
        lab = Lab(emu, vpc_models)
        connection = lab.connect()
        emu.advance(49)
        assert lab.states(connection)[0] == "provisioning"
        emu.advance(1)
        assert lab.states(connection)[0] == "active"
        lab.delete(connection)
        emu.advance(19)
        assert lab.states(connection)[0] == "deleting"
        emu.advance(1)
        assert lab.listed() == {}
    finally:
        os.unlink(handle.name)


def test_time_scale_zero_is_instant(emu, vpc_models):
    lab = Lab(emu, vpc_models)
    connection = lab.connect()
    assert lab.states(connection) == ("active", [])
    lab.delete(connection)
    assert lab.listed() == {}
