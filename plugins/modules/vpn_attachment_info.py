#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_attachment_info
short_description: List Alibaba Cloud IPsec-VPN attachments, their transit router binding and the peer configuration
version_added: 1.1.0
description:
  - Lists IPsec-VPN attachments (IPsec-VPN connections that belong to no VPN gateway, see
    M(eds.vpc_access.vpn_attachment)) with their negotiation status and their transit router binding.
  - With O(peer_config=true), adds for each attachment the configuration the data-center gateway must load
    (C(DownloadVpnConnectionConfig)), in exactly the shape M(eds.vpc_access.vpn_connection_info) gives
    (C(docs/peer_config.md)), so the C(eds.vpc_access.ipsec_peer) role reads it unchanged.
  - Reads C(DescribeVpnConnections) (every connection of the region, paged; the attachments are those without a VPN
    gateway), as C(DescribeVpnAttachments) lists only the ones attached to a transit router. Makes no change, so it
    runs in check mode too.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  vpn_connection_ids:
    description: Only these attachments (C(vco-...)). A single ID may be given as a string.
    type: list
    elements: str
    aliases: [vpn_connection_id, id]
  name:
    description: Only attachments with exactly this name.
    type: str
  attach_type:
    description: Only attachments bound to a transit router (V(CEN)) or bound to nothing (V(NO_ASSOCIATED)).
    type: str
    choices: [CEN, NO_ASSOCIATED]
  transit_router_id:
    description: Only attachments attached to this transit router.
    type: str
  tags:
    description: Only attachments carrying all these tags (key and value; a null value matches any value).
    type: dict
  peer_config:
    description:
      - Add RV(vpn_attachments[].peer_config), built from C(DownloadVpnConnectionConfig) (one extra read per
        attachment).
    type: bool
    default: false
  return_psk:
    description:
      - Return pre-shared keys in clear, in RV(vpn_attachments[].ike_config), RV(vpn_attachments[].tunnels) and
        RV(vpn_attachments[].peer_config). By default they are C(********).
      - Anything that receives the keys (registered variables, callbacks, C(-v) output) then holds a secret;
        combine with C(no_log) on the task.
    type: bool
    default: false
seealso:
  - module: eds.vpc_access.vpn_attachment
  - module: eds.vpc_access.cen_transit_router_vpn_attachment
'''

EXAMPLES = r'''
- name: The data-center side of an attachment, keys included
  eds.vpc_access.vpn_attachment_info:
    name: dc1-to-tr
    peer_config: true
    return_psk: true
  no_log: true
  register: attachment_info

- name: Configure strongSwan from it (same input as for a VPN gateway connection)
  ansible.builtin.include_role:
    name: eds.vpc_access.ipsec_peer
  vars:
    ipsec_peer_connections:
      - "{{ attachment_info.vpn_attachments[0].peer_config | combine({'local_addrs': ['203.0.113.10']}) }}"

- name: Attachments of a transit router
  eds.vpc_access.vpn_attachment_info:
    transit_router_id: tr-uf6sampleplan000000001
