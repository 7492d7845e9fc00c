# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credential resolution order: every source, first found wins, and no secret in any message."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.client.credentials import (
    CredentialError, load_cli_config, resolve_credentials, resolve_region)

OPTS = dict(access_key='AK-OPT', secret_key='SK-OPT', security_token=None)
ALICLOUD_ENV = dict(ALICLOUD_ACCESS_KEY='AK-ALICLOUD', ALICLOUD_SECRET_KEY='SK-ALICLOUD')
SDK_ENV = dict(ALIBABA_CLOUD_ACCESS_KEY_ID='AK-SDK', ALIBABA_CLOUD_ACCESS_KEY_SECRET='SK-SDK')
CLI = {
    'current': 'default',
    'profiles': [
        {'name': 'default', 'mode': 'AK', 'access_key_id': 'AK-PROFILE', 'access_key_secret': 'SK-PROFILE',
         'region_id': 'cn-beijing'},
        {'name': 'sts', 'mode': 'StsToken', 'access_key_id': 'STS.AK', 'access_key_secret': 'SK-STS',
         'sts_token': 'TOKEN-STS', 'region_id': 'cn-shanghai'},
        {'name': 'role', 'mode': 'RamRoleArn', 'access_key_id': 'AK-ROLE', 'access_key_secret': 'SK-ROLE',
         'ram_role_arn': 'acs:ram::1:role/admin', 'ram_session_name': 'me', 'expired_seconds': 900},
        {'name': 'ecs', 'mode': 'EcsRamRole', 'ram_role_name': 'EcsRole'},
        {'name': 'odd', 'mode': 'ChainableRamRoleArn'},
    ],
}


def resolve(params=None, env=None, cli=None):
    return resolve_credentials(params or {}, env or {}, cli)


def test_options_win_over_every_other_source():
    creds = resolve(OPTS, dict(ALICLOUD_ENV, **SDK_ENV), CLI)
    assert (creds.kind, creds.access_key_id, creds.access_key_secret) == ('access_key', 'AK-OPT', 'SK-OPT')
    assert creds.source == 'module options'


def test_option_security_token_is_kept():
    creds = resolve(dict(OPTS, security_token='TOK'), {}, None)
    assert creds.security_token == 'TOK'


def test_alicloud_env_wins_over_sdk_env_and_profile():
    env = dict(ALICLOUD_ENV, ALICLOUD_SECURITY_TOKEN='TOK-ALICLOUD', **SDK_ENV)
    creds = resolve({}, env, CLI)
    assert (creds.access_key_id, creds.security_token) == ('AK-ALICLOUD', 'TOK-ALICLOUD')


def test_sdk_env_wins_over_profile():
    creds = resolve({}, dict(SDK_ENV, ALIBABA_CLOUD_SECURITY_TOKEN='TOK-SDK'), CLI)
    assert (creds.access_key_id, creds.security_token) == ('AK-SDK', 'TOK-SDK')


def test_token_is_not_mixed_across_sources():
    # the token of a lower source must not be glued to the key pair of a higher one
    creds = resolve({}, dict(ALICLOUD_ENV, ALIBABA_CLOUD_SECURITY_TOKEN='TOK-SDK'), None)
    assert creds.security_token is None


def test_current_profile_of_cli_config_is_used_last():
    creds = resolve({}, {}, CLI)
    assert (creds.access_key_id, creds.access_key_secret) == ('AK-PROFILE', 'SK-PROFILE')


@pytest.mark.parametrize('params,env', [
    (dict(profile='sts'), {}),
    ({}, dict(ALICLOUD_PROFILE='sts')),
    ({}, dict(ALIBABA_CLOUD_PROFILE='sts')),
])
def test_named_profile_from_option_or_env(params, env):
    creds = resolve(params, env, CLI)
    assert (creds.access_key_id, creds.security_token) == ('STS.AK', 'TOKEN-STS')


