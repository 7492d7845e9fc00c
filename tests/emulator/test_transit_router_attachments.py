"""Transit router VPN attachments through the real CBN SDK: the default scenario's transit router, attaching an
IPsec-VPN attachment (statuses, zones, auto publish, private addresses from the TR CIDR), route table association
and propagation, update, delete (Force, dependencies), and the busy answers in their windows."""

import pytest

from api_errors import error_of
from emulator_harness import OFFICE_VPC, REGION

CEN = "cen-sampleplan000000001"
TR = "tr-uf6sampleplan000000001"
RT = "vtb-uf6trsystem00000000001"
OFFICE_ATTACHMENT = "tr-attach-uf6officenetwork01"


class Site:
    def __init__(self, emu, vpc_models, cbn_models):
        self.emu, self.vm, self.cm = emu, vpc_models, cbn_models
        self.vpc, self.cbn = emu.vpc(), emu.cbn()
        self.cgw = self.vpc.create_customer_gateway(vpc_models.CreateCustomerGatewayRequest(
            region_id=REGION, ip_address="203.0.113.10")).body.customer_gateway_id

    def connection(self, network_type="public"):
        spec = self.vm.CreateVpnAttachmentRequestTunnelOptionsSpecification
        tunnels = [spec(customer_gateway_id=self.cgw, tunnel_index=index) for index in (1, 2)]
        return self.vpc.create_vpn_attachment(self.vm.CreateVpnAttachmentRequest(
            region_id=REGION, local_subnet="172.16.0.0/12", remote_subnet="192.10.0.0/16", network_type=network_type,
            tunnel_options_specification=tunnels)).body.vpn_connection_id

    def attach(self, vpn_id, **overrides):
        fields = dict(region_id=REGION, cen_id=CEN, transit_router_id=TR, vpn_id=vpn_id,
                      transit_router_attachment_name="dc-vpn", auto_publish_route_enabled=True,
                      zone=[self.cm.CreateTransitRouterVpnAttachmentRequestZone(zone_id="cn-shanghai-e")])
        fields.update(overrides)
        return self.cbn.create_transit_router_vpn_attachment(
            self.cm.CreateTransitRouterVpnAttachmentRequest(**fields)).body.transit_router_attachment_id

    def get(self, attachment_id):
        items = self.cbn.list_transit_router_vpn_attachments(self.cm.ListTransitRouterVpnAttachmentsRequest(
            transit_router_attachment_id=attachment_id)).body.transit_router_attachments
        return items[0] if items else None

    def link(self, verb, attachment_id, table=RT):
        request_cls = {"associate": "AssociateTransitRouterAttachmentWithRouteTableRequest",
                       "dissociate": "DissociateTransitRouterAttachmentFromRouteTableRequest",
                       "enable": "EnableTransitRouterRouteTablePropagationRequest",
                       "disable": "DisableTransitRouterRouteTablePropagationRequest"}[verb]
        method = {"associate": "associate_transit_router_attachment_with_route_table",
                  "dissociate": "dissociate_transit_router_attachment_from_route_table",
                  "enable": "enable_transit_router_route_table_propagation",
                  "disable": "disable_transit_router_route_table_propagation"}[verb]
        request = getattr(self.cm, request_cls)(transit_router_attachment_id=attachment_id,
                                                transit_router_route_table_id=table)
        return getattr(self.cbn, method)(request)

    def associations(self, attachment_id):
        return self.cbn.list_transit_router_route_table_associations(
            self.cm.ListTransitRouterRouteTableAssociationsRequest(transit_router_attachment_id=attachment_id)
        ).body.transit_router_associations

    def propagations(self, attachment_id):
        request = self.cm.ListTransitRouterRouteTablePropagationsRequest(
            transit_router_attachment_id=attachment_id, transit_router_route_table_id=RT)
        return self.cbn.list_transit_router_route_table_propagations(request).body.transit_router_propagations

    def delete(self, attachment_id, force=None):
        return self.cbn.delete_transit_router_vpn_attachment(self.cm.DeleteTransitRouterVpnAttachmentRequest(
            transit_router_attachment_id=attachment_id, force=force))

    def describe_connection(self, connection_id):
        return self.vpc.describe_vpn_connection(self.vm.DescribeVpnConnectionRequest(
            region_id=REGION, vpn_connection_id=connection_id)).body


@pytest.fixture(name="site")
def site_fixture(emu, vpc_models, cbn_models):
    return Site(emu, vpc_models, cbn_models)


@pytest.fixture(name="slow")
def slow_fixture(start_emulator, vpc_models, cbn_models):
    """Real delays (time scale 1) on an emulated clock the test moves by hand."""
    return Site(start_emulator("--time-scale", "1"), vpc_models, cbn_models)


