"""Default quotas through the real VPC SDK: CIDR blocks per connection side, routes of each kind and connections per
gateway, customer gateways per region; the routes AutoConfigRoute adds count; a scenario can raise a quota."""

import pytest
import yaml

from api_errors import error_of
from emulator_harness import SINGLE_REGION, SINGLE_VPC, SINGLE_VSW
from eds_emulator import scenario

REGION = SINGLE_REGION


class Gateway:
    def __init__(self, emu, models):
        self.client, self.models = emu.vpc(), models
        self.id = self.client.create_vpn_gateway(models.CreateVpnGatewayRequest(
            region_id=REGION, vpc_id=SINGLE_VPC, bandwidth=10, v_switch_id=SINGLE_VSW, auto_pay=True)).body.vpn_gateway_id
        self.cgw = self.customer_gateway("203.0.113.10")

    def customer_gateway(self, ip):
        return self.client.create_customer_gateway(self.models.CreateCustomerGatewayRequest(
            region_id=REGION, ip_address=ip)).body.customer_gateway_id

    def connect(self, local="10.10.0.0/16", remote="192.10.0.0/16", **extra):
        return self.client.create_vpn_connection(self.models.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=self.id, customer_gateway_id=self.cgw, local_subnet=local,
            remote_subnet=remote, **extra)).body.vpn_connection_id

    def route(self, dest, hop, policy=False):
        if policy:
            return self.client.create_vpn_pbr_route_entry(self.models.CreateVpnPbrRouteEntryRequest(
                region_id=REGION, vpn_gateway_id=self.id, route_source="10.10.0.0/16", route_dest=dest, next_hop=hop,
                weight=100, publish_vpc=False))
        return self.client.create_vpn_route_entry(self.models.CreateVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=self.id, route_dest=dest, next_hop=hop, weight=100, publish_vpc=False))


@pytest.fixture(name="gw")
def gateway_fixture(emu, vpc_models):
    return Gateway(emu, vpc_models)


def blocks(count, prefix="10.10"):
    return ",".join(f"{prefix}.{n}.0/24" for n in range(count))


@pytest.mark.parametrize("side", ["local_subnet", "remote_subnet"])
def test_at_most_five_cidr_blocks_a_side(gw, side):
    other = "remote_subnet" if side == "local_subnet" else "local_subnet"
    values = {side: blocks(6, "10.20"), other: "192.10.0.0/16"}
    err = error_of(lambda: gw.connect(**{"local": values["local_subnet"], "remote": values["remote_subnet"]},
                                      auto_config_route=False))
    wire = "LocalSubnet" if side == "local_subnet" else "RemoteSubnet"
    assert err.code == f"IllegalParam.{wire}" and "at most 5" in err.message
    values[side] = blocks(5, "10.20")
    assert gw.connect(local=values["local_subnet"], remote=values["remote_subnet"], auto_config_route=False)


def test_ten_connections_a_gateway(gw):
    for n in range(10):
        gw.connect(local=f"10.{n}.0.0/16", auto_config_route=False)
    err = error_of(lambda: gw.connect(local="10.99.0.0/16", auto_config_route=False))
    assert err.code == "Resource.QuotaFull" and err.status_code == 400


@pytest.mark.parametrize("policy", [False, True])
def test_twenty_routes_of_each_kind_a_gateway(gw, policy):
    hop = gw.connect(auto_config_route=False)
    for n in range(20):
        gw.route(f"192.{100 + n}.0.0/16", hop, policy=policy)
    assert error_of(lambda: gw.route("192.200.0.0/16", hop, policy=policy)).code == "Resource.QuotaFull"
    gw.route("192.200.0.0/16", hop, policy=not policy)  # the other kind has its own quota


def test_auto_config_routes_count_against_the_policy_route_quota(gw):
    gw.connect(local=blocks(4), remote=blocks(4, "192.10"))          # 16 policy routes
    err = error_of(lambda: gw.connect(local=blocks(5, "10.30"), remote="192.20.0.0/16"))   # 5 more: 21
    assert err.code == "QuotaExceeded.PolicyBasedRoute"
    conn = gw.connect(local=blocks(4, "10.30"), remote="192.20.0.0/16")                     # 4 more: 20
    err = error_of(lambda: gw.client.modify_vpn_connection_attribute(gw.models.ModifyVpnConnectionAttributeRequest(
        region_id=REGION, vpn_connection_id=conn, local_subnet=blocks(5, "10.30"))))
    assert err.code == "QuotaExceeded.PolicyBasedRoute"


def test_one_hundred_customer_gateways_a_region(gw):
    for n in range(99):  # the fixture made one
        gw.customer_gateway(f"203.0.{114 + n // 200}.{n % 200 + 1}")
    assert error_of(lambda: gw.customer_gateway("198.51.100.1")).code == "Resource.QuotaFull"


def test_a_scenario_can_raise_a_quota(start_emulator, vpc_models, tmp_path):
    data = scenario.load()
    data["settings"] = dict(data.get("settings") or {}, quotas={"vpn_connections": 11})
    raised = tmp_path / "raised.yml"
    raised.write_text(yaml.safe_dump(data))
    gw = Gateway(start_emulator("--scenario", str(raised), "--time-scale", "0"), vpc_models)
    for n in range(11):
        gw.connect(local=f"10.{n}.0.0/16", auto_config_route=False)
    assert error_of(lambda: gw.connect(local="10.99.0.0/16", auto_config_route=False)).code == "Resource.QuotaFull"


def test_an_unknown_quota_is_refused(start_emulator, tmp_path):
    data = scenario.load()
    data["settings"] = {"quotas": {"vpn_gatways": 3}}
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(RuntimeError, match="unknown quotas vpn_gatways"):
        start_emulator("--scenario", str(bad))
