#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_connection
short_description: Manage Alibaba Cloud IPsec-VPN connections (single and dual tunnel)
version_added: 1.0.0
description:
  - Create, modify in place and delete an IPsec-VPN connection between a VPN gateway and one or two customer
    gateways (step 1.3 of the EDS private access procedure).
  - The connection is found by O(vpn_connection_id), else by O(vpn_gateway_id) and O(name). More than one
    connection with that name on the gateway is an error that lists their IDs.
  - Every change is made in place with C(ModifyVpnConnectionAttribute), including IKE, IPsec, BGP and health check
    settings and, on dual-tunnel connections, every tunnel setting. Only options you set are compared and changed;
    values are compared as the API returns them (subnets as sets, lifetimes as integers), so a re-run that changes
    nothing makes no write call.
  - Writes put the VPN gateway into C(updating), and the connection's C(State) into C(provisioning) or C(updating)
    a little longer. The module waits for the gateway to be C(active) and the connection ready before its write and,
    with O(wait=true), after it, so that the next task never meets C(VpnGateway.Configuring),
    C(VpnConnection.Configuring) or, for a route through the connection, C(VpnTask.CONFLICT).
  - A connection whose C(State) is C(deleting) counts as absent.
  - All input rules (several CIDR blocks need IKEv2, PSK characters and length, lifetimes, BGP tunnel CIDR, ASN,
    two tunnels for dual-tunnel gateways...) are checked before any write; the rules that need no API state are
    checked before any call.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.vpn_connection_tunnel
  - eds.vpc_access.tags
  - eds.vpc_access.wait
  - eds.vpc_access.quotas.vpn_connection
  - eds.vpc_access.quotas
attributes:
  check_mode:
    support: full
    description: Predicts the result without any write call; a new connection gets the ID C((known after creation)).
  diff_mode:
    support: full
    description: Before/after of the managed attributes; every pre-shared key is shown as C(********).
options:
  state:
    description: Whether the connection should exist.
    type: str
    choices: [present, absent]
    default: present
  vpn_connection_id:
    description:
      - ID of an existing connection (C(vco-...)). Takes precedence over O(vpn_gateway_id) + O(name) to find it.
    type: str
    aliases: [id]
  vpn_gateway_id:
    description:
      - The VPN gateway the connection belongs to. Required to create a connection and to find it by O(name).
      - Its kind decides the connection kind. A dual-tunnel gateway (one with a disaster-recovery vSwitch) needs
        O(tunnels); a single-tunnel gateway needs O(customer_gateway_id).
    type: str
  name:
    description:
      - Name of the connection, 1 to 100 characters, not starting with C(http://) or C(https://).
      - Natural key together with O(vpn_gateway_id).
    type: str
  customer_gateway_id:
    description:
      - Single-tunnel connections only. The customer gateway (data-center device) the connection leads to.
      - Required on create. It cannot be changed afterwards, because the API has no such modification.
    type: str
  auto_config_route:
    description:
      - With O(routing_mode=protected_flows), whether the API adds the policy-based routes of the subnets to the
        VPN gateway by itself (C(AutoConfigRoute); the API default is V(true)).
      - C(DescribeVpnConnection) does not return this setting, so the module cannot read it back. It is sent on
        create and with every modification of the connection; on its own it never makes a change, and the result
        and the diff do not show it.
    type: bool
  network_type:
    description:
      - V(public) (the tunnel runs over the Internet) or V(private) (over a private network such as an Express
        Connect circuit). V(private) needs a private VPN gateway (one created with C(network_type=private)); this
        is checked after reading the gateway, before any write.
      - When omitted, the connection takes the gateway's network type. Fixed at creation (the API has no
        modification of it), so a different value on an existing connection is refused.
      - Sent as C(NetworkType) of C(CreateVpnConnection). The SDK's model of that call has no such parameter while
        C(DescribeVpnConnection) returns one; that the API takes it is UNCONFIRMED (see C(docs/vpn_connection.md)).
    type: str
    choices: [public, private]
  return_psk:
    description:
      - Return the pre-shared keys in clear in RV(vpn_connection). By default they are replaced by C(********).
      - A key you passed in O(psk) is still masked by Ansible itself (it is a C(no_log) value). The diff always
        masks keys.
    type: bool
    default: false
  wait:
    description:
      - Wait until the VPN gateway is C(active) again after a write and the connection's C(State) is no longer
        C(provisioning) or C(updating) (on delete, until the connection is gone).
      - The module always waits for an C(active) gateway and, before a modify or delete, a ready connection before
        a write.
  wait_timeout:
    description: Seconds to wait for the gateway or the connection, per wait.
    default: 600
