# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter eds.vpc_access.peer_config_text; documentation in peer_config_text.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import PeerConfigError, render


def peer_config_text(peer_config, vendor, include_psk=False, force_encap=False, routes=None, wan_interface=None):
    """Render one peer_config (from vpn_connection_info) as the vendor's configuration text."""
    try:
        return render(peer_config, vendor, include_psk=include_psk, force_encap=force_encap, routes=routes,
                      wan_interface=wan_interface)
    except PeerConfigError as exc:
        raise AnsibleFilterError("peer_config_text: %s" % to_native(exc))


class FilterModule(object):
    def filters(self):
        return {"peer_config_text": peer_config_text}
