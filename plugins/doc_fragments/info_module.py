# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # what every read-only _info module shares besides the connection options (eds.vpc_access.alicloud)
    DOCUMENTATION = r'''
author:
  - eds.vpc_access maintainers (@eds-vpc-access)
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
  diff_mode:
    support: none
    description: Nothing changes, there is nothing to diff.
'''
