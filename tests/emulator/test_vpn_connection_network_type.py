"""NetworkType of IPsec-VPN connections over the wire (the module's network_type): the gateway's by default,
private only on a private gateway, fixed once created; TunnelBandwidth as DescribeVpnConnection(s) return it.

CreateVpnConnection's SDK model has no NetworkType, so it is sent the way the modules send every call: through the
SDK's generic OpenApiClient.call_api (plugins/module_utils/client/clients.py)."""

import pytest
from alibabacloud_tea_openapi import utils_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.exceptions import ClientException
from darabonba.runtime import RuntimeOptions

from emulator_harness import SINGLE_REGION, SINGLE_VPC, SINGLE_VSW


def _call(emu, action, **query):
    client = OpenApiClient(emu.config())
    params = utils_models.Params(action=action, version="2016-04-28", protocol="HTTP", pathname="/", method="POST",
                                 auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    query = dict((k, str(v) if isinstance(v, (bool, int)) else v) for k, v in query.items())
    return client.call_api(params, utils_models.OpenApiRequest(query=dict(query, RegionId=SINGLE_REGION)),
                           RuntimeOptions())["body"]


def _gateway(emu, models, network_type):
    client = emu.vpc()
    gw = client.create_vpn_gateway(models.CreateVpnGatewayRequest(
        region_id=SINGLE_REGION, vpc_id=SINGLE_VPC, v_switch_id=SINGLE_VSW, auto_pay=True,
        bandwidth=200 if network_type == "private" else 10, network_type=network_type)).body.vpn_gateway_id
    emu.advance(600)
    return gw


@pytest.fixture
def cgw(emu, vpc_models):
    return emu.vpc().create_customer_gateway(vpc_models.CreateCustomerGatewayRequest(
        region_id=SINGLE_REGION, ip_address="203.0.113.10")).body.customer_gateway_id


def _create(emu, gw, cgw, **kw):
    return _call(emu, "CreateVpnConnection", VpnGatewayId=gw, CustomerGatewayId=cgw, LocalSubnet="192.168.0.0/16",
                 RemoteSubnet="192.10.0.0/16", **kw)["VpnConnectionId"]


def _describe(emu, conn_id):
    return _call(emu, "DescribeVpnConnection", VpnConnectionId=conn_id)


def test_connection_takes_the_gateway_network_type(emu, vpc_models, cgw):
    private_gw = _gateway(emu, vpc_models, "private")
    conn = _describe(emu, _create(emu, private_gw, cgw))
    assert conn["NetworkType"] == "private"
    assert conn["TunnelBandwidth"] == ""
    listed = _call(emu, "DescribeVpnConnections", VpnGatewayId=private_gw)["VpnConnections"]["VpnConnection"]
    assert [c["NetworkType"] for c in listed] == ["private"]


@pytest.mark.parametrize("gateway_type,wanted", [("private", "private"), ("private", "public"), ("public", "public")])
def test_network_type_given_on_create_is_kept(emu, vpc_models, cgw, gateway_type, wanted):
    gw = _gateway(emu, vpc_models, gateway_type)
    assert _describe(emu, _create(emu, gw, cgw, NetworkType=wanted))["NetworkType"] == wanted


@pytest.mark.parametrize("value,message", [("private", "needs a private VPN gateway"), ("intranet", "Valid values")])
def test_private_on_a_public_gateway_and_unknown_values_are_refused(emu, vpc_models, cgw, value, message):
    gw = _gateway(emu, vpc_models, "public")
    with pytest.raises(ClientException) as err:
        _create(emu, gw, cgw, NetworkType=value)
    assert err.value.code == "InvalidParameter" and "NetworkType" in err.value.message and message in err.value.message
    assert _call(emu, "DescribeVpnConnections", VpnGatewayId=gw)["TotalCount"] == 0


def test_network_type_cannot_be_modified(emu, vpc_models, cgw):
    gw = _gateway(emu, vpc_models, "private")
    conn_id = _create(emu, gw, cgw)
    emu.advance(600)
    with pytest.raises(ClientException) as err:
        _call(emu, "ModifyVpnConnectionAttribute", VpnConnectionId=conn_id, NetworkType="public")
    assert err.value.code == "InvalidParameter" and "NetworkType" in err.value.message
    _call(emu, "ModifyVpnConnectionAttribute", VpnConnectionId=conn_id, NetworkType="private", Name="same-type")
    assert _describe(emu, conn_id)["NetworkType"] == "private"


def test_auto_config_route_is_accepted_on_create_and_modify_and_not_returned(emu, vpc_models, cgw):
    gw = _gateway(emu, vpc_models, "public")
    conn_id = _create(emu, gw, cgw, AutoConfigRoute=False)
    emu.advance(600)
    _call(emu, "ModifyVpnConnectionAttribute", VpnConnectionId=conn_id, AutoConfigRoute=True)
    # as the SDK's response models document it: DescribeVpnConnection has no AutoConfigRoute
    assert "AutoConfigRoute" not in _describe(emu, conn_id)
