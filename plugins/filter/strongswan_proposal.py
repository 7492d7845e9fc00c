# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter eds.vpc_access.strongswan_proposal; documentation in strongswan_proposal.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render import PeerConfigError
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.strongswan import proposal


def strongswan_proposal(algorithms, option="ike"):
    """[enc, auth] or [enc, auth, dh] in Alibaba's names -> swanctl proposal keyword string."""
    if not isinstance(algorithms, (list, tuple)) or len(algorithms) not in (2, 3):
        raise AnsibleFilterError("strongswan_proposal: expects [enc, auth] or [enc, auth, dh], got %r" % (algorithms,))
    try:
        return proposal(option, *algorithms)
    except PeerConfigError as exc:
        raise AnsibleFilterError("strongswan_proposal: %s" % to_native(exc))


class FilterModule(object):
    def filters(self):
        return {"strongswan_proposal": strongswan_proposal}
