#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_attachment
short_description: Manage Alibaba Cloud IPsec-VPN attachments (IPsec connections for a CEN transit router)
version_added: 1.1.0
description:
  - Create, modify in place and delete an IPsec-VPN attachment - an IPsec-VPN connection that belongs to no VPN
    gateway and is attached to a CEN transit router afterwards with M(eds.vpc_access.cen_transit_router_vpn_attachment)
    (VPC API C(CreateVpnAttachment), C(ModifyVpnAttachmentAttribute), C(DeleteVpnAttachment), read with
    C(DescribeVpnConnection)). This is the "associated resource - none / transit router" choice of the console.
  - The attachment is found by O(vpn_connection_id), else by its natural key O(name) among the region's attachments
    (connections without a VPN gateway). More than one attachment with that name is an error that lists their IDs.
  - O(tunnels) makes a dual-tunnel attachment (the default kind in dual-tunnel regions), O(customer_gateway_id) a
    single-tunnel one. Every other setting (subnets, IKE, IPsec, DPD, NAT traversal, BGP, health check, every tunnel
    setting) is changed in place; O(network_type) and O(tunnel_bandwidth) are fixed at creation. Only options you set
    are compared, as the API returns them, so a re-run that changes nothing makes no write call.
  - The option rules are those of M(eds.vpc_access.vpn_connection) and are all checked before any API call.
  - A write makes the attachment C(provisioning) or C(updating) for a while. The module waits for it to settle
    before each write and, with O(wait=true), after it. Deleting an attachment that is still attached to a transit
    router fails before any write, naming the transit router.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.vpn_connection_tunnel
  - eds.vpc_access.tags
  - eds.vpc_access.wait
  - eds.vpc_access.quotas.vpn_attachment
  - eds.vpc_access.quotas
attributes:
  check_mode:
    support: full
    description: Predicts the result without any write call; a new attachment gets the ID C((known after creation)).
  diff_mode:
    support: full
    description: Before/after of the attachment; every pre-shared key is shown as C(********).
