# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource: the one lifecycle of every writing module, validate → find → plan → apply → result.

A module is its documentation, its argument spec and a small subclass that describes the resource (what to read,
what to compare, which calls write it). Resource.run() does the rest the same way for every module, in the manner
of amazon.aws's ensure_present/ensure_absent and netbox.netbox's generic manager:

1. validate: problems() lists every bad option at once (plus wait_timeout), one failure before any API call;
2. find:     the resource on the wire, or None;
3. plan:     desired against current: a create, an update (changes, refused immutable changes, tags to set and
             to remove) or a delete, with the before/after of --diff and the resource check mode reports;
4. apply:    (not in check mode) the write calls; a create sends a ClientToken and handles the replay of a
             resource deleted since (create_with_token); writes on a VPN gateway wait while it is busy (write);
             then, with wait=true, the wait hook (wait_done), then the resource is read back;
5. result:   changed, the resource under the module's return key (secrets masked), retries, and the diff only
             when --diff is on, as Ansible's own modules do.
See docs/architecture.md.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import compare as res
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle import quotas


class Plan(object):
    """What a run will do: action None (nothing), 'create', 'update' or 'delete'."""

    def __init__(self, action=None, wire=None, before=None, after=None, result=None, changes=None, to_set=None,
                 to_remove=None, **extra):
        self.action = action
        self.wire = wire                # the resource as read (find()), None when absent
        self.before = before or {}      # managed attributes now ({} = absent), for --diff
        self.after = after or {}        # managed attributes after the run, for --diff
        self.result = result or {}      # the resource a check-mode run (or a run with nothing to do) returns
        self.changes = changes or {}    # {option: (current, wanted)} of an update
        self.to_set = to_set or {}      # tags to set
        self.to_remove = to_remove or []
        self.extra = extra              # what a resource keeps between plan and apply (for example the request)


