# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.eds.vpc_access.plugins.plugin_utils.cloud_action import CloudActionModule


class ActionModule(CloudActionModule):
    """eds.vpc_access.cen_transit_router_info in the task's worker on the controller when it can (plugin_utils/cloud_action.py)."""
