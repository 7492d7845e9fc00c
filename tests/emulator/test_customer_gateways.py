"""Customer gateways through the real SDK: create/describe/modify/delete and every validation rule."""

import pytest
from alibabacloud_vpc20160428 import models

from api_errors import error_of
from emulator_harness import REGION, SINGLE_REGION


def create(client, ip="203.0.113.10", **kwargs):
    return client.create_customer_gateway(models.CreateCustomerGatewayRequest(region_id=REGION, ip_address=ip, **kwargs)).body


def describe(client, gateway_id):
    return client.describe_customer_gateway(models.DescribeCustomerGatewayRequest(
        region_id=REGION, customer_gateway_id=gateway_id)).body


def tag(key, value):
    return models.CreateCustomerGatewayRequestTags(key=key, value=value)


def test_create_and_describe(emu):
    client = emu.vpc()
    created = create(client, name="dc-edge", description="on-prem strongSwan", asn="65010", auth_key="md5-key",
                     tags=[tag("site", "tokyo")])
    assert created.customer_gateway_id.startswith("cgw-")
    assert (created.ip_address, created.name, created.description) == ("203.0.113.10", "dc-edge", "on-prem strongSwan")
    assert isinstance(created.create_time, int)
    cgw = describe(client, created.customer_gateway_id)
    assert cgw.asn == 65010 and isinstance(cgw.asn, int)
    assert cgw.auth_key == "md5-key"
    assert [(t.key, t.value) for t in cgw.tags.tag] == [("site", "tokyo")]


def test_asn_absent_is_left_out(emu):
    cgw = describe(emu.vpc(), create(emu.vpc()).customer_gateway_id)
    assert cgw.asn is None and cgw.name == ""


@pytest.mark.parametrize("asn,value", [("1", 1), ("4294967295", 4294967295), ("123.456", 8061384),
                                       ("0.1", 1), ("65535.65535", 4294967295)])
def test_asn_forms(emu, asn, value):
    assert describe(emu.vpc(), create(emu.vpc(), asn=asn).customer_gateway_id).asn == value


@pytest.mark.parametrize("asn", ["45104", "0.45104", "0", "4294967296", "65536.1", "1.65536", "-5", "AS65000", "1.2.3"])
def test_asn_rejected(emu, asn):
    err = error_of(create, emu.vpc(), asn=asn)
    assert err.code == "InvalidAsn" and err.status_code == 400


@pytest.mark.parametrize("ip", ["100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.10.10", "224.0.0.5",
                                "239.255.255.255", "255.0.0.1", "0.0.0.0"])
def test_forbidden_ranges(emu, ip):
    assert error_of(create, emu.vpc(), ip=ip).code == "InvalidIpAddress.WrongFormat"


@pytest.mark.parametrize("ip", ["1.2.3", "300.1.1.1", "203.0.113.0/24", "gateway.example.com", "::1"])
def test_malformed_ip(emu, ip):
    assert error_of(create, emu.vpc(), ip=ip).code == "InvalidIpAddress.WrongFormat"


def test_allowed_edges_of_forbidden_ranges(emu):
    for ip in ("100.63.255.255", "100.128.0.0", "223.255.255.255", "192.10.0.1"):
        assert create(emu.vpc(), ip=ip).ip_address == ip


def test_ip_must_be_unique_per_region(emu):
    client = emu.vpc()
    create(client)
    err = error_of(create, client)
    assert err.code == "InvalidIpAddress.AlreadyExist" and err.status_code == 400
    other = client.create_customer_gateway(models.CreateCustomerGatewayRequest(region_id=SINGLE_REGION,
                                                                               ip_address="203.0.113.10"))
    assert other.body.customer_gateway_id


def test_missing_ip(emu):
    err = error_of(emu.vpc().create_customer_gateway, models.CreateCustomerGatewayRequest(region_id=REGION))
    assert err.code == "MissingParameter" and "IpAddress" in err.message


