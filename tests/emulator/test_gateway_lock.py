"""The gateway lock other service modules build on (gateway_for_write & co), exercised in-process.

The connection and route handlers reach it over HTTP in their own tests; here its states are pinned down directly.
"""

import pytest

from emulator_harness import REGION, SINGLE_REGION, SINGLE_VPC, USER_VPC, USER_VSW_E, USER_VSW_F
from eds_emulator import scenario
from eds_emulator.context import Context
from eds_emulator.errors import ApiError
from eds_emulator.server import Emulator
from eds_emulator.services.vpn_gateways import (create_vpn_gateway, delete_vpn_gateway, gateway_for_write,
                                                gateway_or_404, gateway_status, is_dual_tunnel, mark_updating)


@pytest.fixture(name="emulator")
def emulator_fixture():
    return Emulator(scenario.load(), time_scale=1, log=None)


def context(emulator, region=REGION):
    return Context(emulator.store, emulator.settings, "Test", "vpc", emulator.store.region(region), region, "testid", "R")


def new_gateway(emulator, **extra):
    params = {"RegionId": REGION, "VpcId": USER_VPC, "Bandwidth": 10, "VSwitchId": USER_VSW_E,
              "DisasterRecoveryVSwitchId": USER_VSW_F}
    params.update(extra)
    gateway_id = create_vpn_gateway(context(emulator), params)["VpnGatewayId"]
    return gateway_id


def code_of(func, *args, **kwargs):
    with pytest.raises(ApiError) as err:
        func(*args, **kwargs)
    return err.value.code


def test_write_lock_cycle(emulator):
    ctx = context(emulator)
    gateway_id = new_gateway(emulator)
    assert code_of(gateway_for_write, ctx, gateway_id) == "Appliance.Configuring"  # provisioning
    emulator.store.clock.advance(120)
    gw = gateway_for_write(ctx, gateway_id)
    assert gateway_status(ctx, gw) == "updating"
    assert code_of(gateway_for_write, ctx, gateway_id) == "VpnGateway.Configuring"
    emulator.store.clock.advance(10)
    assert gateway_status(ctx, gw) == "active"


def test_mark_false_defers_the_lock(emulator):
    ctx = context(emulator)
    gateway_id = new_gateway(emulator)
    emulator.store.clock.advance(120)
    gw = gateway_for_write(ctx, gateway_id, mark=False)
    assert gateway_status(ctx, gw) == "active"
    mark_updating(ctx, gw)
    assert gateway_status(ctx, gw) == "updating"


def test_absent_unpaid_and_deleting_gateways(emulator):
    ctx = context(emulator)
    assert code_of(gateway_for_write, ctx, "vpn-missing") == "InvalidVpnGatewayInstanceId.NotFound"
    emulator.settings.update({"site": "china"})  # subscription gateways are the China site's (test_sites.py)
    unpaid = new_gateway(emulator, InstanceChargeType="PREPAY", Period=1)
    emulator.settings.update({"site": "international"})
    emulator.store.clock.advance(120)
    assert code_of(gateway_for_write, ctx, unpaid) == "IncorrectStatus.VpnGateway"
    doomed = new_gateway(emulator)
    emulator.store.clock.advance(120)
    delete_vpn_gateway(ctx, {"VpnGatewayId": doomed})
    assert code_of(gateway_for_write, ctx, doomed) == "IncorrectStatus.VpnGateway"
    emulator.store.clock.advance(30)
    assert code_of(gateway_or_404, ctx, doomed) == "InvalidVpnGatewayInstanceId.NotFound"
    assert doomed not in ctx.region.table("vpn_gateways")


def test_dual_tunnel_flag(emulator):
    assert is_dual_tunnel(gateway_or_404(context(emulator), new_gateway(emulator)))
    single = create_vpn_gateway(context(emulator, SINGLE_REGION), {"VpcId": SINGLE_VPC, "Bandwidth": 10})
    assert not is_dual_tunnel(gateway_or_404(context(emulator, SINGLE_REGION), single["VpnGatewayId"]))
