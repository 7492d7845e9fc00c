#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_gateway
short_description: Create, update or delete an Alibaba Cloud VPN gateway
version_added: 0.1.0
description:
  - Manages a VPN gateway (VPC API C(CreateVpnGateway), C(ModifyVpnGatewayAttribute), C(MoveVpnResourceGroup),
    C(DeleteVpnGateway)), step 1 of the IPsec-VPN access to EDS office networks.
  - The gateway is found by O(vpn_gateway_id) when set, else by its natural key O(vpc_id) + O(name).
    More than one match fails listing the ids. A re-run never creates a second gateway.
  - Only options you set are compared. O(name) (when found by id), O(description), O(auto_propagate) and O(tags)
    are changed in place, O(resource_group_id) too (C(MoveVpnResourceGroup)); O(vpc_id), O(vswitch_id),
    O(disaster_recovery_vswitch_id), O(network_type), O(bandwidth), O(enable_ipsec), O(enable_ssl),
    O(ssl_connections), O(vpn_type) and O(instance_charge_type) are fixed at creation, and asking to change them
    fails with a message naming the option. Delete and re-create the gateway to change them.
  - "Before it creates a gateway the module asks the API which zones can host a gateway of the bandwidth
    (C(DescribeVpnGatewayAvailableZones), as M(eds.vpc_access.vpn_gateway_zones_info) does) and refuses, before
    any write, a vSwitch in another zone, listing the zones that can. Where two or more zones can, the region runs
    gateways in dual-tunnel mode: O(disaster_recovery_vswitch_id) is then required with O(vswitch_id) and must be
    in another of those zones. Where only one zone can (a single-zone region), both vSwitches may be in it and may
    even be the same vSwitch. Without the permission to read the zones (HTTP 403) the module warns and leaves the
    vSwitches to the create call."
  - The gateway type (C(GatewayType), traditional or enhanced site-to-site) is returned as
    RV(vpn_gateway.gateway_type) but is no option, as C(CreateVpnGateway) takes no such parameter. Filter by it with
    M(eds.vpc_access.vpn_gateway_info) and M(eds.vpc_access.vpn_gateway_zones_info).
  - Creation is pay-as-you-go (C(POSTPAY)) with automatic payment unless O(instance_charge_type=PREPAY).
  - "What the module sends depends on nothing but its options; what the API accepts depends on the account's site.
    International site: the module sends C(InstanceChargeType=POSTPAY) and C(AutoPay=true) (leave
    O(instance_charge_type) unset); public bandwidths 10, 100, 200, 500, 1000; the gateway reports
    RV(vpn_gateway.charge_type=POSTPAY). China site: set O(instance_charge_type=PREPAY) and O(period), the module
    sends C(InstanceChargeType=PREPAY), C(Period) and C(AutoPay=true) (subscription, paid at once); public
    bandwidths 5, 10, 20, 50, 100, 200, 500, 1000; the gateway reports RV(vpn_gateway.charge_type=Prepay). The
    other combination is refused by the API (its error names C(InstanceChargeType) or C(Bandwidth)).
    Private gateways take 200 or 1000 on both sites. See docs/emulator.md, Sites."
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.tags
  - eds.vpc_access.wait
attributes:
  check_mode:
    support: full
    description: Predicts the change and the resulting gateway (id C((known after creation))) without any write call.
  diff_mode:
    support: full
    description: Shows the managed attributes before and after.
