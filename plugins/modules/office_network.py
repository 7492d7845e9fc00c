#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: office_network
short_description: Set the desktop access type and the CEN attachment of an EDS office network
version_added: 0.1.0
description:
  - Changes what private access to EDS (Elastic Desktop Service) cloud desktops over a VPN needs on an existing
    office network (office site) - how clients may connect (O(desktop_access_type), ECD
    C(ModifyOfficeSiteAttribute)) and the CEN instance it is attached to (O(cen_id), ECD C(AttachCen)).
  - The office network is found by O(office_site_id), or by O(name) (unique in a region) in the module's region.
    It must exist; the module never creates nor deletes an office network (a new one takes a directory, a CIDR
    block and billing choices that belong to the EDS console or the EDS product APIs).
  - Only the options that are set are compared and changed; a run with neither O(desktop_access_type) nor O(cen_id)
    changes nothing and returns the office network.
  - Writes answered C(DirectoryNotReady) (the office network's directory is still being set up or changed) are
    retried with backoff within O(retry_timeout), like the transient errors of every call.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
  - eds.vpc_access.attributes
attributes:
  diff_mode:
    support: full
    description: Shows the desktop access type and the CEN instance before and after.
options:
  office_site_id:
    description:
      - ID of the office network, C(REGION+dir-NUMBER) (for example C(cn-shanghai+dir-4067420000)). Its region must
        be the module's O(region).
      - Exactly one of O(office_site_id) and O(name) is required.
    type: str
    aliases: [id, office_network_id]
  name:
    description: Name of the office network (2 to 255 characters), when O(office_site_id) is not known.
    type: str
  desktop_access_type:
    description:
      - How clients may connect to the cloud desktops - V(Internet) (over the Internet only), V(VPC) (only from
        networks connected to the office network's VPC, for example over this collection's IPsec-VPN) or V(Any)
        (the client chooses).
      - V(VPC) and V(Any) make the API activate PrivateLink (free of charge) for the office network; its VPC
        endpoint is RV(office_network.private_endpoint).
      - Compared case-insensitively with what C(DescribeOfficeSites) reports (for example C(INTERNET)).
    type: str
    choices: [Any, Internet, VPC]
  cen_id:
    description:
      - Attach the office network to this CEN instance (C(cen-...)), so that networks attached to the same CEN
        (the user VPC and, through a VPN, the data center) reach the desktops.
      - Nothing is done when the office network is attached to it already. An office network attached to another
        CEN instance is refused, naming both; it is never detached implicitly (ECD C(DetachCen) first).
    type: str
  cen_owner_id:
    description:
      - Alibaba Cloud account ID of the owner of O(cen_id), only when the CEN instance belongs to another account.
      - The API then also takes O(verify_code).
    type: int
  verify_code:
    description:
      - The verification code the API asks for when O(cen_owner_id) is another account (ECD C(SendVerifyCode)
        sends it to that account's contact).
    type: str
notes:
  - The API documents no state an office network passes through after these two writes, so there is nothing to wait
    for afterwards; a later write that meets a directory that is not ready yet is retried (C(DirectoryNotReady)).
seealso:
  - module: eds.vpc_access.office_network_info
'''

EXAMPLES = r'''
- name: Let clients connect over the VPN (and still over the Internet)
  eds.vpc_access.office_network:
    name: eds-office
    desktop_access_type: Any

- name: Only over the VPN, and attach the office network to the CEN of the user VPC
  eds.vpc_access.office_network:
    office_site_id: cn-shanghai+dir-4067420000
    desktop_access_type: VPC
    cen_id: cen-sampleplan000000001
  register: office

- name: The VPC endpoint clients use
  ansible.builtin.debug:
    msg: "{{ office.office_network.private_endpoint_host }}"
'''

RETURN = r'''
office_network:
  description:
    - The office network after the run (predicted in check mode), with the fields of one element of
      RV(eds.vpc_access.office_network_info#module:office_networks); the ones below are those this module changes
      or that tell the result of a change.
  returned: always
  type: dict
  contains:
    office_site_id:
      description: ID of the office network that was found (by O(office_site_id) or O(name)).
      type: str
      sample: cn-shanghai+dir-4067420000
    name:
      description: Its name.
      type: str
      sample: eds-office
    status:
      description: Registration status; C(REGISTERING) while its directory is not ready.
      type: str
      sample: REGISTERED
    desktop_access_type:
      description:
        - How clients connect, as the API reports it (C(INTERNET), C(VPC), C(Any) ...); in check mode the requested
          value.
      type: str
      sample: Any
    cen_id:
      description: CEN instance the office network is attached to (empty when none).
      type: str
      sample: cen-sampleplan000000001
    cen_attach_status:
      description: CEN attachment status as the API reports it.
      type: str
    private_endpoint:
      description: The private (VPC) endpoint address clients use with V(VPC) or V(Any) access (C(DesktopVpcEndpoint)).
      type: str
    private_endpoint_host:
      description: RV(office_network.private_endpoint) without scheme, port or path.
      type: str
retries:
  description: Errors that were retried (action, kind, code, delay, attempt), C(DirectoryNotReady) among them.
  returned: always
  type: list
  elements: dict
'''

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule
from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.resource import (
    MODULE_KWARGS, OfficeNetwork, argument_spec,
)


def main():
    OfficeNetwork(AlicloudModule(argument_spec=argument_spec(), **MODULE_KWARGS)).run()


if __name__ == '__main__':
    main()
