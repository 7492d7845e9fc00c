#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: topology_diagram
short_description: Draw the topology of a private access to EDS as an SVG picture and a plain-text summary
version_added: 0.1.0
description:
  - Draws what the site playbook built or what C(playbooks/diagnose.yml) found, for change records and
    troubleshooting - the EDS office network (VPC, CIDR), the user VPC, CEN / transit router, the VPN gateway with
    each tunnel and its status, the customer gateway, the data-center networks and the DNS path (the on-prem DNS
    servers forwarding C(aliyuncs.com) to the cloud DNS, or serving the CNAME of the private endpoint).
  - The picture is drawn with Graphviz (the C(graphviz) Python package and the C(dot) program). The node ids are
    the SVG's C(<title>) elements (C(office_network), C(user_vpc), C(cen), C(vpn_gateway) or C(transit_router),
    C(customer_gateway), C(datacenter), C(dns_<host>), C(cloud_dns), C(private_endpoint)); an edge's title is
    C(tail->head).
  - Runs on the controller (C(delegate_to=localhost)).
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
requirements:
  - graphviz (Python package)
  - the Graphviz C(dot) program (Debian package C(graphviz))
attributes:
  check_mode:
    support: full
    description: Reports whether the files would change, writes nothing.
  diff_mode:
    support: none
    description: The picture is not diffed; the summary text tells what it holds.
options:
  topology:
    description:
      - What to draw. Keys (each optional) C(name), C(region); C(office_network) (C(id), C(name), C(vpc_id),
        C(cidr)); C(user_vpc) (C(id), C(cidrs)); C(cen) (C(id)); C(vpn_gateway) (C(id), C(status));
        C(transit_router) (C(id), C(attachment_id)); C(connection) (C(id), C(local_subnets), C(remote_subnets),
        C(tunnels) with C(role), C(internet_ip), C(status)); C(customer_gateway) (C(id), C(ip)); C(datacenter)
        (C(cidrs), C(gateways)); C(dns) (C(solution), C(servers), C(cloud_dns_servers), C(cname), C(endpoint),
        C(dhcp)); C(problems) (cause codes).
      - With a C(transit_router) C(id) (the IPsec-VPN connection is an attachment of the CEN's transit router,
        M(eds.vpc_access.vpn_attachment)), the node C(transit_router) (its ID, the C(connection)'s ID as the VPN
        attachment and C(attachment_id), the transit router attachment) is drawn in place of C(vpn_gateway), the
        tunnels end on it, and the summary's connection line reads C(vpn attachment <id>) instead of
        C(connection <id>). Without it (or with an empty C(id)) the VPN gateway is drawn.
    type: dict
    required: true
  path:
    description: Where to write the SVG picture.
    type: path
    required: true
  summary_path:
    description: Where to write the plain-text summary; by default O(path) with the suffix C(.txt).
    type: path
  title:
    description: Title of the picture; by default the name and region of the topology.
    type: str
'''

EXAMPLES = r'''
- name: Draw what was built
  eds.vpc_access.topology_diagram:
    topology:
      name: eds-dc1
      region: cn-shanghai
      user_vpc: {id: vpc-uf6example, cidrs: [192.168.0.0/16]}
      vpn_gateway: {id: vpn-uf6example, status: active}
      connection:
        id: vco-uf6example
        tunnels: [{role: master, internet_ip: 47.0.0.10, status: ipsec_sa_established}]
      customer_gateway: {id: cgw-uf6example, ip: 203.0.113.154}
      datacenter: {cidrs: [192.10.0.0/16]}
    path: /tmp/eds-dc1-topology.svg
  delegate_to: localhost

- name: Draw a site attached to the CEN's transit router (no VPN gateway)
  eds.vpc_access.topology_diagram:
    topology:
      name: eds-dc2
      region: cn-shanghai
      cen: {id: cen-uf6example}
      transit_router: {id: tr-uf6example, attachment_id: tr-attach-uf6example}
      connection:
        id: vco-uf6attachment
        local_subnets: [172.16.0.0/12]
        remote_subnets: [10.2.0.0/16]
        tunnels:
          - {role: master, internet_ip: 47.0.0.11, status: ipsec_sa_established}
          - {role: slave, internet_ip: 47.0.0.12, status: ipsec_sa_established}
      customer_gateway: {id: cgw-uf6example2, ip: 203.0.113.155}
      datacenter: {cidrs: [10.2.0.0/16]}
    path: /tmp/eds-dc2-topology.svg
  delegate_to: localhost
'''

RETURN = r'''
path:
  description: The SVG file.
  returned: always
  type: str
summary_path:
  description: The plain-text summary file.
  returned: always
  type: str
summary:
  description: The plain-text summary.
  returned: always
  type: str
nodes:
  description: The node ids drawn.
  returned: always
  type: list
  elements: str
  sample: [user_vpc, vpn_gateway, customer_gateway, datacenter]
edges:
  description: The edges drawn, C(tail->head).
  returned: always
  type: list
  elements: str
  sample: [vpn_gateway->user_vpc, vpn_gateway->customer_gateway]
'''

import os
import tempfile
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.eds.vpc_access.plugins.module_utils.topology.drawing import dot_source, graph, summary

try:
    import graphviz
    HAS_GRAPHVIZ = True
    GRAPHVIZ_ERROR = None
except ImportError:
    HAS_GRAPHVIZ = False
    GRAPHVIZ_ERROR = traceback.format_exc()


def _current(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def write(module, path, content):
    """Write content to path unless it is already there; True when it changed (or would)."""
    if _current(path) == content:
        return False
    if module.check_mode:
        return True
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".topology-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    module.atomic_move(tmp, path)
    return True


def main():
    module = AnsibleModule(
        argument_spec=dict(
            topology=dict(type="dict", required=True),
            path=dict(type="path", required=True),
            summary_path=dict(type="path"),
            title=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    if not HAS_GRAPHVIZ:
        module.fail_json(msg=missing_required_lib("graphviz"), exception=GRAPHVIZ_ERROR)
    params = module.params
    topology = params["topology"]
    path = params["path"]
    summary_path = params["summary_path"] or os.path.splitext(path)[0] + ".txt"
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        module.fail_json(msg="path: the directory %s does not exist" % directory)
    drawn = graph(topology)
    title = params["title"] or "%s (%s)" % (topology.get("name") or "private access to EDS",
                                            topology.get("region") or "-")
    try:
        svg = dot_source(drawn, title, graphviz).pipe(format="svg")
    except graphviz.ExecutableNotFound:
        module.fail_json(msg="the Graphviz program dot is not installed (Debian/Ubuntu package graphviz, "
                             "RHEL package graphviz)")
    text = summary(topology, drawn)
    changed = write(module, path, svg)
    changed = write(module, summary_path, to_bytes(text)) or changed
    module.exit_json(changed=changed, path=path, summary_path=summary_path, summary=text,
                     nodes=[n[0] for n in drawn["nodes"]], edges=sorted(set("%s->%s" % e[:2] for e in drawn["edges"])))


if __name__ == "__main__":
    main()