options:
  state:
    description: C(present) creates or updates the gateway, C(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  vpn_gateway_id:
    description: ID of an existing gateway (C(vpn-...)). Takes precedence over the natural key.
    type: str
    aliases: [id]
  name:
    description:
      - Name of the gateway; with O(vpc_id) the natural key used to find it.
      - 2 to 100 characters, starts with a letter, then letters, digits, C(_), C(-) and C(.).
    type: str
  vpc_id:
    description: VPC the gateway belongs to. Required to create, and to find the gateway by name.
    type: str
  vswitch_id:
    description:
      - vSwitch of the gateway. Required with O(disaster_recovery_vswitch_id) (dual-tunnel regions).
      - In single-tunnel regions it may be omitted and the service picks one.
      - Must be in a zone that can host a gateway of O(bandwidth) (checked before the create, see above).
    type: str
  disaster_recovery_vswitch_id:
    description:
      - Second vSwitch for dual-tunnel mode. Required with O(vswitch_id) when two or more zones of the region can
        host the gateway (C(DescribeVpnGatewayAvailableZones)), and must then be in another of those zones than
        O(vswitch_id); where only one zone can, it may be in the same zone, or be the same vSwitch.
    type: str
  network_type:
    description: C(public) gateway (IPsec over the Internet) or C(private) gateway (over a private network).
    type: str
    choices: [public, private]
  bandwidth:
    description:
      - Bandwidth in Mbit/s. Required to create.
      - Public gateways take 5, 10, 20, 50, 100, 200, 500 or 1000 (China site) or 10, 100, 200, 500, 1000
        (international site); private gateways 200 or 1000. The module checks the union; the API the site's set.
    type: int
    choices: [5, 10, 20, 50, 100, 200, 500, 1000]
  enable_ipsec:
    description: Enable IPsec-VPN. Defaults to C(true) when the gateway is created; not compared when unset.
    type: bool
  enable_ssl:
    description: Enable SSL-VPN. Defaults to C(false) when the gateway is created; not compared when unset.
    type: bool
  ssl_connections:
    description: Maximum number of SSL-VPN clients; only with O(enable_ssl=true).
    type: int
    choices: [5, 10, 20, 50, 100, 200, 500, 1000]
  instance_charge_type:
    description:
      - C(POSTPAY) (pay-as-you-go, the default at creation; international site) or C(PREPAY) (subscription, needs
        O(period); the China site requires it).
      - Fixed at creation. Set on an existing gateway, it is compared with RV(vpn_gateway.instance_charge_type); the
        same is no change, another fails naming the option.
    type: str
    choices: [POSTPAY, PREPAY]
  period:
    description: Subscription length in months for O(instance_charge_type=PREPAY) (1-9, 12, 24, 36).
    type: int
  description:
    description: Description, 1 to 100 characters, not starting with C(http://) or C(https://).
    type: str
  auto_propagate:
    description:
      - Propagate the routes the gateway learns over BGP to the VPC's route table (C(AutoPropagate) of
        C(ModifyVpnGatewayAttribute)). Changed in place; not compared when unset.
    type: bool
  resource_group_id:
    description:
      - Resource group of the gateway (C(rg-...)). Set at creation, changed in place with C(MoveVpnResourceGroup),
        which moves the gateway's IPsec-VPN connections with it. Not compared when unset.
    type: str
  vpn_type:
    description:
      - C(Normal) (standard) or C(NationalStandard) (Chinese SM cryptography, China site only; the API refuses it
        elsewhere). Defaults to C(Normal) at creation; fixed afterwards; not compared when unset.
    type: str
    choices: [Normal, NationalStandard]
    version_added: 1.2.0
  tags:
    aliases: [resource_tags]
  wait:
    description:
      - Wait until the gateway is C(active) after create/update, and until it is gone after delete.
  wait_timeout:
    description: Seconds to wait (creation takes minutes on the real cloud).
    default: 900
notes:
  - A gateway that still has IPsec-VPN connections is not deleted; the module fails naming the connections.
  - A create reads C(DescribeVpnGatewayAvailableZones) and C(DescribeVSwitches) first; give the RAM user these
    read permissions as well.
'''

EXAMPLES = r'''
- name: VPN gateway for the user VPC (dual tunnel)
  eds.vpc_access.vpn_gateway:
    name: edsvpn-gw
    vpc_id: vpc-uf6example
    vswitch_id: vsw-uf6zonea
    disaster_recovery_vswitch_id: vsw-uf6zoneb
    bandwidth: 10
    enable_ipsec: true
    tags:
      project: eds
  register: gw

- name: The same in a single-zone region (the one vSwitch twice)
  eds.vpc_access.vpn_gateway:
    name: edsvpn-gw
    vpc_id: vpc-eb3example
    vswitch_id: vsw-eb3zonea
    disaster_recovery_vswitch_id: vsw-eb3zonea
    bandwidth: 10
    region: me-east-1

- name: Move the gateway (and its connections) to the network team's resource group
  eds.vpc_access.vpn_gateway:
    vpn_gateway_id: "{{ gw.vpn_gateway.vpn_gateway_id }}"
    resource_group_id: rg-acfmnetops0001

- name: Change the description only
  eds.vpc_access.vpn_gateway:
    vpn_gateway_id: "{{ gw.vpn_gateway.vpn_gateway_id }}"
    description: IPsec to the Tokyo data center

- name: Delete it
  eds.vpc_access.vpn_gateway:
    name: edsvpn-gw
    vpc_id: vpc-uf6example
    state: absent
'''

RETURN = r'''
vpn_gateway:
  description: The gateway (API fields in snake_case, tags as a dict); C({}) after delete.
  returned: always
  type: dict
  contains:
    vpn_gateway_id:
      description: Gateway ID (C((known after creation)) in check mode).
      type: str
      sample: vpn-bp1q8bgx4xnkm2ogj1234
    name:
      description: Name.
      type: str
    status:
      description: C(init), C(provisioning), C(active), C(updating) or C(deleting).
      type: str
      sample: active
    charge_type:
      description: Billing method as the API reports it, C(POSTPAY) (pay-as-you-go) or C(Prepay) (subscription).
      type: str
      sample: POSTPAY
    instance_charge_type:
      description:
        - RV(vpn_gateway.charge_type) as O(instance_charge_type) names it, C(POSTPAY) or C(PREPAY); null when the API
          reports no billing method. O(instance_charge_type) is compared with it.
      type: str
      sample: POSTPAY
    vpc_id:
      description: VPC ID.
      type: str
    vswitch_id:
      description: vSwitch ID.
      type: str
    disaster_recovery_vswitch_id:
      description: Second vSwitch (dual tunnel).
      type: str
    internet_ip:
      description: IPsec address of the gateway (the peer address for the data center).
      type: str
    disaster_recovery_internet_ip:
      description: Second IPsec address (dual tunnel).
      type: str
    network_type:
      description: C(public) or C(private).
      type: str
    bandwidth:
      description: Bandwidth in Mbit/s (from C(spec)).
      type: int
      sample: 10
    spec:
      description: Bandwidth as the API reports it.
      type: str
      sample: 10M
    enable_ipsec:
      description: IPsec-VPN enabled.
      type: bool
    enable_ssl:
      description: SSL-VPN enabled.
      type: bool
    auto_propagate:
      description: BGP-learned routes are propagated to the VPC.
      type: bool
    resource_group_id:
      description: Resource group.
      type: str
      sample: rg-acfmdefault000000000
    vpn_type:
      description: C(Normal) or C(NationalStandard) (C(Normal) when the API leaves it out).
      type: str
      sample: Normal
    gateway_type:
      description: C(Traditional) or C(Enhanced.SiteToSite), as the API reports it.
      type: str
      sample: Traditional
    description:
      description: Description.
      type: str
    tags:
      description: User tags.
      type: dict
      sample: {project: eds}
retries: {description: 'Transient API errors that were retried (action, kind, code, delay, attempt).', returned: always, type: list, elements: dict}
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.gateways.vpn_gateway import VpnGateway, argument_spec
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def main():
    VpnGateway(AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True)).run()


if __name__ == '__main__':
    main()
