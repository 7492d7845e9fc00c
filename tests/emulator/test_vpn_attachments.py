"""IPsec-VPN attachments through the real VPC SDK: CreateVpnAttachment (dual and single tunnel, public and private),
DescribeVpnConnection / DescribeVpnAttachments for an attachment, ModifyVpnAttachmentAttribute, DeleteVpnAttachment,
validation, the PSK, DownloadVpnConnectionConfig, and the busy answers in their windows."""

import json

import pytest

from api_errors import error_of
from emulator_harness import REGION, SINGLE_REGION


class Site:
    def __init__(self, emu, models):
        self.emu, self.models, self.client = emu, models, emu.vpc()
        self.cgw1 = self.cgw("203.0.113.10", asn="65010")
        self.cgw2 = self.cgw("203.0.113.11", asn="65010")

    def cgw(self, ip, region=REGION, asn=None):
        return self.client.create_customer_gateway(self.models.CreateCustomerGatewayRequest(
            region_id=region, ip_address=ip, asn=asn)).body.customer_gateway_id

    def tunnels(self, psk="tunnel-psk-1", **ike):
        models = self.models
        out = []
        for index, cgw in ((1, self.cgw1), (2, self.cgw2)):
            out.append(models.CreateVpnAttachmentRequestTunnelOptionsSpecification(
                customer_gateway_id=cgw, tunnel_index=index, enable_dpd=True, enable_nat_traversal=True,
                tunnel_ike_config=models.CreateVpnAttachmentRequestTunnelOptionsSpecificationTunnelIkeConfig(
                    psk=f"{psk}-{index}", ike_version="ikev2", ike_enc_alg="aes256", ike_auth_alg="sha256",
                    ike_pfs="group14", **ike),
                tunnel_ipsec_config=models.CreateVpnAttachmentRequestTunnelOptionsSpecificationTunnelIpsecConfig(
                    ipsec_enc_alg="aes256", ipsec_auth_alg="sha256", ipsec_pfs="group14"),
                tunnel_bgp_config=models.CreateVpnAttachmentRequestTunnelOptionsSpecificationTunnelBgpConfig(
                    tunnel_cidr=f"169.254.1{index}.0/30", local_bgp_ip=f"169.254.1{index}.1")))
        return out

    def create(self, **overrides):
        fields = dict(region_id=REGION, name="dc-attachment", local_subnet="172.16.0.0/12",
                      remote_subnet="192.10.0.0/16", network_type="public", tunnel_options_specification=self.tunnels(),
                      enable_tunnels_bgp=True)
        fields.update(overrides)
        return self.client.create_vpn_attachment(self.models.CreateVpnAttachmentRequest(**fields)).body

    def describe(self, connection_id):
        return self.client.describe_vpn_connection(self.models.DescribeVpnConnectionRequest(
            region_id=REGION, vpn_connection_id=connection_id)).body

    def modify(self, connection_id, **fields):
        return self.client.modify_vpn_attachment_attribute(self.models.ModifyVpnAttachmentAttributeRequest(
            region_id=REGION, vpn_connection_id=connection_id, **fields)).body

    def delete(self, connection_id):
        return self.client.delete_vpn_attachment(self.models.DeleteVpnAttachmentRequest(
            region_id=REGION, vpn_connection_id=connection_id)).body

    def attachments(self, attach_type=None):
        return self.client.describe_vpn_attachments(self.models.DescribeVpnAttachmentsRequest(
            region_id=REGION, attach_type=attach_type)).body


@pytest.fixture(name="site")
def site_fixture(emu, vpc_models):
    return Site(emu, vpc_models)


