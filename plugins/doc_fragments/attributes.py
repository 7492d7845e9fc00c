# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # modules that change something; each documents its own diff_mode
    DOCUMENTATION = r'''
attributes:
  check_mode:
    support: full
    description: Reports what would change without any write call.
'''