'''

RETURN = r'''
vpn_attachments:
  description:
    - The matching attachments (empty list when none), in the shape of
      RV(eds.vpc_access.vpn_attachment#module:vpn_attachment) (see that module for every key), plus
      RV(vpn_attachments[].peer_config) when requested.
  returned: always
  type: list
  elements: dict
  contains:
    vpn_connection_id:
      description: Connection ID.
      type: str
      sample: vco-bp1bbi27hojx80nck0000
    name:
      description: Connection name.
      type: str
    network_type:
      description: V(public) or V(private).
      type: str
    tunnel_bandwidth:
      description: V(Standard) or V(Large).
      type: str
    attach_type:
      description: V(NO_ASSOCIATED) or V(CEN) (attached to a transit router).
      type: str
    transit_router_id:
      description: The transit router it is attached to, or null.
      type: str
    transit_router_name:
      description: Name of that transit router, or null.
      type: str
    customer_gateway_id:
      description: Customer gateway ID (single tunnel).
      type: str
    routing_mode:
      description: V(protected_flows) or V(destination).
      type: str
    local_subnets:
      description: VPC-side CIDR blocks.
      type: list
      elements: str
    remote_subnets:
      description: Data-center-side CIDR blocks.
      type: list
      elements: str
    status:
      description:
        - Single-tunnel negotiation status. C(ike_sa_not_established), C(ike_sa_established),
          C(ipsec_sa_not_established) or C(ipsec_sa_established).
      type: str
      sample: ipsec_sa_established
    state:
      description: C(provisioning) or C(updating) while a write is applied, then C(active) (bound to nothing),
        C(attaching), C(attached) or C(detaching).
      type: str
    create_time:
      description: Creation time, epoch milliseconds.
      type: int
    effect_immediately:
      description: Whether negotiation starts immediately.
      type: bool
    enable_dpd:
      description: Dead peer detection (single tunnel).
      type: bool
    enable_nat_traversal:
      description: NAT traversal (single tunnel).
      type: bool
    ike_config:
      description: Single-tunnel phase 1 settings (C(psk) masked unless O(return_psk=true)).
      type: dict
    ipsec_config:
      description: Single-tunnel phase 2 settings.
      type: dict
    bgp:
      description: BGP settings and C(status).
      type: dict
    health_check:
      description: Health check settings and C(status) (single tunnel).
      type: dict
    tags:
      description: Tags.
      type: dict
    tunnels:
      description: Dual tunnel only, master first; each with C(tunnel_id), C(role), C(status), C(state),
        C(customer_gateway_id), C(internet_ip), C(ike_config), C(ipsec_config), C(bgp) (with C(status)).
      type: list
      elements: dict
    peer_config:
      description:
        - Only with O(peer_config=true). The configuration of the data-center gateway, C(local) being the data
          center and C(remote) Alibaba Cloud. This shape is a public interface (C(docs/peer_config.md)); keys are
          only ever added.
      type: dict
      returned: when O(peer_config=true)
      contains:
        vpn_connection_id:
          description: The connection this was read from.
          type: str
        name:
          description: Connection name.
          type: str
        vpn_gateway_id:
          description: Empty for an attachment (the key is kept so that the shape is exactly the one of
            M(eds.vpc_access.vpn_connection_info)).
          type: str
        routing_mode:
          description: V(protected_flows) or V(destination) (both subnets C(0.0.0.0/0)).
          type: str
        local_subnets:
          description: Data-center side CIDR blocks (the connection's remote subnets).
          type: list
          elements: str
          sample: [192.10.0.0/16]
        remote_subnets:
          description: Cloud side CIDR blocks (the connection's local subnets).
          type: list
          elements: str
          sample: [192.168.0.0/16]
        tunnels:
          description: Always a list, one entry (single tunnel) or two (dual tunnel, master first).
          type: list
          elements: dict
          contains:
            tunnel_id:
              description: Null for single-tunnel connections, the tunnel ID for dual tunnel.
              type: str
            role:
              description: V(master) or V(slave); a single tunnel is V(master). Prefer master, fail over to slave.
              type: str
            local:
              description: Data-center public IP (the customer gateway IP).
              type: str
              sample: 203.0.113.10
            remote:
              description: Alibaba tunnel IP (public, or from the transit router's CIDR block for a private
                attachment; empty until it is attached).
              type: str
              sample: 47.0.0.10
            ike_config:
              description:
                - C(ike_version), C(ike_mode), C(ike_enc_alg), C(ike_auth_alg), C(ike_pfs), C(ike_lifetime) (int),
                  C(local_id) (data-center identity), C(remote_id) (Alibaba identity), C(psk) (C(********) unless
                  O(return_psk=true)).
              type: dict
              sample: {ike_version: ikev2, ike_mode: main, ike_enc_alg: aes, ike_auth_alg: sha256, ike_pfs: group14,
                       ike_lifetime: 86400, local_id: 203.0.113.10, remote_id: 47.0.0.10, psk: "********"}
            ipsec_config:
              description: C(ipsec_enc_alg), C(ipsec_auth_alg), C(ipsec_pfs), C(ipsec_lifetime) (int).
              type: dict
              sample: {ipsec_enc_alg: aes, ipsec_auth_alg: sha256, ipsec_pfs: group14, ipsec_lifetime: 86400}
            enable_dpd:
              description: Dead peer detection.
              type: bool
            enable_nat_traversal:
              description: NAT traversal.
              type: bool
            bgp:
              description:
                - C(enabled); C(local_asn) (data-center ASN, int), C(peer_asn) (Alibaba ASN, int), C(local_bgp_ip),
                  C(peer_bgp_ip), C(tunnel_cidr). When BGP is off, the keys other than C(enabled) are null.
              type: dict
              sample: {enabled: true, local_asn: 65001, peer_asn: 45104, local_bgp_ip: 169.254.10.2,
                       peer_bgp_ip: 169.254.10.1, tunnel_cidr: 169.254.10.0/30}
'''


from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import matches_tags
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_attachment.model import attachment_out, is_attachment
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.peer_config import peer_config


def matches(shaped, params):
    ids = params.get('vpn_connection_ids')
    if ids and shaped['vpn_connection_id'] not in ids:
        return False
    for key in ('name', 'attach_type', 'transit_router_id'):
        if params.get(key) is not None and shaped[key] != params[key]:
            return False
    wanted = dict((k, None if v is None else str(v)) for k, v in (params.get('tags') or {}).items())
    return matches_tags(shaped['tags'], wanted)


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vpn_connection_ids=dict(type='list', elements='str', aliases=['vpn_connection_id', 'id']),
            name=dict(type='str'),
            attach_type=dict(type='str', choices=['CEN', 'NO_ASSOCIATED']),
            transit_router_id=dict(type='str'),
            tags=dict(type='dict'),
            peer_config=dict(type='bool', default=False),
            return_psk=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    filters = {}
    ids = params.get('vpn_connection_ids') or []
    if len(ids) == 1:
        filters['VpnConnectionId'] = ids[0]
    result = []
    for listed in module.paginate('vpc', 'DescribeVpnConnections', 'VpnConnections.VpnConnection', **filters):
        if not is_attachment(listed):
            continue
        # the list items lack keys (VpnBgpConfig.EnableBgp, TransitRouterName): read the attachment itself
        raw = module.call('vpc', 'DescribeVpnConnection', not_found_ok=True, VpnConnectionId=listed['VpnConnectionId'])
        if not raw:
            continue
        shaped = attachment_out(raw)
        if not matches(shaped, params):
            continue
        item = mask_psk(shaped, params['return_psk'])
        if params['peer_config']:
            download = module.call('vpc', 'DownloadVpnConnectionConfig', VpnConnectionId=shaped['vpn_connection_id'])
            item['peer_config'] = peer_config(raw, download, params['return_psk'])
        result.append(item)
    module.exit_json(changed=False, vpn_attachments=result)


if __name__ == '__main__':
    main()
