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
  - Writes put the VPN gateway into C(updating). The module waits for the gateway to be C(active) before its write
    and, with O(wait=true), after it, so that the next task never meets C(VpnGateway.Configuring).
  - All input rules (several CIDR blocks need IKEv2, PSK characters and length, lifetimes, BGP tunnel CIDR, ASN,
    two tunnels for dual-tunnel gateways...) are checked before any write; the rules that need no API state are
    checked before any call.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
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
  routing_mode:
    description:
      - V(protected_flows) (policy-based) negotiates O(local_subnets) against O(remote_subnets).
      - V(destination) (route-based) uses C(0.0.0.0/0) on both sides. Routes are then added with the VPN route
        module; O(local_subnets) and O(remote_subnets) must be omitted or C([0.0.0.0/0]).
      - When omitted, the mode follows the subnets given (or stays as it is).
    type: str
    choices: [protected_flows, destination]
  local_subnets:
    description:
      - CIDR blocks on the Alibaba Cloud (VPC) side, for phase 2 negotiation. Compared as a set.
      - Several CIDR blocks on either side require IKEv2 (O(ike_config.version=ikev2)).
    type: list
    elements: str
  remote_subnets:
    description:
      - CIDR blocks on the data-center side, for phase 2 negotiation. Compared as a set.
    type: list
    elements: str
  effect_immediately:
    description:
      - V(true) starts negotiation right after configuration; V(false) (the API default) waits for traffic.
    type: bool
  psk:
    description:
      - Single-tunnel pre-shared key. 1 to 100 characters, letters, digits and C(~!`@#$%^&*()_-+={}[]\|;:'",.<>/?),
        no spaces.
      - When omitted on create, the API generates a 16-character key. The module never returns it unless
        O(return_psk=true). Use M(eds.vpc_access.vpn_connection_info) with C(peer_config=true) and
        C(return_psk=true) to hand it to the data-center gateway.
    type: str
  return_psk:
    description:
      - Return the pre-shared keys in clear in RV(vpn_connection). By default they are replaced by C(********).
      - A key you passed in O(psk) is still masked by Ansible itself (it is a C(no_log) value). The diff always
        masks keys.
    type: bool
    default: false
  ike_config:
    description: Single-tunnel phase 1 (IKE) settings. Keys you omit keep their current value (the API default
      on create, shown in brackets).
    type: dict
    suboptions:
      version:
        description: IKE version [V(ikev1)]. Several local or remote CIDR blocks require V(ikev2).
        type: str
        choices: [ikev1, ikev2]
        aliases: [ike_version]
      mode:
        description: Negotiation mode [V(main)].
        type: str
        choices: [main, aggressive]
        aliases: [ike_mode]
      enc_alg:
        description: Encryption algorithm [V(aes)].
        type: str
        choices: [aes, aes192, aes256, des, 3des]
        aliases: [ike_enc_alg]
      auth_alg:
        description: Authentication algorithm [V(md5)].
        type: str
        choices: [md5, sha1, sha256, sha384, sha512]
        aliases: [ike_auth_alg]
      pfs:
        description: Diffie-Hellman group [V(group2)].
        type: str
        choices: [group1, group2, group5, group14]
        aliases: [ike_pfs]
      lifetime:
        description: SA lifetime in seconds, 0 to 86400 [C(86400)].
        type: int
        aliases: [ike_lifetime]
      local_id:
        description: Alibaba-side identity, at most 100 characters, no spaces [the gateway IP].
        type: str
      remote_id:
        description: Data-center identity, at most 100 characters, no spaces [the customer gateway IP].
        type: str
  ipsec_config:
    description: Single-tunnel phase 2 (IPsec) settings. Keys you omit keep their current value (API default on
      create in brackets).
    type: dict
    suboptions:
      enc_alg:
        description: Encryption algorithm [V(aes)].
        type: str
        choices: [aes, aes192, aes256, des, 3des]
        aliases: [ipsec_enc_alg]
      auth_alg:
        description: Authentication algorithm [V(md5)].
        type: str
        choices: [md5, sha1, sha256, sha384, sha512]
        aliases: [ipsec_auth_alg]
      pfs:
        description: Diffie-Hellman group, or V(disabled) [V(group2)].
        type: str
        choices: [disabled, group1, group2, group5, group14]
        aliases: [ipsec_pfs]
      lifetime:
        description: SA lifetime in seconds, 0 to 86400 [C(86400)].
        type: int
        aliases: [ipsec_lifetime]
  enable_dpd:
    description: Single-tunnel dead peer detection [V(true)].
    type: bool
  enable_nat_traversal:
    description: Single-tunnel NAT traversal [V(true)].
    type: bool
  bgp:
    description:
      - BGP dynamic routing. On a single-tunnel connection all keys apply.
      - On a dual-tunnel connection only O(bgp.enabled) is allowed here (it switches BGP for both tunnels); the
        other keys go in O(tunnels[].bgp).
    type: dict
    suboptions:
      enabled:
        description: Whether BGP runs over the tunnel(s) [V(false)].
        type: bool
      local_asn:
        description:
          - Alibaba-side ASN, 1 to 4294967295, plain (C(65010)) or asdot (C(1.10)) [C(45104)].
          - Returned as an integer.
        type: str
      tunnel_cidr:
        description:
          - A /30 inside 169.254.0.0/16, not 169.254.0.0/30 to 169.254.6.0/30 nor 169.254.169.252/30;
            unique per gateway.
        type: str
      local_bgp_ip:
        description: Alibaba-side BGP address, a host address of O(bgp.tunnel_cidr).
        type: str
  health_check:
    description: Single-tunnel health check (probes sent through the tunnel).
    type: dict
    suboptions:
      enabled:
        description: Whether the health check runs [V(false)].
        type: bool
      source_ip:
        description: Source IP of the probes (an address on the VPC side). Required when enabled.
        type: str
        aliases: [sip]
      destination_ip:
        description: Destination IP of the probes (an address in the data center). Required when enabled.
        type: str
        aliases: [dip]
      interval:
        description: Seconds between probes [C(3)].
        type: int
      retry:
        description: Failed probes before the tunnel counts as down [C(3)].
        type: int
      policy:
        description: Whether routes are withdrawn (V(revoke_route)) or kept (V(reserve_route)) when the check fails.
        type: str
        choices: [revoke_route, reserve_route]
  tunnels:
    description:
      - Dual-tunnel connections. Exactly two entries, one with O(tunnels[].role=master) and one with
        O(tunnels[].role=slave). Required on dual-tunnel gateways, refused on single-tunnel ones.
      - Tunnels are matched by role. Keys you omit keep their current value (the API default on create).
    type: list
    elements: dict
    suboptions:
      role:
        description: V(master) (preferred path) or V(slave) (standby).
        type: str
        required: true
        choices: [master, slave]
      customer_gateway_id:
        description: The customer gateway of this tunnel; required on create, can be changed in place.
        type: str
      psk:
        description: Pre-shared key of this tunnel (same rules as O(psk)); generated by the API when omitted.
        type: str
      enable_dpd:
        description: Dead peer detection [V(true)].
        type: bool
      enable_nat_traversal:
        description: NAT traversal [V(true)].
        type: bool
      ike_config:
        description: Phase 1 settings of the tunnel, same keys and defaults as O(ike_config).
        type: dict
        suboptions:
          version:
            description: IKE version. Several local or remote CIDR blocks require V(ikev2).
            type: str
            choices: [ikev1, ikev2]
            aliases: [ike_version]
          mode:
            description: Negotiation mode.
            type: str
            choices: [main, aggressive]
            aliases: [ike_mode]
          enc_alg:
            description: Encryption algorithm.
            type: str
            choices: [aes, aes192, aes256, des, 3des]
            aliases: [ike_enc_alg]
          auth_alg:
            description: Authentication algorithm.
            type: str
            choices: [md5, sha1, sha256, sha384, sha512]
            aliases: [ike_auth_alg]
          pfs:
            description: Diffie-Hellman group.
            type: str
            choices: [group1, group2, group5, group14]
            aliases: [ike_pfs]
          lifetime:
            description: SA lifetime in seconds, 0 to 86400.
            type: int
            aliases: [ike_lifetime]
          local_id:
            description: Alibaba-side identity [the tunnel IP].
            type: str
          remote_id:
            description: Data-center identity [the customer gateway IP].
            type: str
      ipsec_config:
        description: Phase 2 settings of the tunnel, same keys and defaults as O(ipsec_config).
        type: dict
        suboptions:
          enc_alg:
            description: Encryption algorithm.
            type: str
            choices: [aes, aes192, aes256, des, 3des]
            aliases: [ipsec_enc_alg]
          auth_alg:
            description: Authentication algorithm.
            type: str
            choices: [md5, sha1, sha256, sha384, sha512]
            aliases: [ipsec_auth_alg]
          pfs:
            description: Diffie-Hellman group, or V(disabled).
            type: str
            choices: [disabled, group1, group2, group5, group14]
            aliases: [ipsec_pfs]
          lifetime:
            description: SA lifetime in seconds, 0 to 86400.
            type: int
            aliases: [ipsec_lifetime]
      bgp:
        description: BGP settings of the tunnel; same rules as O(bgp). O(tunnels[].bgp.enabled) must agree between
          the tunnels and with O(bgp.enabled).
        type: dict
        suboptions:
          enabled:
            description: Whether BGP runs (one switch for both tunnels).
            type: bool
          local_asn:
            description: Alibaba-side ASN, plain or asdot.
            type: str
          tunnel_cidr:
            description: A /30 inside 169.254.0.0/16 (see O(bgp.tunnel_cidr)); different for the two tunnels.
            type: str
          local_bgp_ip:
            description: Alibaba-side BGP address inside O(tunnels[].bgp.tunnel_cidr).
            type: str
  tags:
    description:
      - Tags of the connection (at most 20). Set on create, changed with C(TagResources)/C(UnTagResources).
    type: dict
  purge_tags:
    description: Remove tags not listed in O(tags). Only applies when O(tags) is set.
    type: bool
    default: true
  wait:
    description:
      - Wait until the VPN gateway is C(active) again after a write (and, on delete, until the connection is gone).
      - The module always waits for C(active) before a write.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the gateway, per wait.
    type: int
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
retries:
  description: Transient API errors that were retried (action, kind, code, delay, attempt).
  returned: always
  type: list
  elements: dict
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.compare import (
    CHECK_MODE_ID,
    apply_vpc_tags,
    compare_tags,
    fail_on_errors,
    merged_tags,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.desired import (
    changes,
    desired_from_params,
    initial_state,
    predict,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.model import connection_out, mask_psk
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.requests import (
    create_request,
    modify_request,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.rules import (
    state_problems,
    static_problems,
)
from ansible_collections.eds.vpc_access.plugins.module_utils.vpn_connection.api import TAG_RESOURCE_TYPE, VpnConnectionApi

ENC = ["aes", "aes192", "aes256", "des", "3des"]
AUTH = ["md5", "sha1", "sha256", "sha384", "sha512"]


def ike_spec():
    return dict(
        version=dict(type="str", choices=["ikev1", "ikev2"], aliases=["ike_version"]),
        mode=dict(type="str", choices=["main", "aggressive"], aliases=["ike_mode"]),
        enc_alg=dict(type="str", choices=ENC, aliases=["ike_enc_alg"]),
        auth_alg=dict(type="str", choices=AUTH, aliases=["ike_auth_alg"]),
        pfs=dict(type="str", choices=["group1", "group2", "group5", "group14"], aliases=["ike_pfs"]),
        lifetime=dict(type="int", aliases=["ike_lifetime"]),
        local_id=dict(type="str"),
        remote_id=dict(type="str"),
    )


def ipsec_spec():
    return dict(
        enc_alg=dict(type="str", choices=ENC, aliases=["ipsec_enc_alg"]),
        auth_alg=dict(type="str", choices=AUTH, aliases=["ipsec_auth_alg"]),
        pfs=dict(type="str", choices=["disabled", "group1", "group2", "group5", "group14"], aliases=["ipsec_pfs"]),
        lifetime=dict(type="int", aliases=["ipsec_lifetime"]),
    )


def bgp_spec():
    return dict(
        enabled=dict(type="bool"),
        local_asn=dict(type="str"),
        tunnel_cidr=dict(type="str"),
        local_bgp_ip=dict(type="str"),
    )


def argument_spec():
    return dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        vpn_connection_id=dict(type="str", aliases=["id"]),
        vpn_gateway_id=dict(type="str"),
        name=dict(type="str"),
        customer_gateway_id=dict(type="str"),
        routing_mode=dict(type="str", choices=["protected_flows", "destination"]),
        local_subnets=dict(type="list", elements="str"),
        remote_subnets=dict(type="list", elements="str"),
        effect_immediately=dict(type="bool"),
        psk=dict(type="str", no_log=True),
        return_psk=dict(type="bool", default=False),
        ike_config=dict(type="dict", options=ike_spec()),
        ipsec_config=dict(type="dict", options=ipsec_spec()),
        enable_dpd=dict(type="bool"),
        enable_nat_traversal=dict(type="bool"),
        bgp=dict(type="dict", options=bgp_spec()),
        health_check=dict(type="dict", options=dict(
            enabled=dict(type="bool"),
            source_ip=dict(type="str", aliases=["sip"]),
            destination_ip=dict(type="str", aliases=["dip"]),
            interval=dict(type="int"),
            retry=dict(type="int"),
            policy=dict(type="str", choices=["revoke_route", "reserve_route"]),
        )),
        tunnels=dict(type="list", elements="dict", options=dict(
            role=dict(type="str", required=True, choices=["master", "slave"]),
            customer_gateway_id=dict(type="str"),
            psk=dict(type="str", no_log=True),
            enable_dpd=dict(type="bool"),
            enable_nat_traversal=dict(type="bool"),
            ike_config=dict(type="dict", options=ike_spec()),
            ipsec_config=dict(type="dict", options=ipsec_spec()),
            bgp=dict(type="dict", options=bgp_spec()),
        )),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )


class VpnConnectionModule(object):
    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.api = VpnConnectionApi(module)
        self.changed = False

    def run(self):
        fail_on_errors(self.module, static_problems(self.params))
        raw = self.api.find(self.params.get("vpn_connection_id"), self.params.get("vpn_gateway_id"),
                            self.params.get("name"))
        if self.params["state"] == "absent":
            return self.absent(raw)
        if raw is None and self.params.get("vpn_connection_id"):
            self.module.fail_json(msg="vpn_connection_id %s: no such connection; to create one, give vpn_gateway_id "
                                      "and name instead" % self.params["vpn_connection_id"])
        return self.present(raw)

    def absent(self, raw):
        before = connection_out(raw) if raw else None
        if raw is not None:
            self.changed = True
            if not self.module.check_mode:
                self.api.delete(raw, wait=self.params["wait"], timeout=self.params["wait_timeout"])
        return self.result(before, None)

    def present(self, raw):
        gateway_id = raw["VpnGatewayId"] if raw else self.params.get("vpn_gateway_id")
        if raw and self.params.get("vpn_gateway_id") and self.params["vpn_gateway_id"] != gateway_id:
            self.module.fail_json(msg="vpn_connection_id %s belongs to VPN gateway %s, not vpn_gateway_id %s"
                                      % (raw["VpnConnectionId"], gateway_id, self.params["vpn_gateway_id"]))
        if not raw and not self.params.get("name"):
            self.module.fail_json(msg="name is required to create a connection")
        gateway = self.api.gateway(gateway_id)
        current = connection_out(raw) if raw else None
        desired = desired_from_params(self.params)
        fail_on_errors(self.module, state_problems(self.params, desired, current, gateway))
        if current is None:
            return self.create(gateway, desired)
        return self.update(current, desired)

    def create(self, gateway, desired):
        dual = bool(self.params.get("tunnels"))
        full = quotas.full(self.api.gateway_connections or 0, quotas.CONNECTIONS_PER_GATEWAY, "IPsec-VPN connections",
                           "VPN gateway %s" % gateway["VpnGatewayId"])
        if full:
            self.module.fail_json(msg=full)
        self.changed = True
        request = create_request(desired, gateway["VpnGatewayId"], dual, self.params.get("tags"))
        if self.module.check_mode:
            after = predict(initial_state(desired, gateway["VpnGatewayId"], dual), desired)
            after.update(vpn_connection_id=CHECK_MODE_ID, tags=self.tags() or {})
            return self.result(None, after)
        raw = self.api.create(request, wait=self.params["wait"], timeout=self.params["wait_timeout"])
        return self.result(None, connection_out(raw))

    def update(self, current, desired):
        changed = changes(desired, current)
        wanted_tags = self.tags()
        to_set, to_remove = compare_tags(current["tags"], wanted_tags, self.params["purge_tags"])
        if not changed and not to_set and not to_remove:
            return self.result(current, current)
        self.changed = True
        after = predict(current, desired)
        after["tags"] = merged_tags(current["tags"], wanted_tags, self.params["purge_tags"])
        if self.module.check_mode:
            return self.result(current, after)
        conn_id = current["vpn_connection_id"]
        if changed:
            self.api.modify(current["vpn_gateway_id"], modify_request(conn_id, changed, desired, current),
                            wait=self.params["wait"], timeout=self.params["wait_timeout"])
        apply_vpc_tags(self.module, TAG_RESOURCE_TYPE, conn_id, to_set, to_remove)
        return self.result(current, connection_out(self.api.describe(conn_id)))

    def tags(self):
        """Wanted tags as the API returns them (values are strings), None when tags are not managed."""
        if self.params.get("tags") is None:
            return None
        return dict((k, "" if v is None else str(v)) for k, v in self.params["tags"].items())

    def result(self, before, after):
        return_psk = self.params["return_psk"]
        out = dict(changed=self.changed, vpn_connection=mask_psk(after, return_psk) or {}, retries=self.module.retries)
        if self.module.diff_mode:
            out["diff"] = dict(before=mask_psk(before) or {}, after=mask_psk(after) or {})
        return out


def main():
    module = AlicloudModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=[("vpn_connection_id", "name")],
    )
    module.exit_json(**VpnConnectionModule(module).run())


if __name__ == "__main__":
    main()
