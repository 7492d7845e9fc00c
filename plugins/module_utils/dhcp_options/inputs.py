# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of the module's options that need no file: every problem at once, before anything is read.

Messages name the role's variables (dhcp_options_<option>): the role is how the module is meant to be used, and each
module option is the role variable without its prefix.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import json

from ansible_collections.eds.vpc_access.plugins.module_utils.dhcp_options.common import (
    ConfigError, route_destinations, subnet_key, vpn_gateway)

SCOPE_KEYS = ("subnet", "pool", "tag", "router")


def scope_fits(scope, backend):
    given = dict((k, v) for k, v in scope.items() if v is not None)
    return all([
        backend == "dnsmasq" or "tag" not in given,
        backend != "dnsmasq" or ("subnet" not in given and "pool" not in given),
        backend == "kea" or "pool" not in given,
        "pool" not in given or "subnet" in given,
        "subnet" in given or "tag" in given,
    ])


def scope_text(scope):
    return json.dumps(dict((k, scope[k]) for k in SCOPE_KEYS if scope.get(k) is not None))


def check(params):
    """[message] - empty when the options are usable."""
    errors = []
    backend = params["backend"]
    present = params["state"] == "present"
    for scope in params["scopes"]:
        if not scope_fits(scope, backend):
            errors.append("dhcp_options_scopes: %s does not fit the %s backend: Kea takes subnet (and pool), dhcpd "
                          "takes subnet, dnsmasq takes tag; every entry names one scope" % (scope_text(scope), backend))
    if not present:
        return errors
    if not params["dns_servers"]:
        errors.append("dhcp_options_dns_servers: give at least one server")
    for scope in params["scopes"]:
        if scope.get("subnet"):
            try:
                subnet_key(scope["subnet"], "dhcp_options_scopes: subnet %s" % scope["subnet"])
            except ConfigError as exc:
                errors.append(str(exc))
    if params.get("vpn_gateway"):
        # option 121's inputs: read only when it is on, as the routes are computed only then
        errors.extend(problems(vpn_gateway, params))
        errors.extend(problems(route_destinations, params))
        for scope in params["scopes"]:
            if scope.get("router"):
                try:
                    ipaddress.IPv4Address(scope["router"])
                except ValueError as exc:
                    errors.append("dhcp_options_scopes: %s: router: %s" % (scope_text(scope), exc))
    return errors


def problems(check_one, params):
    try:
        check_one(params)
    except ConfigError as exc:
        return [str(exc)]
    return []