def test_the_default_scenario_has_an_enterprise_transit_router_with_the_office_vpc(site):
    routers = site.cbn.list_transit_routers(site.cm.ListTransitRoutersRequest(cen_id=CEN, region_id=REGION)).body
    assert [(r.transit_router_id, r.type, r.status) for r in routers.transit_routers] == [(TR, "Enterprise", "Active")]
    assert routers.transit_routers[0].transit_router_cidr_list[0].cidr == "10.200.0.0/24"
    tables = site.cbn.list_transit_router_route_tables(site.cm.ListTransitRouterRouteTablesRequest(
        transit_router_id=TR)).body.transit_router_route_tables
    assert [(t.transit_router_route_table_id, t.transit_router_route_table_type) for t in tables] == [(RT, "System")]
    office = site.associations(OFFICE_ATTACHMENT)
    assert [(a.resource_id, a.resource_type, a.status) for a in office] == [(OFFICE_VPC, "VPC", "Active")]


def test_attach_binds_the_connection_and_lists_the_attachment(site):
    connection_id = site.connection()
    attachment_id = site.attach(connection_id)
    item = site.get(attachment_id)
    assert (item.vpn_id, item.transit_router_id, item.cen_id, item.status) == (connection_id, TR, CEN, "Attached")
    assert item.auto_publish_route_enabled is True and [z.zone_id for z in item.zones] == ["cn-shanghai-e"]
    assert item.transit_router_attachment_name == "dc-vpn" and item.resource_type == "VPN"
    view = site.describe_connection(connection_id)
    assert (view.attach_type, view.transit_router_id, view.transit_router_name, view.state) == (
        "CEN", TR, "eds-tr", "attached")
    bound = site.vpc.describe_vpn_attachments(site.vm.DescribeVpnAttachmentsRequest(region_id=REGION)).body
    assert [(a.instance_id, a.transit_router_id) for a in bound.vpn_attachments] == [(connection_id, TR)]


def test_cen_and_region_find_the_transit_router(site):
    attachment_id = site.attach(site.connection(), transit_router_id=None)
    assert site.get(attachment_id).transit_router_id == TR


def test_a_private_connection_gets_addresses_from_the_tr_cidr(site):
    connection_id = site.connection("private")
    attachment_id = site.attach(connection_id)
    tunnels = site.describe_connection(connection_id).tunnel_options_specification.tunnel_options
    assert all(t.internet_ip.startswith("10.200.0.") for t in tunnels)
    assert tunnels[0].tunnel_ike_config.local_id == tunnels[0].internet_ip
    site.delete(attachment_id)
    assert site.get(attachment_id) is None
    tunnels = site.describe_connection(connection_id).tunnel_options_specification.tunnel_options
    assert [t.internet_ip for t in tunnels] == ["", ""]


@pytest.mark.parametrize("overrides, code", [
    (dict(vpn_id="vco-missing"), "InvalidVpnConnectionInstanceId.NotFound"),
    (dict(transit_router_id="tr-missing"), "InvalidTransitRouterId.NotFound"),
    (dict(transit_router_attachment_name="1bad"), "IllegalParam.TransitRouterAttachmentName"),
    (dict(zone=[{"ZoneId": "cn-beijing-a"}]), "IllegalParam.ZoneId"),
    (dict(charge_type="PREPAY"), "InvalidParameter"),
])
def test_bad_input_is_refused(site, cbn_models, overrides, code):
    connection_id = site.connection()
    if "zone" in overrides:
        overrides["zone"] = [cbn_models.CreateTransitRouterVpnAttachmentRequestZone(zone_id="cn-beijing-a")]
    overrides.setdefault("vpn_id", connection_id)
    assert error_of(lambda: site.attach(**overrides)).code == code


def test_a_connection_is_attached_once(site):
    connection_id = site.connection()
    site.attach(connection_id)
    assert error_of(lambda: site.attach(connection_id)).code == "InvalidOperation.VpnConnectionAttached"


def test_associate_and_propagate_then_undo(site):
    attachment_id = site.attach(site.connection())
    site.link("associate", attachment_id)
    site.link("enable", attachment_id)
    assert [(a.transit_router_route_table_id, a.status) for a in site.associations(attachment_id)] == [(RT, "Active")]
    assert [(a.resource_type, a.status) for a in site.propagations(attachment_id)] == [("VPN", "Active")]
    site.link("associate", attachment_id)  # again: accepted, nothing changes
    assert len(site.associations(attachment_id)) == 1
    site.link("dissociate", attachment_id)
    site.link("disable", attachment_id)
    assert site.associations(attachment_id) == [] and site.propagations(attachment_id) == []
    assert error_of(lambda: site.link("dissociate", attachment_id)).status_code == 404


