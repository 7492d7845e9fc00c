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
      - Required with O(path); mutually exclusive with O(diagrams).
    type: dict
  path:
    description:
      - Where to write the SVG picture.
      - Required with O(topology); mutually exclusive with O(diagrams).
    type: path
  summary_path:
    description:
      - Where to write the plain-text summary; by default O(path) with the suffix C(.txt).
      - Mutually exclusive with O(diagrams).
    type: path
  title:
    description:
      - Title of the picture; by default the name and region of the topology.
      - Mutually exclusive with O(diagrams).
    type: str
  diagrams:
    description:
      - Several pictures in one call, each with the options of one picture (O(diagrams[].topology),
        O(diagrams[].path), O(diagrams[].summary_path), O(diagrams[].title)), in place of O(topology) and O(path).
      - The C(dot) programs run side by side, as many at a time as the controller has CPUs; nothing is written
        unless every picture could be drawn. Each picture and summary needs its own file.
      - The site playbook draws every site's picture this way, in one task for all sites.
    type: list
    elements: dict
    suboptions:
      topology:
        description: What to draw, as O(topology).
        type: dict
        required: true
      path:
        description: Where to write the SVG picture.
        type: path
        required: true
      summary_path:
        description: Where to write the plain-text summary; by default O(diagrams[].path) with the suffix C(.txt).
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

- name: Draw two sites in one call (their dot programs run side by side)
  eds.vpc_access.topology_diagram:
    diagrams:
      - path: /tmp/eds-dc1-topology.svg
        topology: {name: eds-dc1, region: cn-shanghai, customer_gateway: {id: cgw-uf6example, ip: 203.0.113.154}}
      - path: /tmp/eds-dc2-topology.svg
        summary_path: /tmp/eds-dc2-summary.txt
        topology: {name: eds-dc2, region: cn-shanghai, customer_gateway: {id: cgw-uf6example2, ip: 203.0.113.155}}
  delegate_to: localhost
  register: pictures

- name: Where the second one is
  ansible.builtin.debug:
    msg: "{{ pictures.diagrams[1].path }} ({{ pictures.diagrams[1].summary_path }})"
'''

RETURN = r'''
path:
  description: The SVG file.
  returned: without O(diagrams)
  type: str
summary_path:
  description: The plain-text summary file.
  returned: without O(diagrams)
  type: str
summary:
  description: The plain-text summary.
  returned: without O(diagrams)
  type: str
nodes:
  description: The node ids drawn.
  returned: without O(diagrams)
  type: list
  elements: str
  sample: [user_vpc, vpn_gateway, customer_gateway, datacenter]
edges:
  description: The edges drawn, C(tail->head).
  returned: without O(diagrams)
  type: list
  elements: str
  sample: [vpn_gateway->user_vpc, vpn_gateway->customer_gateway]
diagrams:
  description: With O(diagrams), what each picture is, in the order of O(diagrams).
  returned: with O(diagrams)
  type: list
  elements: dict
  contains:
    path:
      description: The SVG file.
      type: str
    summary_path:
      description: The plain-text summary file.
      type: str
    summary:
      description: The plain-text summary.
      type: str
    nodes:
      description: The node ids drawn.
      type: list
      elements: str
    edges:
      description: The edges drawn, C(tail->head).
      type: list
      elements: str
    changed:
      description: Whether this picture or its summary changed (or would, in check mode).
      type: bool
'''

import os
import tempfile
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.eds.vpc_access.plugins.module_utils.topology.batch import (
    check_files, render_all, summary_path_of, title_of, workers)
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


NOT_INSTALLED = ("the Graphviz program dot is not installed (Debian/Ubuntu package graphviz, "
                 "RHEL package graphviz)")
ONE = dict(topology=dict(type="dict"), path=dict(type="path"), summary_path=dict(type="path"), title=dict(type="str"))


def _svg(dot):
    return dot.pipe(format="svg")


def written(module, diagram, drawn, svg):
    """One picture's SVG and summary written (each unless already there), and what the module returns of it."""
    summary_path = summary_path_of(diagram["path"], diagram["summary_path"])
    text = summary(diagram["topology"], drawn)
    changed = write(module, diagram["path"], svg)
    changed = write(module, summary_path, to_bytes(text)) or changed
    return dict(changed=changed, path=diagram["path"], summary_path=summary_path, summary=text,
                nodes=[n[0] for n in drawn["nodes"]], edges=sorted(set("%s->%s" % e[:2] for e in drawn["edges"])))


def draw_one(module, params):
    topology, path = params["topology"], params["path"]
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        module.fail_json(msg="path: the directory %s does not exist" % directory)
    drawn = graph(topology)
    try:
        svg = _svg(dot_source(drawn, title_of(topology, params["title"]), graphviz))
    except graphviz.ExecutableNotFound:
        module.fail_json(msg=NOT_INSTALLED)
    module.exit_json(**written(module, params, drawn, svg))


def draw_many(module, diagrams):
    """Every picture drawn (dot side by side) before any file is written: a failing one leaves every file as it was."""
    problem = check_files(diagrams)
    if problem:
        module.fail_json(msg=problem)
    drawings = [graph(d["topology"]) for d in diagrams]
    sources = [dot_source(drawn, title_of(d["topology"], d["title"]), graphviz) for d, drawn in zip(diagrams, drawings)]
    svgs = render_all(sources, _svg, workers(len(sources)))
    for index, svg in enumerate(svgs):
        if isinstance(svg, graphviz.ExecutableNotFound):
            module.fail_json(msg=NOT_INSTALLED)
        if isinstance(svg, Exception):
            module.fail_json(msg="diagrams[%d]: dot could not draw %s: %s" % (index, diagrams[index]["path"], svg))
    results = [written(module, diagram, drawn, svg) for diagram, drawn, svg in zip(diagrams, drawings, svgs)]
    module.exit_json(changed=any(r["changed"] for r in results), diagrams=results)


def main():
    many = dict((key, dict(spec, required=key in ("topology", "path"))) for key, spec in ONE.items())
    module = AnsibleModule(
        argument_spec=dict(ONE, diagrams=dict(type="list", elements="dict", options=many)),
        mutually_exclusive=[("diagrams", key) for key in ONE],
        required_one_of=[("path", "diagrams")],
        required_together=[("path", "topology")],
        supports_check_mode=True,
    )
    if not HAS_GRAPHVIZ:
        module.fail_json(msg=missing_required_lib("graphviz"), exception=GRAPHVIZ_ERROR)
    if module.params["diagrams"] is None:
        draw_one(module, module.params)
    draw_many(module, module.params["diagrams"])


if __name__ == "__main__":
    main()
