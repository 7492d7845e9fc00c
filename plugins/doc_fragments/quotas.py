# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The option quotas of the modules that check a quota before a call (module_utils/lifecycle/quotas.py, whose
    # argument_spec() builds it). A module takes this fragment for the option and one variant below for the
    # suboptions it checks (eds.vpc_access.quotas.vpn_connection, .vpn_attachment, .customer_gateway, .routes):
    # Ansible merges the keys of an option from several fragments, one level deep. A variant must not be named like
    # another fragment of the collection: eds.vpc_access.quotas.vpn_route would load the fragment vpn_route.
    DOCUMENTATION = r'''
options:
  quotas:
    description:
      - The account's quotas that this module checks before the call that would exceed them, for an account whose
        quotas were raised (Quota Center). Each is a positive integer; a quota not given is the account's default.
      - Beyond the quota the module fails before the call, naming the quota and this option. A quota given here
        that the account does not have is refused by the API itself (C(Resource.QuotaFull),
        C(IllegalParam.LocalSubnet) or C(IllegalParam.RemoteSubnet)); the module then fails with the API's answer
        and says which quota to raise or set.
      - The module does not read the real quotas from the Quota Center API; docs/modules.md "Quotas" says why.
    type: dict
'''

    VPN_CONNECTION = r'''
options:
  quotas:
    suboptions:
      connections_per_gateway:
        description: IPsec-VPN connections on one VPN gateway (the default is C(10)).
        type: int
      subnets_per_connection:
        description: CIDR blocks in O(local_subnets), and in O(remote_subnets), of one connection (the default is C(5)).
        type: int
'''

    VPN_ATTACHMENT = r'''
options:
  quotas:
    suboptions:
      subnets_per_connection:
        description: CIDR blocks in O(local_subnets), and in O(remote_subnets), of one connection (the default is C(5)).
        type: int
'''

    CUSTOMER_GATEWAY = r'''
options:
  quotas:
    suboptions:
      customer_gateways_per_region:
        description: Customer gateways in the region (the default is C(100)).
        type: int
'''

    ROUTES = r'''
options:
  quotas:
    suboptions:
      routes_per_gateway:
        description:
          - Routes of this module's kind on one VPN gateway (the default is C(20)); destination-based and policy-based
            routes have a quota each, and the routes an IPsec connection adds itself count.
        type: int
'''