class Resource(object):
    result_key = None          # the module's return key, for example vpn_gateway
    what = None                # how messages name the resource, for example 'VPN gateway'
    id_key = None              # the id in the output shape, for example vpn_gateway_id
    id_field = None            # the id on the wire and in the create answer, for example VpnGatewayId
    describe_action = None     # the VPC action that reads one resource by id_field, for example DescribeVpnGateway
    managed_keys = ()          # the attributes compared and shown in --diff
    immutable = ()             # options the API cannot change after creation
    immutable_advice = 'delete and re-create it to change it'
    secret_keys = ()           # masked (compare.MASK) in the return value and in --diff
    tag_resource_type = None   # ResourceType of the VPC TagResources family, when the resource has tags
    diff_from_result = True    # --diff "after" from the resource read back (False: from the plan)
    # the failure, with the id, when the id option (named id_key) names no resource: creating would give a new id
    # that the next run could not find by this one, so the task would never converge
    missing_id_message = None
    # {API error code of a write: the quota (a suboption of the option quotas) it means}: the API's answer beyond
    # the account's real quota, explained when the module's own check (module_utils/lifecycle/quotas.py) let it by
    quota_codes = {}

    def __init__(self, module):
        self.module = module
        self.params = module.params

    # --- 1. validate ----------------------------------------------------------------------------------------
    def problems(self):
        """Every problem of the options, each a message naming the option; no API call."""
        return []

    def prepare(self):
        """Normalise the options once they are valid (tag values become strings, as the API returns them)."""
        if self.params.get('tags') is not None:
            self.params['tags'] = dict((str(k), '' if v is None else str(v)) for k, v in self.params['tags'].items())

    def option_problems(self):
        """Every problem of the (argument-spec validated) options: problems(), quotas and wait_timeout; reads only
        self.params, so an action that runs several modules (vpn_site) checks them all before any call."""
        errors = list(self.problems()) + quotas.problems(self.params)
        timeout = self.params.get('wait_timeout')
        if timeout is not None and timeout < 0:
            errors.append('wait_timeout must be 0 or more seconds, got %d' % timeout)
        return errors

    def validate(self):
        res.fail_on_errors(self.module, self.option_problems())
        self.prepare()

    # --- 2. find --------------------------------------------------------------------------------------------
    def find(self):
        """The resource on the wire, or None: by the id option (named id_key) when set, else find_by_key()."""
        if self.id_key and self.params.get(self.id_key):
            return self.read(self.params[self.id_key])
        return self.find_by_key()

    def find_by_key(self):
        """The resource found by its natural key, or None (fails when the key matches more than one)."""
        raise NotImplementedError

    def output(self, wire):
        """Wire resource → the shape the module returns."""
        return wire

    def managed(self, current):
        return dict((k, current.get(k)) for k in self.managed_keys) if current else {}

    def read(self, ident):
        """The resource on the wire by the id (or key) a write returned, or None when it does not exist."""
        body = self.module.call('vpc', self.describe_action, not_found_ok=True, **{self.id_field: ident})
        return body if body and body.get(self.id_field) else None

    # --- 3. plan --------------------------------------------------------------------------------------------
    def plan(self, wire):
        if self.params.get('state') == 'absent':
            return self.plan_delete(wire) if wire is not None else Plan()
        self.refuse_missing_id(wire)
        if wire is None:
            return self.plan_create()
        return self.plan_update(wire)

    def refuse_missing_id(self, wire):
        if wire is None and self.missing_id_message and self.params.get(self.id_key):
            self.module.fail_json(msg=self.missing_id_message % self.params[self.id_key])

    def plan_create(self):
        """Plan('create', after=..., result=<predicted resource>); read-only checks (quotas, ...) go here."""
        raise NotImplementedError

    def desired(self, wire):
        """{option: wanted value} of the attributes to compare; None values are not compared."""
        return {}

    def predict(self, current, changes, tags):
        """The resource once the update is applied (what check mode returns)."""
        predicted = dict(current)
        predicted.update(dict((k, v[1]) for k, v in changes.items()))
        if tags is not None:
            predicted['tags'] = tags
        return predicted

    def plan_update(self, wire):
        current = self.output(wire)
        before = self.managed(current)
        changes = res.changed_options(before, self.desired(wire))
        self.refuse_immutable(current, changes)
        to_set, to_remove, tags = {}, [], None
        if self.tag_resource_type:
            tags = res.merged_tags(current.get('tags'), self.params.get('tags'), self.params.get('purge_tags'))
            to_set, to_remove = res.compare_tags(current.get('tags'), self.params.get('tags'),
                                                 self.params.get('purge_tags'))
        if not (changes or to_set or to_remove):
            return Plan(None, wire, before, before, current)
        after = dict(before)
        after.update(dict((k, v[1]) for k, v in changes.items()))
        if tags is not None and 'tags' in self.managed_keys:
            after['tags'] = tags
        return Plan('update', wire, before, after, self.predict(current, changes, tags), changes, to_set, to_remove)

    def plan_delete(self, wire):
        """Plan('delete'); read-only checks (dependencies) go here."""
        return Plan('delete', wire, self.managed(self.output(wire)), {}, {})

    def refuse_immutable(self, current, changes):
        res.refuse_immutable(self.module, self.what, current.get(self.id_key), changes, self.immutable,
                             self.immutable_advice, **{self.result_key: self.public(current)})

    # --- 4. apply -------------------------------------------------------------------------------------------
    def create(self, plan):
        """Create the resource; return what read() takes (usually the id)."""
        raise NotImplementedError

    def update(self, plan):
        """Apply plan.changes, then the tags; return what read() takes."""
        ident = self.ident(plan.wire)
        if plan.changes:
            self.modify(plan)
        self.apply_tags(ident, plan.to_set, plan.to_remove)
        return ident

    def modify(self, plan):
        """The write call(s) of an in-place change of plan.changes."""
        raise NotImplementedError

    def delete(self, plan):
        """Delete the resource; return what wait_done() takes."""
        raise NotImplementedError

    def ident(self, wire):
        return wire.get(self.id_field)

    def wait_done(self, plan, ident):
        """The wait hook, called after the writes when wait=true (for example until the gateway is active)."""

    def read_back(self, plan, ident):
        """The resource the module returns after the writes ({} after a delete)."""
        if plan.action == 'delete':
            return {}
        wire = self.read(ident)
        if wire is not None:
            return self.output(wire)
        if plan.action == 'create' and self.id_key:
            return dict(plan.after, **{self.id_key: ident, 'id': ident})
        return plan.result

    def apply(self, plan):
        ident = getattr(self, plan.action)(plan)
        if self.params.get('wait'):
            self.wait_done(plan, ident)
        return self.read_back(plan, ident)

    def before_write(self):
        """Called before every write (write(), create_with_token()); resources on a busy gateway wait here."""

    def write(self, action, service='vpc', **params):
        self.before_write()
        if not self.quota_codes:
            return self.module.call(service, action, **params)
        try:
            return self.module.call(service, action, raise_errors=True, **params)
        except ApiError as err:
            self.module.fail_api(err, quotas.refusal_advice(self.params, self.quota_codes, err.code))

    def created_exists(self, body):
        """Whether the resource a create answered with exists (False: the ClientToken replayed a deleted one)."""
        return self.read(body[self.id_field]) is not None

    def replay_salt(self, body):
        """What makes the second token differ from the replayed one; stable across retries and re-runs."""
        return body[self.id_field]

    def create_with_token(self, action, params, service='vpc'):
        """Create with a ClientToken derived from the request, so a retried or re-run create is replayed.

        The token may replay an identical earlier create whose resource has been deleted since: the answer then
        names a resource that does not exist, and the create is made once more with a token salted by that answer.
        """
        body = self.write(action, service, create=True, **params)
        if not self.created_exists(body):
            body = self.write(action, service, create=True, token_salt=self.replay_salt(body), **params)
        return body

    def apply_tags(self, ident, to_set, to_remove):
        if self.tag_resource_type:
            res.apply_vpc_tags(self.module, self.tag_resource_type, ident, to_set, to_remove)

    def wait_gateway_active(self, gateway_id):
        """Wait until VPN gateway gateway_id takes writes again (status active); return it (wire).

        Every write on a gateway (its own attributes, its connections and routes) makes it `updating` for a while,
        and a second write meanwhile fails with VpnGateway.Configuring. Fails when the gateway disappears.
        """
        def fetch():
            return self.module.call('vpc', 'DescribeVpnGateway', not_found_ok=True, VpnGatewayId=gateway_id)
        gateway = self.module.wait_for(
            fetch, lambda gw: not gw or gw.get('Status') == 'active', 'VPN gateway %s to become active' % gateway_id,
            self.params['wait_timeout'], describe=lambda gw: gw.get('Status') if gw else 'absent')
        if not gateway:
            self.module.fail_json(msg='VPN gateway %s disappeared while waiting for it to become active' % gateway_id)
        return gateway

    # --- 5. result ------------------------------------------------------------------------------------------
    def masked(self, view):
        return res.mask(view, self.secret_keys)

    def public(self, resource):
        """What the module returns of the resource (secrets masked)."""
        return self.masked(resource)

    def diff(self, plan, resource):
        after = self.managed(resource) if self.diff_from_result else plan.after
        return dict(before=self.masked(plan.before), after=self.masked(after))

    def run(self):
        self.validate()
        plan = self.plan(self.find())
        if plan.action and not self.module.check_mode:
            resource = self.apply(plan)
        else:
            resource = plan.result
        output = {'changed': bool(plan.action), self.result_key: self.public(resource) or {},
                  'retries': self.module.retries}
        if self.module.diff_mode:
            output['diff'] = self.diff(plan, resource)
        self.module.exit_json(**output)
