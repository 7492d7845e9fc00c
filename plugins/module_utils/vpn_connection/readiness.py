# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When an IPsec-VPN connection is ready for the next write: its `State` after CreateVpnConnection,
ModifyVpnConnectionAttribute and DeleteVpnConnection.

The connection applies its own write for a while after the VPN gateway is `active` again; a write to it (or a
route whose next hop it is) meanwhile meets VpnConnection.Configuring / VpnTask.CONFLICT. Terraform's connection
resource waits for `State` = `active` after create and modify, and for the connection to be gone after delete.
The names of the in-between states are not documented for plain connections (docs/emulator.md "Connection and
tunnel State"), so a connection counts as ready unless its State is one of the transitional names below; an empty
or unknown State is ready, and the wait never blocks on a value this list does not know.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# the VPN gateway's own transitional Status names and the attachment ones Terraform knows (UNCONFIRMED here)
TRANSITIONAL = ("init", "provisioning", "updating", "attaching", "detaching", "upgrading")
BEING_DELETED = ("deleting", "deleted")


def state_of(body):
    """The connection's State ('' when the answer has none), or None for no connection."""
    if body is None:
        return None
    return body.get("State") or ""


def is_ready(body):
    """True when the connection takes writes (or there is none: the caller's write then names the problem)."""
    return state_of(body) not in TRANSITIONAL


def is_being_deleted(body):
    return state_of(body) in BEING_DELETED


def wait_connection_ready(module, connection_id, timeout):
    """Poll DescribeVpnConnection until the connection is ready or gone; return its last body (None when gone)."""
    def fetch():
        return module.call("vpc", "DescribeVpnConnection", VpnConnectionId=connection_id, not_found_ok=True)
    return module.wait_for(fetch, lambda body: body is None or is_ready(body),
                           "IPsec-VPN connection %s to be ready" % connection_id, timeout,
                           describe=lambda body: "gone" if body is None else "State %r" % state_of(body))