def test_dual_tunnel_attachment_is_described_as_an_unbound_connection(site):
    created = site.create()
    assert created.vpn_connection_id.startswith("vco-") and created.name == "dc-attachment"
    body = site.describe(created.vpn_connection_id)
    assert (body.attach_type, body.vpn_gateway_id, body.transit_router_id) == ("NO_ASSOCIATED", "", "")
    assert body.network_type == "public" and body.tunnel_bandwidth == "Standard" and body.state == "active"
    assert body.enable_tunnels_bgp is True
    tunnels = body.tunnel_options_specification.tunnel_options
    assert [(t.role, t.tunnel_index, t.customer_gateway_id) for t in tunnels] == [
        ("master", 1, site.cgw1), ("slave", 2, site.cgw2)]
    assert [t.zone_no for t in tunnels] == ["cn-shanghai-e", "cn-shanghai-f"]
    assert tunnels[0].internet_ip and tunnels[1].internet_ip and tunnels[0].internet_ip != tunnels[1].internet_ip
    assert tunnels[0].tunnel_ike_config.psk == "tunnel-psk-1-1" and tunnels[0].tunnel_ike_config.ike_version == "ikev2"
    assert tunnels[0].tunnel_ike_config.local_id == tunnels[0].internet_ip
    assert tunnels[1].tunnel_ike_config.remote_id == "203.0.113.11"
    assert tunnels[0].tunnel_bgp_config.tunnel_cidr == "169.254.11.0/30"
    assert tunnels[0].tunnel_bgp_config.peer_asn == "65010"


def test_single_tunnel_attachment_and_its_json_blocks(site):
    created = site.create(tunnel_options_specification=None, enable_tunnels_bgp=None, customer_gateway_id=site.cgw1,
                          ike_config=json.dumps({"Psk": "single-psk", "IkeVersion": "ikev2"}),
                          health_check_config=json.dumps({"enable": True, "dip": "192.10.0.1", "sip": "172.16.0.1"}))
    body = site.describe(created.vpn_connection_id)
    assert body.customer_gateway_id == site.cgw1 and body.tunnel_options_specification.tunnel_options == []
    assert body.ike_config.psk == "single-psk" and body.ike_config.ike_version == "ikev2"
    assert body.vco_health_check.enable == "true" and body.vco_health_check.dip == "192.10.0.1"


def test_the_single_tunnel_region_refuses_tunnel_options(emu, site):
    cgw = site.cgw("203.0.113.30", region=SINGLE_REGION)
    request = site.models.CreateVpnAttachmentRequest(
        region_id=SINGLE_REGION, local_subnet="10.10.0.0/16", remote_subnet="192.10.0.0/16",
        tunnel_options_specification=site.tunnels())
    err = error_of(lambda: site.client.create_vpn_attachment(request))
    assert err.code == "InvalidParameter" and "TunnelOptionsSpecification" in err.message
    request = site.models.CreateVpnAttachmentRequest(region_id=SINGLE_REGION, local_subnet="10.10.0.0/16",
                                                     remote_subnet="192.10.0.0/16", customer_gateway_id=cgw)
    assert site.client.create_vpn_attachment(request).body.vpn_connection_id


def test_private_attachment_has_no_address_until_attached(site):
    body = site.describe(site.create(network_type="private").vpn_connection_id)
    assert body.network_type == "private"
    assert [t.internet_ip for t in body.tunnel_options_specification.tunnel_options] == ["", ""]


@pytest.mark.parametrize("overrides, code, named", [
    (dict(local_subnet=None), "MissingParameter", "LocalSubnet"),
    (dict(network_type="internet"), "InvalidParameter", "NetworkType"),
    (dict(tunnel_bandwidth="Huge"), "InvalidParameter", "TunnelBandwidth"),
    (dict(remote_subnet="192.10.0.0/33"), "IllegalParam.RemoteSubnet", "RemoteSubnet"),
    (dict(tunnel_options_specification=None), "MissingParameter", "TunnelOptionsSpecification"),
    (dict(customer_gateway_id="cgw-x"), "InvalidParameter", "CustomerGatewayId"),
])
def test_bad_input_is_refused_and_named(site, overrides, code, named):
    err = error_of(lambda: site.create(**overrides))
    assert err.code == code and named in err.message
    assert site.attachments("NO_ASSOCIATED").total_count == 0


def test_bad_tunnel_index_and_psk_are_named(site):
    tunnels = site.tunnels()
    tunnels[1].tunnel_index = 3
    err = error_of(lambda: site.create(tunnel_options_specification=tunnels))
    assert "TunnelOptionsSpecification.2.TunnelIndex" in err.message
    err = error_of(lambda: site.create(tunnel_options_specification=site.tunnels(psk="has space")))
    assert "TunnelIkeConfig.Psk" in err.message


def test_describe_vpn_attachments_filters_by_binding(site):
    first = site.create().vpn_connection_id
    assert site.attachments().total_count == 0  # the documented default AttachType is CEN: bound ones only
    unbound = site.attachments("NO_ASSOCIATED")
    assert [a.instance_id for a in unbound.vpn_attachments] == [first]
    assert unbound.vpn_attachments[0].attach_type == "NO_ASSOCIATED"
    assert unbound.vpn_attachments[0].tunnel_bandwidth == "Standard"


