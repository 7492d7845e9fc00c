# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # tags/purge_tags of the tagged resources, as in amazon.aws (compared and applied by
    # module_utils/lifecycle/resource.py); a module may add aliases
    DOCUMENTATION = r'''
options:
  tags:
    description:
      - Tags as a dictionary, at most 20. Set when the resource is created (with C(TagResources) where the create
        call takes none) and changed with C(TagResources)/C(UnTagResources).
      - Not managed when unset.
    type: dict
  purge_tags:
    description: Remove tags that are not in O(tags). Ignored when O(tags) is unset.
    type: bool
    default: true
'''