options:
  state:
    description: Whether the attachment should exist.
    type: str
    choices: [present, absent]
    default: present
  vpn_connection_id:
    description:
      - ID of an existing attachment (C(vco-...)). Takes precedence over O(name) to find it.
    type: str
    aliases: [id]
  name:
    description:
      - Name of the attachment, 1 to 100 characters, not starting with C(http://) or C(https://).
      - The natural key, unique among the attachments of the region. Required to create.
    type: str
  network_type:
    description:
      - V(public) (over the Internet) or V(private) (over a private network, for example an Express Connect
        circuit; the tunnel addresses then come from the transit router's CIDR block when it is attached).
      - Fixed at creation; the API default is V(public).
    type: str
    choices: [public, private]
  tunnel_bandwidth:
    description:
      - Bandwidth specification of each tunnel, V(Standard) (1 Gbit/s) or V(Large) (3 Gbit/s). Fixed at creation;
        the API default is V(Standard).
    type: str
    choices: [Standard, Large]
  customer_gateway_id:
    description:
      - Single-tunnel attachments only. The customer gateway (data-center device) the attachment leads to.
      - Required to create a single-tunnel attachment. It cannot be changed afterwards.
    type: str
  return_psk:
    description:
      - Return the pre-shared keys in clear in RV(vpn_attachment). By default they are replaced by C(********).
      - A key you passed in O(psk) is still masked by Ansible itself (it is a C(no_log) value). The diff always
        masks keys.
    type: bool
    default: false
  wait:
    description:
      - Wait until the attachment has applied the write (its state is no longer C(provisioning) or C(updating)),
        and, on delete, until it is gone. The module always waits for that before a write.
  wait_timeout:
    description: Seconds to wait, per wait.
    default: 600
notes:
  - Tags are set at creation (C(Tags.N)) and changed with C(TagResources) resource type C(VPNATTACHMENT).
  - The requests name tunnels by index (C(TunnelOptionsSpecification.N.TunnelIndex), 1 = master, 2 = slave), as the
    C(CreateVpnAttachment) SDK model does.
  - Attach the attachment to a transit router with M(eds.vpc_access.cen_transit_router_vpn_attachment); the
    data-center side is configured from M(eds.vpc_access.vpn_attachment_info) C(peer_config), the same shape as
    for a VPN gateway connection.
  - See the collection's C(docs/vpn_attachment.md) for the choices made where the API documentation is silent.
seealso:
  - module: eds.vpc_access.vpn_attachment_info
  - module: eds.vpc_access.cen_transit_router_vpn_attachment
  - module: eds.vpc_access.vpn_connection
'''

EXAMPLES = r'''
- name: Dual-tunnel attachment for the transit router, BGP over both tunnels
  eds.vpc_access.vpn_attachment:
    name: dc1-to-tr
    local_subnets: [172.16.0.0/12]
    remote_subnets: [192.10.0.0/16]
    effect_immediately: true
    bgp:
      enabled: true
    tunnels:
      - role: master
        customer_gateway_id: "{{ cgw_primary }}"
        psk: "{{ vault_dc1_psk_1 }}"
        ike_config: {version: ikev2, enc_alg: aes256, auth_alg: sha256, pfs: group14}
        bgp: {tunnel_cidr: 169.254.11.0/30, local_bgp_ip: 169.254.11.1}
      - role: slave
        customer_gateway_id: "{{ cgw_backup }}"
        psk: "{{ vault_dc1_psk_2 }}"
        ike_config: {version: ikev2, enc_alg: aes256, auth_alg: sha256, pfs: group14}
        bgp: {tunnel_cidr: 169.254.12.0/30, local_bgp_ip: 169.254.12.1}
  register: attachment

- name: Single tunnel over a private network
  eds.vpc_access.vpn_attachment:
    name: dc2-private
    network_type: private
    customer_gateway_id: "{{ cgw_dc2 }}"
    local_subnets: [172.16.0.0/12]
    remote_subnets: [10.20.0.0/16]
    ike_config: {version: ikev2}

- name: Remove it (detach it from the transit router first)
  eds.vpc_access.vpn_attachment:
    name: dc1-to-tr
    state: absent
'''

RETURN = r'''
vpn_attachment:
  description:
    - The attachment after the run (the prediction in check mode); empty dict when absent.
    - Pre-shared keys are C(********) unless O(return_psk=true).
  returned: always
  type: dict
  contains:
    vpn_connection_id:
      description: Attachment (IPsec-VPN connection) ID; the C(VpnId) of its transit router attachment.
      type: str
      sample: vco-bp1bbi27hojx80nck0000
    name:
      description: Attachment name.
      type: str
    network_type:
      description: V(public) or V(private).
      type: str
    tunnel_bandwidth:
      description: V(Standard) or V(Large).
      type: str
    attach_type:
      description: V(NO_ASSOCIATED) (bound to nothing) or V(CEN) (attached to a transit router).
      type: str
    transit_router_id:
      description: The transit router it is attached to, or null.
      type: str
    transit_router_name:
      description: Name of that transit router, or null.
      type: str
    customer_gateway_id:
      description: Customer gateway (single tunnel; null for dual tunnel, see RV(vpn_attachment.tunnels)).
      type: str
    routing_mode:
      description: V(protected_flows) or V(destination) (both subnets C(0.0.0.0/0)).
      type: str
    local_subnets:
      description: VPC-side CIDR blocks, sorted.
      type: list
      elements: str
    remote_subnets:
      description: Data-center-side CIDR blocks, sorted.
      type: list
      elements: str
    effect_immediately:
      description: Whether negotiation starts immediately.
      type: bool
    status:
      description:
        - Single-tunnel negotiation status, C(ike_sa_not_established), C(ike_sa_established),
          C(ipsec_sa_not_established) or C(ipsec_sa_established).
      type: str
    state:
      description: C(provisioning) or C(updating) while a write is applied, then C(active) (bound to nothing),
        C(attaching), C(attached) or C(detaching) (its transit router binding).
      type: str
    create_time:
      description: Creation time, epoch milliseconds.
      type: int
    tags:
      description: Tags.
      type: dict
    enable_dpd:
      description: Dead peer detection (single tunnel).
      type: bool
    enable_nat_traversal:
      description: NAT traversal (single tunnel).
      type: bool
    ike_config:
      description: Phase 1 settings (single tunnel; null for dual tunnel).
      type: dict
      sample: {version: ikev2, mode: main, enc_alg: aes, auth_alg: sha256, pfs: group14, lifetime: 86400,
               local_id: 47.0.0.10, remote_id: 203.0.113.10, psk: "********"}
    ipsec_config:
      description: Phase 2 settings (single tunnel).
      type: dict
      sample: {enc_alg: aes, auth_alg: sha256, pfs: group14, lifetime: 86400}
    bgp:
      description:
        - BGP. Single tunnel C(enabled), C(local_asn), C(tunnel_cidr), C(local_bgp_ip), C(peer_asn),
          C(peer_bgp_ip), C(status) (ASNs as integers). Dual tunnel only C(enabled); the rest is per tunnel.
      type: dict
    health_check:
      description: Health check (single tunnel) with C(enabled), C(source_ip), C(destination_ip), C(interval),
        C(retry), C(policy), C(status).
      type: dict
    tunnels:
      description: Dual tunnel only (empty list otherwise), master first.
      type: list
      elements: dict
      contains:
        tunnel_id:
          description: Tunnel ID.
          type: str
        role:
          description: V(master) or V(slave).
          type: str
        customer_gateway_id:
          description: Customer gateway of the tunnel.
          type: str
        internet_ip:
          description: Alibaba-side tunnel IP.
          type: str
        status:
          description: Tunnel negotiation status (same values as RV(vpn_attachment.status)).
          type: str
        state:
          description: Tunnel state.
          type: str
        zone_no:
          description: Zone of the tunnel.
          type: str
        enable_dpd:
          description: Dead peer detection.
          type: bool
        enable_nat_traversal:
          description: NAT traversal.
          type: bool
        ike_config:
          description: Phase 1 settings, as RV(vpn_attachment.ike_config).
          type: dict
        ipsec_config:
          description: Phase 2 settings, as RV(vpn_attachment.ipsec_config).
          type: dict
        bgp:
          description: C(local_asn), C(tunnel_cidr), C(local_bgp_ip), C(peer_asn), C(peer_bgp_ip), C(status).
          type: dict
retries:
  description: Transient API errors that were retried (action, kind, code, delay, attempt).
  returned: always
  type: list
  elements: dict
'''


from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_attachment.resource import VpnAttachment
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_attachment.spec import argument_spec


def main():
    module = AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True,
                            required_one_of=[('vpn_connection_id', 'name')])
    VpnAttachment(module).run()


if __name__ == '__main__':
    main()