def test_modify_changes_subnets_and_one_tunnel_keeping_the_other(site):
    connection_id = site.create().vpn_connection_id
    models = site.models
    tunnel = models.ModifyVpnAttachmentAttributeRequestTunnelOptionsSpecification(
        tunnel_index=2, tunnel_ike_config=models.ModifyVpnAttachmentAttributeRequestTunnelOptionsSpecificationTunnelIkeConfig(
            psk="rotated-psk"))
    body = site.modify(connection_id, remote_subnet="192.10.0.0/16,192.20.0.0/16", name="renamed",
                       tunnel_options_specification=[tunnel])
    assert body.name == "renamed" and body.remote_subnet == "192.10.0.0/16,192.20.0.0/16"
    assert body.attach_type == "NO_ASSOCIATED" and [t.tunnel_index for t in body.tunnel_options_specification] == [1, 2]
    view = site.describe(connection_id).tunnel_options_specification.tunnel_options
    assert [t.tunnel_ike_config.psk for t in view] == ["tunnel-psk-1-1", "rotated-psk"]
    assert view[1].tunnel_ike_config.ike_enc_alg == "aes256"


def test_modify_refuses_a_new_network_type_and_single_tunnel_blocks(site):
    connection_id = site.create().vpn_connection_id
    assert "NetworkType" in error_of(lambda: site.modify(connection_id, network_type="private")).message
    assert "IkeConfig" in error_of(lambda: site.modify(connection_id, ike_config='{"Psk": "x"}')).message


def test_delete_removes_it_and_a_gateway_connection_is_no_attachment(site):
    connection_id = site.create().vpn_connection_id
    site.delete(connection_id)
    err = error_of(lambda: site.describe(connection_id))
    assert err.code == "InvalidVpnConnectionInstanceId.NotFound" and err.status_code == 404
    assert error_of(lambda: site.delete(connection_id)).status_code == 404


def test_download_config_gives_the_peer_view(site):
    connection_id = site.create().vpn_connection_id
    config = site.client.download_vpn_connection_config(site.models.DownloadVpnConnectionConfigRequest(
        region_id=REGION, vpn_connection_id=connection_id)).body.vpn_connection_config
    tunnels = config.tunnels_config.tunnel_config
    assert config.local_subnet == "192.10.0.0/16" and config.remote_subnet == "172.16.0.0/12"
    assert [t.local for t in tunnels] == ["203.0.113.10", "203.0.113.11"]
    assert tunnels[0].ike_config.psk == "tunnel-psk-1-1"


def test_the_customer_gateway_in_use_cannot_be_deleted(site):
    site.create()
    err = error_of(lambda: site.client.delete_customer_gateway(site.models.DeleteCustomerGatewayRequest(
        region_id=REGION, customer_gateway_id=site.cgw1)))
    assert err.code == "DependencyViolation.VpnConnection"


def test_client_token_replays_the_create(site):
    first = site.create(client_token="attach-token-1").vpn_connection_id
    again = site.create(client_token="attach-token-1").vpn_connection_id
    assert first == again and site.attachments("NO_ASSOCIATED").total_count == 1


@pytest.fixture(name="slow_site")
def slow_site_fixture(start_emulator, vpc_models):
    """Real delays (time scale 1) on an emulated clock the test moves by hand."""
    return Site(start_emulator("--time-scale", "1"), vpc_models)


def test_appliance_configuring_then_vpn_connection_configuring(slow_site):
    connection_id = slow_site.create().vpn_connection_id
    assert slow_site.describe(connection_id).state == "provisioning"
    err = error_of(lambda: slow_site.modify(connection_id, name="later"))
    assert (err.code, err.status_code) == ("Appliance.Configuring", 400)
    assert error_of(lambda: slow_site.delete(connection_id)).code == "Appliance.Configuring"
    slow_site.emu.advance(15)
    slow_site.modify(connection_id, name="later")
    assert slow_site.describe(connection_id).state == "updating"
    assert error_of(lambda: slow_site.delete(connection_id)).code == "VpnConnection.Configuring"
    slow_site.emu.advance(15)
    slow_site.delete(connection_id)
