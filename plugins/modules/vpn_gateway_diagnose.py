#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: vpn_gateway_diagnose
short_description: Run the one-click diagnosis of an Alibaba Cloud IPsec-VPN connection and wait for the report
version_added: 0.1.0
description:
  - >-
    Starts a diagnosis of an IPsec-VPN connection on its VPN gateway (C(DiagnoseVpnGateway)) and reads the report
    (C(GetVpnGatewayDiagnoseResult)) until every item is finished - route conflicts in the VPC, the gateway's
    destination-route, policy-route and connection quotas, the consistency of the configuration with the peer, the
    reachability of the customer gateway's public address and, with O(private_source_ip) and
    O(private_destination_ip), private connectivity through the tunnel.
  - With O(diagnose_id), reads the report of a diagnosis started before instead of starting one.
  - >-
    B(Check mode.) A diagnosis changes no resource (it only creates a report that the API keeps), so the module
    runs the same in check mode and always reports C(changed=false); a troubleshooting playbook in check
    mode still gets the report. Each run starts a new diagnosis (no C(ClientToken) - a re-run must diagnose again,
    not replay the last report).
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
extends_documentation_fragment:
  - eds.vpc_access.alicloud
attributes:
  check_mode:
    support: full
    description: Runs the same in check mode; a diagnosis changes no resource.
  diff_mode:
    support: none
    description: Nothing changes, there is nothing to diff.
options:
  vpn_gateway_id:
    description: The VPN gateway (C(vpn-...)).
    type: str
    required: true
  vpn_connection_id:
    description: The IPsec-VPN connection to diagnose (C(vco-...)). Required unless O(diagnose_id) is given.
    type: str
  diagnose_id:
    description: Read the report of this earlier diagnosis instead of starting a new one.
    type: str
  private_source_ip:
    description: A VPC-side address for the private connectivity check (with O(private_destination_ip)).
    type: str
  private_destination_ip:
    description: A data-center-side address for the private connectivity check (with O(private_source_ip)).
    type: str
  wait:
    description: Wait until every item of the report is finished. With V(false) the report may be partial.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the report.
    type: int
    default: 300
seealso:
  - module: eds.vpc_access.vpn_connection_info
  - module: eds.vpc_access.vpn_connection_logs_info
'''

EXAMPLES = r'''
- name: Diagnose the connection, with a private connectivity check from the VPC to the DNS server on-premises
  eds.vpc_access.vpn_gateway_diagnose:
    vpn_gateway_id: vpn-uf6example
    vpn_connection_id: vco-uf6example
    private_source_ip: 192.168.1.10
    private_destination_ip: 192.10.0.53
  register: diagnosis

- name: What is not normal
  ansible.builtin.debug:
    msg: "{{ item.name }} ({{ item.level }}): {{ item.description }}"
  loop: "{{ diagnosis.problems }}"
'''

RETURN = r'''
diagnosis:
  description: The report.
  returned: always
  type: dict
  contains:
    diagnose_id:
      description: Diagnosis ID (give it as O(diagnose_id) to read the report again).
      type: str
    vpn_gateway_id:
      description: VPN gateway ID.
      type: str
    vpn_connection_id:
      description: The diagnosed connection.
      type: str
    begin_time:
      description: Start, UTC C(YYYY-MM-DDThh:mm:ssZ).
      type: str
    finish_time:
      description: End, UTC; null while unfinished.
      type: str
    total_count:
      description: Number of items.
      type: int
    finished_count:
      description: Number of finished items.
      type: int
    items:
      description: The finished items.
      type: list
      elements: dict
      contains:
        name:
          description: C(RouteEntryConflict), C(VpnRouteQuota), C(VpnIPsecQuota), C(VpnPbrRouteQuota),
            C(VcoConfigConsistency), C(VcoUserInternetIpConnectivity) or C(VcoPrivateConnectivity).
          type: str
        level:
          description: V(normal), V(warning) or V(error).
          type: str
        description:
          description: The item's details, parsed from the API's JSON text (the text itself when it is not JSON),
            for example C(quotaName), C(quantity), C(used) of a quota, C(vcoDiffConf) of the consistency check,
            C(targetIp), C(rtt), C(lossRate) of a connectivity check.
          type: raw
problems:
  description: The items whose level is not V(normal).
  returned: always
  type: list
  elements: dict
'''

import json

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.module import AlicloudModule


def parse_description(text):
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def report_out(body, connection_id):
    items = [dict(name=i.get("DiagnoseName"), level=i.get("DiagnoseResultLevel"),
                  description=parse_description(i.get("DiagnoseResultDescription")))
             for i in body.get("DiagnoseResult") or []]
    return dict(
        diagnose_id=body.get("DiagnoseId"),
        vpn_gateway_id=body.get("VpnGatewayId"),
        vpn_connection_id=body.get("ResourceInstanceId") or connection_id,
        begin_time=body.get("BeginTime"),
        finish_time=body.get("FinishTime") or None,
        total_count=body.get("TotalCount"),
        finished_count=body.get("FinishedCount"),
        items=items,
    )


def finished(body):
    total = body.get("TotalCount")
    return total is not None and body.get("FinishedCount") == total


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vpn_gateway_id=dict(type="str", required=True),
            vpn_connection_id=dict(type="str"),
            diagnose_id=dict(type="str"),
            private_source_ip=dict(type="str"),
            private_destination_ip=dict(type="str"),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=300),
        ),
        required_one_of=[("vpn_connection_id", "diagnose_id")],
        mutually_exclusive=[("vpn_connection_id", "diagnose_id")],
        required_together=[("private_source_ip", "private_destination_ip")],
        supports_check_mode=True,
    )
    params = module.params
    gateway_id = params["vpn_gateway_id"]
    diagnose_id = params["diagnose_id"]
    if diagnose_id is None:
        extend = None
        if params["private_source_ip"]:
            extend = json.dumps({"PrivateSourceIp": params["private_source_ip"],
                                 "PrivateDestinationIp": params["private_destination_ip"]})
        body = module.call("vpc", "DiagnoseVpnGateway", VpnGatewayId=gateway_id, ResourceType="IPsec",
                           ResourceId=params["vpn_connection_id"], IPsecExtendInfo=extend)
        diagnose_id = body["DiagnoseId"]

    def read():
        return module.call("vpc", "GetVpnGatewayDiagnoseResult", VpnGatewayId=gateway_id, DiagnoseId=diagnose_id)

    if params["wait"]:
        body = module.wait_for(read, finished, "diagnosis %s of VPN gateway %s" % (diagnose_id, gateway_id),
                               params["wait_timeout"],
                               describe=lambda b: "%s of %s items" % (b.get("FinishedCount"), b.get("TotalCount")))
    else:
        body = read()
    report = report_out(body, params["vpn_connection_id"])
    module.exit_json(changed=False, diagnosis=report,
                     problems=[i for i in report["items"] if i["level"] != "normal"])


if __name__ == "__main__":
    main()
