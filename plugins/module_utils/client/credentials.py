# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credential and region resolution for the Alibaba Cloud modules.

Pure logic: it reads only the mapping it is given (module params, an environment mapping and the parsed
``~/.aliyun/config.json``), so it is unit-tested without the SDK. The SDK's own default chain is NOT used:
``alibabacloud_credentials`` reads its environment variables once, at import time, and knows nothing of the
``ALICLOUD_*`` names users of alibaba.alicloud already have.

First source that yields credentials wins:
  1. module options: access_key + secret_key (+ security_token), else ``profile``, else ``ecs_role_name``
  2. ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY (+ ALICLOUD_SECURITY_TOKEN), else ALICLOUD_PROFILE
  3. ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN), else
     ALIBABA_CLOUD_PROFILE
  4. the current profile of ~/.aliyun/config.json (modes AK, StsToken, RamRoleArn, EcsRamRole)
  5. an ECS RAM role named by ALICLOUD_ECS_ROLE_NAME or ALIBABA_CLOUD_ECS_METADATA
The ``assume_role`` option is applied on top of whatever was found (through STS).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os


DEFAULT_CONFIG_PATH = os.path.join('~', '.aliyun', 'config.json')
DEFAULT_SESSION_NAME = 'eds-vpc-access'
DEFAULT_ROLE_DURATION = 3600

REGION_ENV = ('ALICLOUD_REGION', 'ALICLOUD_REGION_ID', 'ALIBABA_CLOUD_REGION_ID')
ECS_ROLE_ENV = ('ALICLOUD_ECS_ROLE_NAME', 'ALIBABA_CLOUD_ECS_METADATA')

# (label, access key var, secret var, token var, profile var)
ENV_SOURCES = (
    ('ALICLOUD_* environment variables', 'ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN',
     'ALICLOUD_PROFILE'),
    ('ALIBABA_CLOUD_* environment variables', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
     'ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_PROFILE'),
)


class CredentialError(Exception):
    """Credentials are missing or inconsistent. The message never contains a secret."""


class Credentials(object):
    """What the client factory needs to build an SDK credential.

    kind: 'access_key' (static AK, optionally with an STS token) or 'ecs_ram_role'.
    role_chain: list of dicts (role_arn, session_name, duration, policy) to assume through STS, in order.
    """

    def __init__(self, kind, source, access_key_id=None, access_key_secret=None, security_token=None,
                 role_name=None, role_chain=None):
        self.kind = kind
        self.source = source
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token
        self.role_name = role_name
        self.role_chain = list(role_chain or [])

    def __repr__(self):
        # never print secrets, even by accident in a debug message
        return 'Credentials(kind=%r, source=%r, access_key_id=%r, roles=%d)' % (
            self.kind, self.source, self.access_key_id, len(self.role_chain))


def _value(mapping, name):
    value = mapping.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def load_cli_config(path=None):
    """Parse the aliyun CLI config file; None when it does not exist."""
    path = os.path.expanduser(path or DEFAULT_CONFIG_PATH)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError, ValueError) as exc:
        raise CredentialError('Cannot read the Alibaba Cloud CLI config %s: %s' % (path, exc.__class__.__name__))


def _find_profile(cli_config, name, origin):
    if not cli_config:
        raise CredentialError('%s names the profile %r but there is no ~/.aliyun/config.json' % (origin, name))
    for profile in cli_config.get('profiles') or []:
        if profile.get('name') == name:
            return profile
    names = sorted(p.get('name', '') for p in cli_config.get('profiles') or [])
    raise CredentialError('%s names the profile %r, which is not in ~/.aliyun/config.json (profiles: %s)'
                          % (origin, name, ', '.join(names) or 'none'))


def _static(source, ak, sk, token, origin_ak, origin_sk):
    if ak and not sk:
        raise CredentialError('%s: %s is set but %s is not' % (source, origin_ak, origin_sk))
    if sk and not ak:
        raise CredentialError('%s: %s is set but %s is not' % (source, origin_sk, origin_ak))
    if ak:
        return Credentials('access_key', source, ak, sk, token)
    return None