notes:
  - Unlike amazon.aws, tunnel settings are not frozen at creation. Every setting is modified in place.
  - With O(routing_mode=destination), add routes with the VPN route module; with O(routing_mode=protected_flows)
    the API adds policy routes for the subnets itself.
  - See the collection's C(docs/vpn_connection.md) for the choices made where the API documentation is silent.
seealso:
  - module: eds.vpc_access.vpn_connection_info
'''

EXAMPLES = r'''
- name: Single tunnel, protected data flows, IKEv2 (two VPC CIDR blocks), PSK generated by the API
  eds.vpc_access.vpn_connection:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    customer_gateway_id: "{{ customer_gateway.customer_gateway_id }}"
    name: dc1-to-eds
    local_subnets: [192.168.0.0/16, 172.16.0.0/12]
    remote_subnets: [192.10.0.0/16]
    effect_immediately: true
    ike_config:
      version: ikev2
      enc_alg: aes256
      auth_alg: sha256
      pfs: group14
    ipsec_config:
      enc_alg: aes256
      auth_alg: sha256
      pfs: group14
    tags:
      project: eds

- name: Destination routing with BGP and a PSK from the vault
  eds.vpc_access.vpn_connection:
    vpn_gateway_id: vpn-bp1q8bgx4xnkm2ogj0000
    customer_gateway_id: cgw-bp1jrawp82av6bws90000
    name: dc1-bgp
    routing_mode: destination
    psk: "{{ vault_dc1_psk }}"
    ike_config:
      version: ikev2
    bgp:
      enabled: true
      local_asn: "65010"
      tunnel_cidr: 169.254.10.0/30
      local_bgp_ip: 169.254.10.1

- name: Dual tunnel (gateway with a disaster-recovery vSwitch)
  eds.vpc_access.vpn_connection:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    name: dc1-dual
    local_subnets: [192.168.0.0/16]
    remote_subnets: [192.10.0.0/16]
    tunnels:
      - role: master
        customer_gateway_id: "{{ cgw_primary }}"
        ike_config: {version: ikev2}
      - role: slave
        customer_gateway_id: "{{ cgw_backup }}"
        ike_config: {version: ikev2}

- name: Dual tunnel, the same IKE/IPsec settings and key on both tunnels (top-level defaults), slave overriding one
  eds.vpc_access.vpn_connection:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    name: dc1-dual-defaults
    local_subnets: [192.168.0.0/16]
    remote_subnets: [192.10.0.0/16]
    psk: "{{ vault_dc1_psk }}"
    ike_config: {version: ikev2, enc_alg: aes256, auth_alg: sha256, pfs: group14}
    ipsec_config: {enc_alg: aes256, auth_alg: sha256, pfs: group14}
    tunnels:
      - role: master
        customer_gateway_id: "{{ cgw_primary }}"
      - role: slave
        customer_gateway_id: "{{ cgw_backup }}"
        ike_config: {lifetime: 28800}

- name: Remove the connection
  eds.vpc_access.vpn_connection:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    name: dc1-to-eds
    state: absent
'''

RETURN = r'''
vpn_connection:
  description:
    - The connection after the run (the prediction in check mode); empty dict when absent.
    - Pre-shared keys are C(********) unless O(return_psk=true).
  returned: always
  type: dict
  contains:
    vpn_connection_id:
      description: Connection ID.
      type: str
      sample: vco-bp1bbi27hojx80nck0000
    name:
      description: Connection name.
      type: str
    vpn_gateway_id:
      description: VPN gateway ID.
      type: str
    customer_gateway_id:
      description: Customer gateway (single tunnel; null for dual tunnel, see RV(vpn_connection.tunnels)).
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
    network_type:
      description: V(public) or V(private).
      type: str
    tunnel_bandwidth:
      description:
        - Bandwidth specification of each tunnel as C(DescribeVpnConnection) reports it (null when it reports
          none). The connection API has no parameter to set it; C(CreateVpnAttachment) has (module
          M(eds.vpc_access.vpn_attachment)).
      type: str
    status:
      description:
        - Single-tunnel negotiation status, C(ike_sa_not_established), C(ike_sa_established),
          C(ipsec_sa_not_established) or C(ipsec_sa_established).
      type: str
    state:
      description: Binding state reported by the API.
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
          description: Tunnel negotiation status (same values as RV(vpn_connection.status)).
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
          description: Phase 1 settings, as RV(vpn_connection.ike_config).
          type: dict
        ipsec_config:
          description: Phase 2 settings, as RV(vpn_connection.ipsec_config).
          type: dict
        bgp:
          description: C(local_asn), C(tunnel_cidr), C(local_bgp_ip), C(peer_asn), C(peer_bgp_ip), C(status).
          type: dict
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.resource import VpnConnection
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.spec import REQUIRED_ONE_OF, argument_spec


def main():
    module = AlicloudModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=REQUIRED_ONE_OF,
    )
    VpnConnection(module).run()


if __name__ == "__main__":
    main()
