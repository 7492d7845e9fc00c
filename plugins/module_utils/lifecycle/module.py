# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AlicloudModule: AnsibleModule plus the shared auth options, lazy clients, retries, errors and waiters."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.eds.vpc_access.plugins.module_utils.client import clients as clients_mod
from ansible_collections.eds.vpc_access.plugins.module_utils.client import credentials as creds_mod
from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import ApiError, to_api_error
from ansible_collections.eds.vpc_access.plugins.module_utils.client.retries import call_with_retries
from ansible_collections.eds.vpc_access.plugins.module_utils.lifecycle.waiters import WaitTimeout, wait_for

DEFAULT_PAGE_SIZE = 50


def alicloud_argument_spec():
    """The options of doc fragment eds.vpc_access.alicloud."""
    return dict(
        access_key=dict(type='str', aliases=['alicloud_access_key'], no_log=False),
        secret_key=dict(type='str', aliases=['alicloud_secret_key'], no_log=True),
        security_token=dict(type='str', aliases=['alicloud_security_token'], no_log=True),
        region=dict(type='str', aliases=['alicloud_region']),
        profile=dict(type='str', aliases=['alicloud_profile']),
        ecs_role_name=dict(type='str', aliases=['alicloud_ecs_role_name']),
        assume_role=dict(type='dict', aliases=['alicloud_assume_role'], options=dict(
            role_arn=dict(type='str', required=True),
            session_name=dict(type='str'),
            duration=dict(type='int'),
            policy=dict(type='str'),
        )),
        endpoint_url=dict(type='str', fallback=(env_fallback, ['ALICLOUD_ENDPOINT_URL'])),
        retry_timeout=dict(type='int', default=120),
    )


def identity_argument_spec(id_option):
    """state, and the id option (alias id) of a resource found by its id or else its natural key."""
    return {'state': dict(type='str', choices=['present', 'absent'], default='present'),
            id_option: dict(type='str', aliases=['id'])}


def tags_argument_spec(**kwargs):
    """The options of doc fragment eds.vpc_access.tags; kwargs go to the tags option (for example aliases)."""
    return dict(tags=dict(type='dict', **kwargs), purge_tags=dict(type='bool', default=True))


def wait_argument_spec(timeout):
    """The options of doc fragment eds.vpc_access.wait, with the module's default timeout."""
    return dict(wait=dict(type='bool', default=True), wait_timeout=dict(type='int', default=timeout))


def client_token(action, params, salt=None):
    """Deterministic ClientToken for one logical create: the same (action, params) give the same token.

    Retries of a create and a re-run after a crash reuse it, so the API replays instead of creating twice.
    ``salt`` makes a new token when the old one's replay points at a resource that has since been deleted.
    """
    material = json.dumps([action, {k: v for k, v in params.items() if k != 'ClientToken'}, salt],
                          sort_keys=True, default=str)
    return 'eds-' + hashlib.sha256(material.encode('utf-8')).hexdigest()[:48]


def get_path(body, path):
    """'VpnGateways.VpnGateway' → body['VpnGateways']['VpnGateway'] or [] when any part is missing."""
    value = body
    for part in path.split('.'):
        if not isinstance(value, dict):
            return []
        value = value.get(part)
    return value if value is not None else []


