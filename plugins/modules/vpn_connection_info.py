#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_connection_info
short_description: List Alibaba Cloud IPsec-VPN connections, their tunnel status and the peer configuration
version_added: 1.0.0
description:
  - Lists IPsec-VPN connections with their negotiation status (for example C(ike_sa_established),
    C(ipsec_sa_established)), so that a playbook can wait for a tunnel to come up.
  - With O(peer_config=true), adds for each connection the configuration the data-center gateway must load
    (C(DownloadVpnConnectionConfig), from the data center's point of view). Its shape is documented in
    C(docs/peer_config.md) and is the input of the C(eds.vpc_access.ipsec_peer) role.
  - RV(vpn_connections[].telemetry) gives, per tunnel, the negotiation status, the phase that failed last, the BGP
    and health-check status.
  - Pages through all results. Makes no change, so it runs in check mode too.
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.info_module
options:
  vpn_connection_ids:
    description: Only these connections (C(vco-...)). A single ID may be given as a string.
    type: list
    elements: str
    aliases: [vpn_connection_id, id]
  vpn_gateway_id:
    description: Only connections of this VPN gateway.
    type: str
  customer_gateway_id:
    description: Only connections to this customer gateway (single-tunnel connections, or either tunnel of a
      dual-tunnel connection).
    type: str
  name:
    description: Only connections with exactly this name.
    type: str
  status:
    description:
      - Only connections whose negotiation status is one of these. A dual-tunnel connection matches when either
        tunnel has one of them (the statuses of RV(vpn_connections[].telemetry)).
      - The API has no such filter; it is applied to the listed connections.
    type: list
    elements: str
    choices: [ike_sa_not_established, ike_sa_established, ipsec_sa_not_established, ipsec_sa_established]
  tags:
    description: Only connections carrying all these tags (key and value; a null value matches any value).
    type: dict
  peer_config:
    description:
      - Add RV(vpn_connections[].peer_config), built from C(DownloadVpnConnectionConfig) (one extra read per
        connection).
    type: bool
    default: false
  return_psk:
    description:
      - Return pre-shared keys in clear, in RV(vpn_connections[].ike_config), RV(vpn_connections[].tunnels) and
        RV(vpn_connections[].peer_config). By default they are C(********).
      - Anything that receives the keys (registered variables, callbacks, C(-v) output) then holds a secret;
        combine with C(no_log) on the task.
    type: bool
    default: false
seealso:
  - module: eds.vpc_access.vpn_connection
'''

EXAMPLES = r'''
- name: Wait until the IPsec SA of the connection is established
  eds.vpc_access.vpn_connection_info:
    vpn_connection_ids: "{{ conn.vpn_connection.vpn_connection_id }}"
  register: info
  until: info.vpn_connections[0].status == 'ipsec_sa_established'
  retries: 30
  delay: 10

- name: Peer configuration for the data-center gateway, keys included
  eds.vpc_access.vpn_connection_info:
    vpn_gateway_id: "{{ vpn_gateway.vpn_gateway_id }}"
    name: dc1-to-eds
    peer_config: true
    return_psk: true
  register: peer
  no_log: true

- name: Configure strongSwan from it
  ansible.builtin.include_role:
    name: eds.vpc_access.ipsec_peer
  vars:
    ipsec_peer_connections: "{{ peer.vpn_connections | map(attribute='peer_config') | list }}"
'''

RETURN = r'''
vpn_connections:
  description:
    - The matching connections (empty list when none), in the shape of RV(eds.vpc_access.vpn_connection#module:vpn_connection)
      (see that module for every key), plus RV(vpn_connections[].peer_config) when requested.
  returned: always
  type: list
  elements: dict
  contains:
    vpn_connection_id:
      description: Connection ID.
      type: str
      sample: vco-bp1bbi27hojx80nck0000
    name: &connection_name
      description: Connection name.
      type: str
    vpn_gateway_id: &vpn_gateway_id
      description: VPN gateway ID.
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
      description: Binding state reported by the API.
      type: str
    create_time:
      description: Creation time, epoch milliseconds.
      type: int
    effect_immediately:
      description: Whether negotiation starts immediately.
      type: bool
    network_type:
      description: V(public) or V(private).
      type: str
    tunnel_bandwidth:
      description: Bandwidth specification of each tunnel as the API reports it (null when it reports none).
      type: str
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
    telemetry:
      description:
        - What the API reports about each tunnel, master first; a single-tunnel connection has one entry (role
          V(master), C(tunnel_id) null). The same for both kinds of connection, so a playbook reads one list.
        - The API has no failure-reason field; C(status) is the outcome of the last negotiation. The reason is in
          the connection's logs (M(eds.vpc_access.vpn_connection_logs_info)).
      type: list
      elements: dict
      contains:
        tunnel_id:
          description: Tunnel ID (null for a single-tunnel connection).
          type: str
        role:
          description: V(master) or V(slave).
          type: str
        customer_gateway_id:
          description: Customer gateway of the tunnel.
          type: str
        internet_ip:
          description: Public address of the VPN gateway's end of the tunnel.
          type: str
        state:
          description: State reported by the API.
          type: str
        status:
          description: C(ike_sa_not_established), C(ike_sa_established), C(ipsec_sa_not_established) or
            C(ipsec_sa_established).
          type: str
          sample: ike_sa_not_established
        ike_sa_established:
          description: Phase 1 is done (null when the status is unknown).
          type: bool
        ipsec_sa_established:
          description: Phase 2 is done (null when the status is unknown).
          type: bool
        failed_phase:
          description: V(1) or V(2) when the last negotiation failed in that phase, else null.
          type: int
          sample: 1
        last_failure:
          description: The failed phase in words, as the API documents the status, else null.
          type: str
          sample: phase 1 (IKE SA) negotiation failed
        bgp_status:
          description: BGP session status as the API reports it (null without BGP).
          type: str
        health_check_status:
          description: Health check status as the API reports it (single tunnel; null when off or dual tunnel).
          type: str
          sample: failed
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
        name: *connection_name
        vpn_gateway_id: *vpn_gateway_id
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
              description: Alibaba VPN gateway (tunnel) public IP.
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

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.peer_config import peer_config
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import matches_tags
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.api import VpnConnectionApi
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out, mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.telemetry import has_status, telemetry


STATUSES = ["ike_sa_not_established", "ike_sa_established", "ipsec_sa_not_established", "ipsec_sa_established"]


def matches(shaped, params):
    """Client-side filters the API lacks (name, several IDs, customer gateway of a tunnel) or may apply loosely."""
    ids = params.get("vpn_connection_ids")
    if ids and shaped["vpn_connection_id"] not in ids:
        return False
    if params.get("name") is not None and shaped["name"] != params["name"]:
        return False
    cgw = params.get("customer_gateway_id")
    if cgw and cgw != shaped["customer_gateway_id"] and cgw not in [t["customer_gateway_id"] for t in shaped["tunnels"]]:
        return False
    wanted = dict((k, None if v is None else str(v)) for k, v in (params.get("tags") or {}).items())
    return matches_tags(shaped["tags"], wanted)


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vpn_connection_ids=dict(type="list", elements="str", aliases=["vpn_connection_id", "id"]),
            vpn_gateway_id=dict(type="str"),
            customer_gateway_id=dict(type="str"),
            name=dict(type="str"),
            status=dict(type="list", elements="str", choices=STATUSES),
            tags=dict(type="dict"),
            peer_config=dict(type="bool", default=False),
            return_psk=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    api = VpnConnectionApi(module)
    filters = {}
    if params.get("vpn_gateway_id"):
        filters["VpnGatewayId"] = params["vpn_gateway_id"]
    if params.get("tags") and None not in params["tags"].values():
        filters["Tag"] = [{"Key": k, "Value": str(v)} for k, v in sorted(params["tags"].items())]
    ids = params.get("vpn_connection_ids") or []
    if len(ids) == 1:
        filters["VpnConnectionId"] = ids[0]
    raws = api.list(**filters)
    result = []
    for raw in raws:
        shaped = connection_out(raw)
        if not matches(shaped, params):
            continue
        item = mask_psk(shaped, params["return_psk"])
        item["telemetry"] = telemetry(shaped, raw)
        if not has_status(item["telemetry"], params.get("status")):
            continue
        if params["peer_config"]:
            item["peer_config"] = peer_config(raw, api.download(shaped["vpn_connection_id"]), params["return_psk"])
        result.append(item)
    module.exit_json(changed=False, vpn_connections=result)


if __name__ == "__main__":
    main()