def credentials_from_profile(profile, source):
    """Turn one aliyun CLI profile (modes AK, StsToken, RamRoleArn, EcsRamRole) into Credentials."""
    mode = profile.get('mode') or 'AK'
    name = profile.get('name')
    label = '%s (profile %r, mode %s)' % (source, name, mode)
    ak, sk = _value(profile, 'access_key_id'), _value(profile, 'access_key_secret')
    if mode in ('AK', 'StsToken', 'RamRoleArn'):
        if not (ak and sk):
            raise CredentialError('profile %r (mode %s) in ~/.aliyun/config.json has no access_key_id/access_key_secret'
                                  % (name, mode))
        token = _value(profile, 'sts_token') if mode == 'StsToken' else None
        if mode == 'StsToken' and not token:
            raise CredentialError('profile %r (mode StsToken) in ~/.aliyun/config.json has no sts_token' % name)
        creds = Credentials('access_key', label, ak, sk, token)
        if mode == 'RamRoleArn':
            role_arn = _value(profile, 'ram_role_arn')
            if not role_arn:
                raise CredentialError('profile %r (mode RamRoleArn) in ~/.aliyun/config.json has no ram_role_arn' % name)
            creds.role_chain.append(dict(
                role_arn=role_arn,
                session_name=_value(profile, 'ram_session_name') or DEFAULT_SESSION_NAME,
                duration=int(profile.get('expired_seconds') or DEFAULT_ROLE_DURATION),
                policy=None))
        return creds
    if mode == 'EcsRamRole':
        role_name = _value(profile, 'ram_role_name')
        if not role_name:
            raise CredentialError('profile %r (mode EcsRamRole) in ~/.aliyun/config.json has no ram_role_name' % name)
        return Credentials('ecs_ram_role', label, role_name=role_name)
    raise CredentialError('profile %r in ~/.aliyun/config.json uses mode %s; supported modes: AK, StsToken, '
                          'RamRoleArn, EcsRamRole' % (name, mode))


def select_profile(params, environ, cli_config):
    """The profile dict the user points at (option, env, or the CLI's current one), or None."""
    for origin, name in (('the profile option', _value(params, 'profile')),
                         ('ALICLOUD_PROFILE', _value(environ, 'ALICLOUD_PROFILE')),
                         ('ALIBABA_CLOUD_PROFILE', _value(environ, 'ALIBABA_CLOUD_PROFILE'))):
        if name:
            return _find_profile(cli_config, name, origin)
    if cli_config:
        current = cli_config.get('current') or 'default'
        for profile in cli_config.get('profiles') or []:
            if profile.get('name') == current:
                return profile
    return None


def resolve_credentials(params, environ, cli_config):
    """Return Credentials from the first source that has them; raise CredentialError if none has."""
    creds = _static('module options', _value(params, 'access_key'), _value(params, 'secret_key'),
                    _value(params, 'security_token'), 'access_key', 'secret_key')
    if creds is None and _value(params, 'profile'):
        creds = credentials_from_profile(_find_profile(cli_config, params['profile'], 'the profile option'),
                                         'module option profile')
    if creds is None and _value(params, 'ecs_role_name'):
        creds = Credentials('ecs_ram_role', 'module option ecs_role_name', role_name=_value(params, 'ecs_role_name'))
    for label, ak_var, sk_var, token_var, profile_var in ENV_SOURCES:
        if creds is not None:
            break
        creds = _static(label, _value(environ, ak_var), _value(environ, sk_var), _value(environ, token_var),
                        ak_var, sk_var)
        if creds is None and _value(environ, profile_var):
            creds = credentials_from_profile(_find_profile(cli_config, environ[profile_var], profile_var), profile_var)
    if creds is None and cli_config:
        profile = select_profile({}, {}, cli_config)
        if profile is not None:
            creds = credentials_from_profile(profile, '~/.aliyun/config.json')
    if creds is None:
        for var in ECS_ROLE_ENV:
            if _value(environ, var):
                creds = Credentials('ecs_ram_role', var, role_name=_value(environ, var))
                break
    if creds is None:
        raise CredentialError(
            'No Alibaba Cloud credentials found: set access_key and secret_key (or profile / ecs_role_name), '
            'or ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY, or ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET, '
            'or a profile in ~/.aliyun/config.json')
    assume = params.get('assume_role')
    if assume:
        if not _value(assume, 'role_arn'):
            raise CredentialError('assume_role.role_arn is required when assume_role is set')
        creds.role_chain.append(dict(
            role_arn=assume['role_arn'],
            session_name=_value(assume, 'session_name') or DEFAULT_SESSION_NAME,
            duration=int(assume.get('duration') or DEFAULT_ROLE_DURATION),
            policy=assume.get('policy')))
    return creds


def resolve_region(params, environ, cli_config):
    """Region: option → ALICLOUD_REGION → ALICLOUD_REGION_ID → ALIBABA_CLOUD_REGION_ID → profile region_id."""
    region = _value(params, 'region')
    if region:
        return region
    for var in REGION_ENV:
        if _value(environ, var):
            return _value(environ, var)
    try:
        profile = select_profile(params, environ, cli_config)
    except CredentialError:
        profile = None
    if profile:
        return _value(profile, 'region_id')
    return None