def test_delete_needs_force_while_linked(site):
    connection_id = site.connection()
    attachment_id = site.attach(connection_id)
    site.link("associate", attachment_id)
    err = error_of(lambda: site.delete(attachment_id))
    assert err.code == "OperationFailed.RouteTableAssociationExist"
    site.delete(attachment_id, force=True)
    assert site.get(attachment_id) is None and site.associations(attachment_id) == []
    assert site.describe_connection(connection_id).attach_type == "NO_ASSOCIATED"


def test_delete_vpn_attachment_refuses_while_attached(site):
    connection_id = site.connection()
    site.attach(connection_id)
    err = error_of(lambda: site.vpc.delete_vpn_attachment(site.vm.DeleteVpnAttachmentRequest(
        region_id=REGION, vpn_connection_id=connection_id)))
    assert err.code == "DependencyViolation.TransitRouterAttachment"


def test_update_name_and_auto_publish(site):
    attachment_id = site.attach(site.connection())
    site.cbn.update_transit_router_vpn_attachment_attribute(site.cm.UpdateTransitRouterVpnAttachmentAttributeRequest(
        transit_router_attachment_id=attachment_id, transit_router_attachment_name="renamed",
        auto_publish_route_enabled=False))
    item = site.get(attachment_id)
    assert (item.transit_router_attachment_name, item.auto_publish_route_enabled) == ("renamed", False)


def test_client_token_replays_the_attach(site):
    connection_id = site.connection()
    first = site.attach(connection_id, client_token="tr-token-1")
    assert site.attach(connection_id, client_token="tr-token-1") == first


def test_busy_answers_in_their_windows(slow):
    connection_id, other = slow.connection(), slow.connection()
    assert error_of(lambda: slow.attach(connection_id)).code == "TaskConflict"  # the connection still provisions
    slow.emu.advance(15)
    attachment_id = slow.attach(connection_id)
    assert slow.get(attachment_id).status == "Attaching"
    assert error_of(lambda: slow.attach(other)).code == "OperationFailed.AllocateCidrFailed"
    assert slow.describe_connection(connection_id).state == "attaching"
    err = error_of(lambda: slow.vpc.modify_vpn_attachment_attribute(slow.vm.ModifyVpnAttachmentAttributeRequest(
        region_id=REGION, vpn_connection_id=connection_id, name="busy")))
    assert err.code == "VpnTask.CONFLICT"
    assert error_of(lambda: slow.link("associate", attachment_id)).code == "IncorrectStatus.Status"
    slow.emu.advance(10)
    assert slow.get(attachment_id).status == "Attached"
    slow.link("associate", attachment_id)
    assert slow.associations(attachment_id)[0].status == "Associating"
    assert error_of(lambda: slow.link("enable", attachment_id)).code == "Operation.Blocking"
    slow.emu.advance(3)
    slow.link("enable", attachment_id)
    slow.emu.advance(3)
    slow.delete(attachment_id, force=True)
    assert slow.get(attachment_id).status == "Detaching"
    assert error_of(lambda: slow.delete(attachment_id, force=True)).code == "IncorrectStatus.Status"
    slow.emu.advance(10)
    assert slow.get(attachment_id) is None


def test_the_filters_cen_transit_router_info_uses(site):
    """ListTransitRouters by CEN, region and TransitRouterId (an unknown CEN lists nothing), and
    ListTransitRouterRouteTables by TransitRouterRouteTableType (plugins/module_utils/cen/transit_router.py)."""
    def routers(**fields):
        body = site.cbn.list_transit_routers(site.cm.ListTransitRoutersRequest(page_size=50, **fields)).body
        return [r.transit_router_id for r in body.transit_routers], body.total_count

    assert routers(cen_id=CEN, region_id=REGION, transit_router_id=TR) == ([TR], 1)
    assert routers(cen_id=CEN, region_id=REGION, transit_router_id="tr-uf6nosuchrouter00000001") == ([], 0)
    assert routers(cen_id=CEN, region_id="cn-hangzhou") == ([], 0)
    assert routers(cen_id="cen-nowhere00000000001", region_id=REGION) == ([], 0)

    def tables(kind):
        request = site.cm.ListTransitRouterRouteTablesRequest(transit_router_id=TR, transit_router_route_table_type=kind,
                                                              max_results=100)
        body = site.cbn.list_transit_router_route_tables(request).body
        return [t.transit_router_route_table_id for t in body.transit_router_route_tables]
    assert tables("System") == [RT]
    assert tables("Custom") == []