@pytest.mark.parametrize("kwargs,code", [
    ({"name": ""}, "InvalidName"), ({"name": "n" * 101}, "InvalidName"), ({"name": "http://cgw"}, "InvalidName"),
    ({"description": "https://x"}, "InvalidDescription"), ({"description": "d" * 101}, "InvalidDescription"),
    ({"auth_key": "has space"}, "InvalidAuthKey"), ({"auth_key": "why?"}, "InvalidAuthKey"),
    ({"auth_key": "k" * 65}, "InvalidAuthKey"), ({"auth_key": "密钥"}, "InvalidAuthKey"),
    ({"tags": [tag("aliyun-x", "v")]}, "InvalidTagKey"), ({"tags": [tag("acs:x", "v")]}, "InvalidTagKey"),
    ({"tags": [tag("k", "http://v")]}, "InvalidTagValue"), ({"tags": [tag("", "v")]}, "InvalidTagKey"),
    ({"tags": [tag("k" * 65, "v")]}, "InvalidTagKey"), ({"tags": [tag("k", "v" * 129)]}, "InvalidTagValue"),
    ({"tags": [tag("k", "1"), tag("k", "2")]}, "InvalidParameter"),
    ({"tags": [tag(f"k{i}", "v") for i in range(21)]}, "InvalidParameter"),
])
def test_create_validation(emu, kwargs, code):
    assert error_of(create, emu.vpc(), **kwargs).code == code
    assert emu.vpc().describe_customer_gateways(models.DescribeCustomerGatewaysRequest(region_id=REGION)).body.total_count == 0


def test_describe_unknown_is_404(emu):
    err = error_of(describe, emu.vpc(), "cgw-nope")
    assert err.code == "InvalidCustomerGatewayInstanceId.NotFound" and err.status_code == 404


def test_list_filters_and_paging(emu):
    client = emu.vpc()
    made = [create(client, ip=f"198.51.100.{i}", tags=[tag("n", str(i % 2))]).customer_gateway_id for i in range(1, 8)]

    def listing(**kwargs):
        return client.describe_customer_gateways(models.DescribeCustomerGatewaysRequest(region_id=REGION, **kwargs)).body

    body = listing(page_size=3, page_number=3)
    assert (body.total_count, body.page_number, body.page_size) == (7, 3, 3)
    assert [c.customer_gateway_id for c in body.customer_gateways.customer_gateway] == made[6:]
    assert [c.customer_gateway_id for c in listing(customer_gateway_id=made[2]).customer_gateways.customer_gateway] == [made[2]]
    odd = listing(tag=[models.DescribeCustomerGatewaysRequestTag(key="n", value="1")])
    assert odd.total_count == 4


def test_modify(emu):
    client = emu.vpc()
    gateway_id = create(client, name="old").customer_gateway_id
    body = client.modify_customer_gateway_attribute(models.ModifyCustomerGatewayAttributeRequest(
        region_id=REGION, customer_gateway_id=gateway_id, name="new", description="desc", auth_key="k2")).body
    assert (body.name, body.description, body.ip_address) == ("new", "desc", "203.0.113.10")
    assert describe(client, gateway_id).auth_key == "k2"
    err = error_of(client.modify_customer_gateway_attribute, models.ModifyCustomerGatewayAttributeRequest(
        region_id=REGION, customer_gateway_id=gateway_id, name="https://bad"))
    assert err.code == "InvalidName"
    assert describe(client, gateway_id).name == "new"


def test_delete(emu):
    client = emu.vpc()
    gateway_id = create(client).customer_gateway_id
    client.delete_customer_gateway(models.DeleteCustomerGatewayRequest(region_id=REGION, customer_gateway_id=gateway_id))
    assert error_of(describe, client, gateway_id).status_code == 404
    again = error_of(client.delete_customer_gateway, models.DeleteCustomerGatewayRequest(
        region_id=REGION, customer_gateway_id=gateway_id))
    assert again.code == "InvalidCustomerGatewayInstanceId.NotFound"
    assert create(client).ip_address == "203.0.113.10"  # the address is free again


@pytest.mark.parametrize("connection", [
    {"CustomerGatewayId": "CGW"},
    {"TunnelOptionsSpecification": [{"CustomerGatewayId": "cgw-other"}, {"CustomerGatewayId": "CGW"}]},
])
def test_delete_refused_while_a_connection_uses_it(emu, connection):
    gateway_id = create(emu.vpc()).customer_gateway_id
    state = emu.state()["store"]
    record = {k: (gateway_id if v == "CGW" else v) for k, v in connection.items()}
    if "TunnelOptionsSpecification" in record:
        record["TunnelOptionsSpecification"][1]["CustomerGatewayId"] = gateway_id
    state["regions"][REGION]["tables"]["vpn_connections"] = {"vco-1": dict(record, VpnConnectionId="vco-1")}
    emu.admin("/state", {"store": state})
    err = error_of(emu.vpc().delete_customer_gateway, models.DeleteCustomerGatewayRequest(
        region_id=REGION, customer_gateway_id=gateway_id))
    assert err.code == "DependencyViolation.VpnConnection"


def test_client_token_replay(emu):
    client = emu.vpc()
    first = create(client, client_token="cgw-token")
    assert create(client, client_token="cgw-token").customer_gateway_id == first.customer_gateway_id
    assert error_of(create, client, ip="203.0.113.99", client_token="cgw-token").code == "IdempotentParameterMismatch"
