# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # wait/wait_timeout of the modules whose writes take effect asynchronously (the wait hook of
    # module_utils/lifecycle/resource.py). A module says what it waits for in its own description of wait and sets
    # the default of wait_timeout; a negative wait_timeout is refused before any API call.
    DOCUMENTATION = r'''
options:
  wait:
    description: Wait until the change has taken effect.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait.
    type: int
'''
