# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # the subnets, key and IKE/IPsec/BGP/health-check settings of an IPsec-VPN connection and its tunnels
    # (modules vpn_connection and vpn_attachment; argument spec in module_utils/vpn_connection/spec.py)
    DOCUMENTATION = r'''
options:
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
      - Pre-shared key. 1 to 100 characters, letters, digits and C(~!`@#$%^&*()_-+={}[]\|;:'",.<>/?), no spaces.
      - With O(tunnels), the default of O(tunnels[].psk) (both tunnels then share the key unless an entry sets its
        own).
      - When omitted on create, the API generates a 16-character key. The module never returns it unless
        O(return_psk=true). Use the module's C(_info) companion (M(eds.vpc_access.vpn_connection_info) for a
        connection, M(eds.vpc_access.vpn_attachment_info) for an attachment) with C(peer_config=true) and
        C(return_psk=true) to hand it to the data-center gateway.
    type: str
  ike_config:
    description:
      - Phase 1 (IKE) settings. Keys you omit keep their current value (the API default on create, shown in
        brackets).
      - With O(tunnels), the defaults of both tunnels; a key set in O(tunnels[].ike_config) overrides it for that
        tunnel (merged key by key).
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
    description:
      - Phase 2 (IPsec) settings. Keys you omit keep their current value (API default on create in brackets).
      - With O(tunnels), the defaults of both tunnels, merged key by key with O(tunnels[].ipsec_config).
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
    description: Dead peer detection [V(true)]. With O(tunnels), the default of O(tunnels[].enable_dpd).
    type: bool
  enable_nat_traversal:
    description: NAT traversal [V(true)]. With O(tunnels), the default of O(tunnels[].enable_nat_traversal).
    type: bool
  bgp:
    description:
      - BGP dynamic routing. On a single-tunnel connection all keys apply.
      - With O(tunnels), O(bgp.enabled) switches BGP for both tunnels and O(bgp.local_asn) is the default of
        O(tunnels[].bgp.local_asn); O(bgp.tunnel_cidr) and O(bgp.local_bgp_ip) differ per tunnel and are refused
        here (set O(tunnels[].bgp.tunnel_cidr), O(tunnels[].bgp.local_bgp_ip)).
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
      - O(psk), O(enable_dpd), O(enable_nat_traversal), O(ike_config), O(ipsec_config) and O(bgp.local_asn) at
        the top level are the defaults of every entry. A value set in the entry overrides the default; for the
        dict options the merge is per key (an entry that sets only O(tunnels[].ike_config.lifetime) keeps the
        other top-level O(ike_config) keys). The diff and the result show each tunnel's effective values.
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
        description: Pre-shared key of this tunnel (same rules as O(psk)); default O(psk); generated by the API
          when both are omitted.
        type: str
      enable_dpd:
        description: Dead peer detection; default O(enable_dpd) [V(true)].
        type: bool
      enable_nat_traversal:
        description: NAT traversal; default O(enable_nat_traversal) [V(true)].
        type: bool
      ike_config:
        description: Phase 1 settings of the tunnel, same keys as O(ike_config); each key defaults to O(ike_config)'s.
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
        description: Phase 2 settings of the tunnel, same keys as O(ipsec_config); each key defaults to
          O(ipsec_config)'s.
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
            description: Alibaba-side ASN, plain or asdot; default O(bgp.local_asn).
            type: str
          tunnel_cidr:
            description: A /30 inside 169.254.0.0/16 (see O(bgp.tunnel_cidr)); different for the two tunnels.
            type: str
          local_bgp_ip:
            description: Alibaba-side BGP address inside O(tunnels[].bgp.tunnel_cidr).
            type: str
'''
