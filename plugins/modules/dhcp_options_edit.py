#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: dhcp_options_edit
short_description: Add DHCP options 6 and 121 to an existing Kea, ISC dhcpd or dnsmasq configuration
version_added: 0.1.0
description:
  - The engine of the P(eds.vpc_access.dhcp_options#role) role, which detects the server, runs the server's own
    checker on the result, puts the previous files back when the checker fails, and reloads the server. Use the
    role; the module changes files only.
  - Reads the server's main configuration (and, for dnsmasq, the files of its conf-dir) and writes drop-in files
    with option 6 (domain-name-servers) and, when O(vpn_gateway) is set, option 121 (classless static routes,
    RFC 3442) for each scope of O(scopes); for Kea and dhcpd it adds one include line per scope to the main
    configuration, after the scope's own statements.
  - The role's lines are recognised by O(dropin_dir) in their path. Every run starts from the main text without
    them, so O(state=absent) gives back the original text byte for byte and removes the drop-ins (and, for Kea
    and dhcpd, O(dropin_dir)).
  - Each option is the role variable of the same name with the prefix C(dhcp_options_); failure messages name the
    role variable, for example C(dhcp_options_scopes - subnet 192.168.9.0/24 is not defined in
    /etc/kea/kea-dhcp4.conf). All problems of the options are reported at once, before any file is read.
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
attributes:
  check_mode:
    support: full
    description: Reads the configuration and reports the changes and their diff; writes nothing.
  diff_mode:
    support: full
    description: One entry for each file written or removed, and for the directory and mode changes.
options:
  backend:
    description: The DHCP server whose configuration is changed.
    type: str
    required: true
    choices: [kea, dhcpd, dnsmasq]
  state:
    description: C(present) adds the options; C(absent) removes exactly what the module added.
    type: str
    choices: [present, absent]
    default: present
  config_file:
    description: The server's main configuration file (C(/etc/kea/kea-dhcp4.conf), C(/etc/dhcp/dhcpd.conf),
      C(/etc/dnsmasq.conf)). It must exist for Kea and dhcpd.
    type: path
    required: true
  dropin_dir:
    description:
      - Kea and dhcpd - the directory of the drop-ins, owned by the module (C(/etc/kea/eds-dhcp-options)).
      - dnsmasq - the conf-dir the server reads (C(/etc/dnsmasq.d)); only O(dropin_file) in it is the module's.
    type: path
    required: true
  dropin_file:
    description: dnsmasq only - the name of the module's drop-in in O(dropin_dir).
    type: str
    default: eds-dhcp-options.conf
  conf_dir_skip:
    description: dnsmasq only - regular expressions; files of O(dropin_dir) whose path matches one are not read
      (the suffixes dnsmasq's conf-dir setting skips, for example C(\.dpkg-(dist|old|new)$)).
    type: list
    elements: str
    default: []
  scopes:
    description:
      - The scopes that receive the options; an empty list means the server's global scope.
      - Each scope must exist in the main configuration file.
    type: list
    elements: dict
    default: []
    suboptions:
      subnet:
        description: Kea and dhcpd - the subnet, in CIDR notation.
        type: str
      pool:
        description: Kea only - one pool of O(scopes[].subnet), as written in the configuration (white space is
          ignored).
        type: str
      tag:
        description: dnsmasq only - the tag that selects the clients.
        type: str
      router:
        description: The default gateway put into option 121 as C(0.0.0.0/0); default - the scope's option 3.
        type: str
  dns_servers:
    description: The DNS servers handed out as option 6. Required (at least one) with O(state=present).
    type: list
    elements: str
    default: []
  dns_mode:
    description: C(replace) - only O(dns_servers); C(prepend) - O(dns_servers), then the servers the scope
      already hands out.
    type: str
    choices: [replace, prepend]
    default: prepend
  vpn_gateway:
    description: The LAN address of the on-prem VPN gateway; when set, option 121 routes O(vpn_destinations) and
      O(vpc_cidrs) through it, plus the default route through the scope's router. Empty means no option 121.
    type: str
    default: ""
  vpn_destinations:
    description: Destinations routed through O(vpn_gateway) in option 121.
    type: list
    elements: str
    default: [100.64.0.0/10]
  vpc_cidrs:
    description: The VPC CIDRs, also routed through O(vpn_gateway) in option 121.
    type: list
    elements: str
    default: []
notes:
  - The module does not check option 6 values and does not reload the server; the role runs the server's checker
    (C(kea-dhcp4 -t), C(dhcpd -t -cf), C(dnsmasq --test)) and, when it fails, puts RV(rollback) back.
  - Scopes defined only in a file the main configuration includes are not supported and are reported as such.
'''

EXAMPLES = r'''
- name: Cloud DNS first, then the subnet's own servers, and routes to the cloud through the VPN gateway
  eds.vpc_access.dhcp_options_edit:
    backend: kea
    config_file: /etc/kea/kea-dhcp4.conf
    dropin_dir: /etc/kea/eds-dhcp-options
    scopes:
      - subnet: 192.168.10.0/24
    dns_servers: [100.100.2.136, 100.100.2.138]
    vpn_gateway: 192.168.10.254
    vpc_cidrs: [172.16.0.0/12]
  register: edit

- name: Remove what the module added from a dnsmasq server
  eds.vpc_access.dhcp_options_edit:
    backend: dnsmasq
    state: absent
    config_file: /etc/dnsmasq.conf
    dropin_dir: /etc/dnsmasq.d
'''

RETURN = r'''
written:
  description: The files written (or, in check mode, that would be).
  returned: always
  type: list
  elements: str
  sample: [/etc/kea/eds-dhcp-options/subnet_192.168.10.0_24.json, /etc/kea/kea-dhcp4.conf]
removed:
  description: The drop-ins removed (or, in check mode, that would be).
  returned: always
  type: list
  elements: str
  sample: []
report:
  description: What each scope hands out, keyed by scope (C(global), C(subnet <cidr>), C(subnet <cidr> pool
    <pool>), C(tag <tag>)); empty with O(state=absent).
  returned: always
  type: dict
  sample:
    subnet 192.168.10.0/24:
      existing_dns: [192.0.2.53]
      dns: [100.100.2.136, 100.100.2.138, 192.0.2.53]
      router: 192.168.10.1
      routes:
        - {destination: 100.64.0.0/10, gateway: 192.168.10.254}
        - {destination: 0.0.0.0/0, gateway: 192.168.10.1}
rollback:
  description: The files as they were before this run, for putting them back when the server's checker rejects
    the new configuration.
  returned: always
  type: dict
  contains:
    main_path:
      description: The main configuration file; null for dnsmasq.
      type: str
    main_mode:
      description: Its mode (octal string); null for dnsmasq.
      type: str
    main_text:
      description: Its previous text; null for dnsmasq.
      type: str
    main_changed:
      description: Whether this run changed it.
      type: bool
    dropins:
      description: The drop-ins as they were, name to text (dnsmasq - only O(dropin_file)).
      type: dict
    added:
      description: The names of the drop-ins that did not exist before.
      type: list
      elements: str
    dir_created:
      description: Whether this run created O(dropin_dir) (Kea and dhcpd).
      type: bool
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import ConfigError
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.files import Writer
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.inputs import check
from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.plan import compute

ARGUMENT_SPEC = dict(
    backend=dict(type='str', required=True, choices=['kea', 'dhcpd', 'dnsmasq']),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    config_file=dict(type='path', required=True),
    dropin_dir=dict(type='path', required=True),
    dropin_file=dict(type='str', default='eds-dhcp-options.conf'),
    conf_dir_skip=dict(type='list', elements='str', default=[]),
    scopes=dict(type='list', elements='dict', default=[], options=dict(
        subnet=dict(type='str'), pool=dict(type='str'), tag=dict(type='str'), router=dict(type='str'))),
    dns_servers=dict(type='list', elements='str', default=[]),
    dns_mode=dict(type='str', default='prepend', choices=['replace', 'prepend']),
    vpn_gateway=dict(type='str', default=''),
    vpn_destinations=dict(type='list', elements='str', default=['100.64.0.0/10']),
    vpc_cidrs=dict(type='list', elements='str', default=[]),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = check(module.params)
    if errors:
        module.fail_json(msg='; '.join(errors), errors=errors)
    try:
        plan = compute(module.params)
    except ConfigError as exc:
        module.fail_json(msg=str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        module.fail_json(msg='cannot read the DHCP server configuration: %s' % exc)
    writer = Writer(module, plan)
    try:
        writer.apply()
    except Exception as exc:  # atomic_move raises plain Exception too
        module.fail_json(msg='cannot write the DHCP server configuration, the files this run changed are back in '
                             'place: %s' % exc)
    result = dict(changed=writer.changed, written=writer.written, removed=writer.removed, report=plan.report,
                  rollback=writer.rollback())
    if module._diff:
        result['diff'] = writer.diff
    module.exit_json(**result)


if __name__ == '__main__':
    main()