def test_profile_option_beats_environment_keys():
    creds = resolve(dict(profile='sts'), ALICLOUD_ENV, CLI)
    assert creds.access_key_id == 'STS.AK'


def test_ram_role_arn_profile_adds_an_sts_role():
    creds = resolve(dict(profile='role'), {}, CLI)
    assert creds.access_key_id == 'AK-ROLE'
    assert creds.role_chain == [dict(role_arn='acs:ram::1:role/admin', session_name='me', duration=900, policy=None)]


def test_ecs_role_from_profile_option_and_env():
    assert resolve(dict(profile='ecs'), {}, CLI).role_name == 'EcsRole'
    assert resolve(dict(ecs_role_name='OptRole'), {}, None).kind == 'ecs_ram_role'
    creds = resolve({}, dict(ALICLOUD_ECS_ROLE_NAME='EnvRole'), None)
    assert (creds.kind, creds.role_name) == ('ecs_ram_role', 'EnvRole')


def test_ecs_role_env_comes_after_the_cli_profile():
    assert resolve({}, dict(ALIBABA_CLOUD_ECS_METADATA='EnvRole'), CLI).access_key_id == 'AK-PROFILE'


def test_assume_role_is_chained_after_the_found_credentials():
    creds = resolve(dict(OPTS, assume_role=dict(role_arn='acs:ram::1:role/x', session_name=None, duration=None,
                                                policy=None)), {}, None)
    assert creds.role_chain[-1]['role_arn'] == 'acs:ram::1:role/x'
    assert creds.role_chain[-1]['duration'] == 3600


@pytest.mark.parametrize('params,env,needle', [
    (dict(access_key='AK'), {}, 'module options: access_key is set but secret_key is not'),
    (dict(secret_key='SECRET-VALUE'), {}, 'module options: secret_key is set but access_key is not'),
    ({}, dict(ALICLOUD_SECRET_KEY='SECRET-VALUE'), 'ALICLOUD_SECRET_KEY is set but ALICLOUD_ACCESS_KEY is not'),
    (dict(profile='nope'), {}, "profile 'nope'"),
    (dict(profile='odd'), {}, 'supported modes'),
    ({}, {}, 'No Alibaba Cloud credentials found'),
])
def test_errors_name_the_problem_and_never_a_secret(params, env, needle):
    with pytest.raises(CredentialError) as err:
        resolve(params, env, CLI if params.get('profile') else None)
    assert needle in str(err.value)
    assert 'SECRET-VALUE' not in str(err.value)


def test_repr_does_not_leak_secret():
    assert 'SK-OPT' not in repr(resolve(OPTS))


@pytest.mark.parametrize('params,env,expected', [
    (dict(region='cn-a'), dict(ALICLOUD_REGION='cn-b', ALIBABA_CLOUD_REGION_ID='cn-c'), 'cn-a'),
    ({}, dict(ALICLOUD_REGION='cn-b', ALIBABA_CLOUD_REGION_ID='cn-c'), 'cn-b'),
    ({}, dict(ALICLOUD_REGION_ID='cn-d', ALIBABA_CLOUD_REGION_ID='cn-c'), 'cn-d'),
    ({}, dict(ALIBABA_CLOUD_REGION_ID='cn-c'), 'cn-c'),
    ({}, {}, 'cn-beijing'),
    (dict(profile='sts'), {}, 'cn-shanghai'),
])
def test_region_order(params, env, expected):
    assert resolve_region(params, env, CLI) == expected


def test_region_none_without_any_source():
    assert resolve_region({}, {}, None) is None


def test_load_cli_config(tmp_path):
    path = tmp_path / 'config.json'
    assert load_cli_config(str(path)) is None
    path.write_text(json.dumps(CLI))
    assert load_cli_config(str(path))['current'] == 'default'
    path.write_text('{broken')
    with pytest.raises(CredentialError):
        load_cli_config(str(path))