class AlicloudModule(object):
    """Thin wrapper around AnsibleModule; modules never import an SDK themselves."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = alicloud_argument_spec()
        spec.update(argument_spec or {})
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self._factory = None
        self._region = None
        self._cli_config = None
        self.retries = []   # (action, kind, delay) of every retry made; returned by modules in debug output

    # --- delegation ---------------------------------------------------------------------------------------
    @property
    def params(self):
        return self.module.params

    @property
    def check_mode(self):
        return self.module.check_mode

    @property
    def diff_mode(self):
        return self.module._diff

    def fail_json(self, **kwargs):
        self.module.fail_json(**kwargs)

    def exit_json(self, **kwargs):
        self.module.exit_json(**kwargs)

    def warn(self, msg):
        self.module.warn(msg)

    # --- resolution ---------------------------------------------------------------------------------------
    def _cli(self):
        if self._cli_config is None:
            try:
                self._cli_config = creds_mod.load_cli_config(os.environ.get('ALIBABA_CLOUD_CONFIG_FILE')) or {}
            except creds_mod.CredentialError as exc:
                self.fail_json(msg=str(exc))
        return self._cli_config

    @property
    def region(self):
        if self._region is None:
            self._region = creds_mod.resolve_region(self.params, os.environ, self._cli())
            if not self._region:
                self.fail_json(msg='region is required: set the region option, ALICLOUD_REGION or '
                                   'ALIBABA_CLOUD_REGION_ID, or region_id in the ~/.aliyun/config.json profile')
        return self._region

    def secrets(self):
        """Every secret value this run knows, to mask from messages."""
        values = [self.params.get('secret_key'), self.params.get('security_token')]
        values.extend(os.environ.get(var) for var in ('ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN',
                                                      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
                                                      'ALIBABA_CLOUD_SECURITY_TOKEN'))
        factory = self._factory
        if factory is not None:
            values.extend([factory.credentials.access_key_secret, factory.credentials.security_token])
            if factory._credential_kwargs:
                values.extend([factory._credential_kwargs.get('access_key_secret'),
                               factory._credential_kwargs.get('security_token')])
        values.extend(self.module.no_log_values)
        return [v for v in values if v]

    @property
    def factory(self):
        if self._factory is None:
            try:
                credentials = creds_mod.resolve_credentials(self.params, os.environ, self._cli())
            except creds_mod.CredentialError as exc:
                self.fail_json(msg=str(exc))
            try:
                self._factory = clients_mod.ClientFactory(credentials, self.region, self.params.get('endpoint_url'),
                                                          sts_call=self._assume_role)
            except ValueError as exc:
                self.fail_json(msg=str(exc))
        return self._factory

    def _assume_role(self, credential_kwargs, role):
        return self._call_with_policy('AssumeRole', lambda: self._factory.assume_role_once(credential_kwargs, role))

    # --- API calls ------------------------------------------------------------------------------------------
    def _call_with_policy(self, action, func):
        def note(exc, kind, delay, attempt):
            self.retries.append(dict(action=action, kind=kind, code=getattr(exc, 'code', None),
                                     delay=round(delay, 3), attempt=attempt + 1))
        try:
            return call_with_retries(func, self.params.get('retry_timeout') or 0, on_retry=note, action=action)
        except clients_mod.MissingLibrary as exc:
            self.fail_json(msg=missing_required_lib(exc.library))
        except Exception as exc:  # pylint: disable=broad-except
            raise to_api_error(action, exc, self.secrets())

    def call(self, service, action, create=False, not_found_ok=False, raise_errors=False, token_salt=None, **params):
        """One API action with retries; returns the response body (wire names). See docs/client_layer.md."""
        params = {k: v for k, v in params.items() if v is not None}
        if service != 'cbn' and 'RegionId' not in params:
            params['RegionId'] = self.region
        if create and 'ClientToken' not in params:
            params['ClientToken'] = client_token(action, params, token_salt)
        factory = self.factory
        try:
            return self._call_with_policy(action, lambda: factory.invoke(service, action, params))
        except ApiError as err:
            if not_found_ok and err.not_found:
                return None
            if raise_errors:
                raise
            self.fail_api(err)

    def fail_api(self, err, advice=None):
        """Fail with the API's answer err (an ApiError), and advice (a sentence saying what to do) when given."""
        msg = str(err) if not advice else '%s; %s' % (err, advice)
        # retries: what was tried before giving up (e.g. two 'connect' retries on a closed port)
        self.fail_json(msg=msg, error=dict(action=err.action, code=err.code, request_id=err.request_id),
                       retries=self.retries)

    def paginate(self, service, action, list_path, **params):
        """Every item of a paged Describe*: PageNumber/PageSize, or NextToken when MaxResults/MaxResult is given."""
        items = []
        if 'MaxResults' in params or 'MaxResult' in params:
            token = None
            while True:
                body = self.call(service, action, NextToken=token, **params)
                items.extend(get_path(body, list_path))
                token = body.get('NextToken')
                if not token:
                    return items
        params.setdefault('PageSize', DEFAULT_PAGE_SIZE)
        page = 1
        while True:
            body = self.call(service, action, PageNumber=page, **params)
            chunk = get_path(body, list_path)
            items.extend(chunk)
            total = body.get('TotalCount')
            if not chunk or (total is not None and len(items) >= int(total)) or (
                    total is None and len(chunk) < params['PageSize']):
                return items
            page += 1

    def wait_for(self, fetch, until, what, timeout, describe=None):
        try:
            return wait_for(fetch, until, what, timeout, describe)
        except WaitTimeout as exc:
            self.fail_json(msg=str(exc))
