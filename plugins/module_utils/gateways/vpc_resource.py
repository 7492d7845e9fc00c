# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VpcResource: the present/absent flow shared by the tagged VPC resource modules (vpn_gateway, customer_gateway).

A module describes its resource in class attributes and a few methods (validate, find, create, wanted, modify,
delete); run() validates, finds, dispatches on state and exits with the resource, the retries and --diff, like
amazon.aws's ensure_present/ensure_absent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res


class VpcResource(object):
    result_key = None         # the module's return key, for example vpn_gateway
    what = None               # how messages name the resource, for example 'VPN gateway'
    id_key = None             # id in the output shape, for example vpn_gateway_id
    id_field = None           # id on the wire, for example VpnGatewayId
    describe_action = None    # the Describe action that reads one resource by id
    tag_resource_type = None  # ResourceType of the VPC TagResources family
    immutable = ()            # options the API cannot change after creation
    immutable_advice = None   # what the user can do instead, appended to the refusal
    managed_keys = ()         # the attributes the module manages, compared and shown in --diff
    secret_keys = ()          # masked in --diff

    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.changed = False

    # --- what a module describes --------------------------------------------------------------------------
    def validate(self):
        """Check the options before any API call; fail naming every problem."""
        raise NotImplementedError

    def find(self):
        """The resource on the wire (by id or natural key) or None."""
        raise NotImplementedError

    def create(self):
        """(before, after, result) of creating the resource (predicted in check mode)."""
        raise NotImplementedError

    def wanted(self, wire):
        """{option: wanted value} of the attributes to compare; None values are not compared."""
        raise NotImplementedError

    def modify(self, resource_id, changes):
        """Apply changes ({option: (current, wanted)}) of attributes the API can change in place."""
        raise NotImplementedError

    def delete(self, wire):
        """(before, after, result) of deleting the resource (none of it done in check mode)."""
        raise NotImplementedError

    def normalise(self, wire):
        """Wire resource → output shape."""
        raise NotImplementedError

    def public(self, current):
        """What the module returns of the resource (secrets masked)."""
        return current

    def managed(self, current):
        return dict((k, current.get(k)) for k in self.managed_keys) if current else {}

    def reread(self, resource_id, changes):
        """The resource after an update; a resource that stays busy after a change overrides this to wait."""
        return self.get(resource_id)

    # --- shared flow ---------------------------------------------------------------------------------------
    def get(self, resource_id):
        body = self.module.call('vpc', self.describe_action, not_found_ok=True, **{self.id_field: resource_id})
        return body if body and body.get(self.id_field) else None

    def create_call(self, action, params):
        """Create through ``action`` and return (id, wire resource or None).

        The ClientToken may replay an earlier identical create whose resource has been deleted since: the id it
        returns then reads back as missing, and the create is made again with a fresh token.
        """
        resource_id = self.module.call('vpc', action, create=True, **params)[self.id_field]
        wire = self.get(resource_id)
        if wire is None:
            resource_id = self.module.call('vpc', action, create=True, token_salt=resource_id, **params)[self.id_field]
            wire = self.get(resource_id)
        return resource_id, wire

    def update(self, wire):
        """(before, after, result) of bringing an existing resource to the options: attributes, then tags."""
        current = self.normalise(wire)
        before = self.managed(current)
        changes = res.changed_options(before, self.wanted(wire))
        res.refuse_immutable(self.module, self.what, current[self.id_key], changes, self.immutable,
                             self.immutable_advice, **{self.result_key: self.public(current)})
        after, to_set, to_remove, predicted = res.planned_update(before, current, changes, self.p['tags'],
                                                                 self.p['purge_tags'])
        if not (changes or to_set or to_remove):
            return before, after, current
        self.changed = True
        if self.module.check_mode:
            return before, after, predicted
        resource_id = current[self.id_key]
        if changes:
            self.modify(resource_id, changes)
        res.apply_vpc_tags(self.module, self.tag_resource_type, resource_id, to_set, to_remove)
        wire = self.reread(resource_id, changes)
        return before, after, self.normalise(wire) if wire else current

    def run(self):
        self.validate()
        wire = self.find()
        if self.p['state'] == 'absent':
            before, after, result = self.delete(wire) if wire else ({}, {}, {})
        elif wire is None:
            before, after, result = self.create()
        else:
            before, after, result = self.update(wire)
        output = {'changed': self.changed, self.result_key: self.public(result), 'retries': self.module.retries}
        if self.module.diff_mode:
            output['diff'] = res.make_diff(before, after, self.secret_keys)
        self.module.exit_json(**output)
