# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The busy-code table: each code is retried for the actions that meet it and final for every other one."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.busy_codes import BUSY_CODES, is_busy

# the actions the Terraform provider retries each code on (docs/client_layer.md, "Busy codes")
TERRAFORM_RETRIES = {
    'VpnRouteEntry.Configuring': ['DeleteVpnRouteEntry'],
    'TaskConflict': ['CreateVpnRouteEntry', 'PublishVpnRouteEntry', 'DeleteVpnPbrRouteEntry', 'CreateRouteEntry',
                     'DeleteRouteEntry', 'CreateVpnAttachment'],
    'VpnTask.CONFLICT': ['CreateVpnConnection', 'ModifyVpnConnectionAttribute', 'DeleteVpnConnection',
                         'CreateVpnRouteEntry', 'ModifyVpnPbrRouteEntryWeight', 'CreateVpnAttachment'],
    'Appliance.Configuring': ['CreateVpnConnection', 'DeleteVpnConnection', 'DeleteVpnRouteEntry',
                              'ModifyVpnAttachmentAttribute'],
    'VpnConnection.Configuring': ['CreateVpnConnection', 'DeleteVpnConnection', 'CreateVpnPbrRouteEntry',
                                  'ModifyVpnAttachmentAttribute'],
    'OperationConflict': ['CreateCustomerGateway', 'CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry'],
    'IncorrectInstanceStatus': ['CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry'],
    'IncorrectStatus': ['CreateRouteEntry', 'ModifyRouteEntry', 'DeleteRouteEntry'],
    'LastTokenProcessing': ['CreateRouteEntry', 'DeleteRouteEntry'],
    'SystemBusy': ['CreateRouteEntry', 'DeleteRouteEntry'],
    'OperationFailed.DistibuteLock': ['CreateRouteEntry', 'DeleteRouteEntry'],
    'VpnGateway.Configuring': ['DeleteVpnGateway', 'DeleteCustomerGateway', 'CreateVpnConnection',
                               'DeleteVpnPbrRouteEntry'],
    'DirectoryNotReady': ['ModifyOfficeSiteAttribute', 'AttachCen'],
}
# writes of other products, and reads: no busy code of the issue list is retried there
OTHER_ACTIONS = ['CreateVpnGateway', 'DescribeVpnGateways', 'DescribeRouteEntryList', 'TagResources',
                 'DescribeOfficeSites', 'ListTransitRouters']


@pytest.mark.parametrize('code,action', [(code, action) for code, actions in sorted(TERRAFORM_RETRIES.items())
                                         for action in actions])
def test_the_code_is_retried_where_terraform_retries_it(code, action):
    assert is_busy(action, code)


@pytest.mark.parametrize('code', sorted(TERRAFORM_RETRIES))
@pytest.mark.parametrize('action', OTHER_ACTIONS)
def test_the_code_is_final_for_reads_and_other_writes(code, action):
    assert not is_busy(action, code)


@pytest.mark.parametrize('code,action', [
    ('VpnRouteEntry.Configuring', 'CreateVpnRouteEntry'),   # only a route being applied that is deleted
    ('OperationConflict', 'CreateVpnConnection'),
    ('SystemBusy', 'CreateCustomerGateway'),
    ('IncorrectStatus', 'CreateVpnConnection'),
    ('IncorrectStatus', 'UpdateTransitRouterVpnAttachmentAttribute'),
    ('VpnGateway.Configuring', 'CreateRouteEntry'),
    ('OperationFailed.AllocateCidrFailed', 'DeleteTransitRouterVpnAttachment'),
])
def test_a_code_of_another_family_is_final(code, action):
    assert not is_busy(action, code)


def test_a_gateway_in_the_wrong_state_is_never_retried():
    """IncorrectStatus.VpnGateway (creating, deleting) is waited for by the modules, whatever the action."""
    actions = set(action for actions in BUSY_CODES.values() for action in actions)
    assert not any(is_busy(action, 'IncorrectStatus.VpnGateway') for action in actions)
    assert not is_busy('CreateRouteEntry', 'IncorrectStatus.VpnGateway')


def test_codes_and_actions_are_spelled_as_the_api_spells_them():
    """A typo would silently make a code final: actions are PascalCase verbs, codes have no blanks."""
    for code, actions in BUSY_CODES.items():
        assert re.match(r'^[A-Z][A-Za-z]+(\.[A-Za-z]+)*$', code), code
        assert actions and isinstance(actions, tuple), code
        for action in actions:
            assert re.match(r'^(Create|Delete|Modify|Update|Publish|Withdraw|Move|Attach|Detach|Associate|Dissociate|'
                            r'Enable|Disable)[A-Z][A-Za-z]+$', action), (code, action)
