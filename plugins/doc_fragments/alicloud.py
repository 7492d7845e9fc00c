# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - Alibaba Cloud AccessKey ID.
      - When not set, credentials are looked up in this order and the first source found wins
        C(ALICLOUD_ACCESS_KEY)/C(ALICLOUD_SECRET_KEY)/C(ALICLOUD_SECURITY_TOKEN) (or C(ALICLOUD_PROFILE)),
        C(ALIBABA_CLOUD_ACCESS_KEY_ID)/C(ALIBABA_CLOUD_ACCESS_KEY_SECRET)/C(ALIBABA_CLOUD_SECURITY_TOKEN)
        (or C(ALIBABA_CLOUD_PROFILE)), the current profile of C(~/.aliyun/config.json)
        (modes C(AK), C(StsToken), C(RamRoleArn), C(EcsRamRole)), and an ECS RAM role named by
        C(ALICLOUD_ECS_ROLE_NAME) or C(ALIBABA_CLOUD_ECS_METADATA).
    type: str
    aliases: [alicloud_access_key]
  secret_key:
    description:
      - Alibaba Cloud AccessKey secret; required together with O(access_key).
    type: str
    aliases: [alicloud_secret_key]
  security_token:
    description:
      - STS security token to use with a temporary O(access_key)/O(secret_key) pair.
    type: str
    aliases: [alicloud_security_token]
  region:
    description:
      - Region ID, for example C(cn-shanghai).
      - Falls back to C(ALICLOUD_REGION), C(ALICLOUD_REGION_ID), C(ALIBABA_CLOUD_REGION_ID), then the
        C(region_id) of the selected C(~/.aliyun/config.json) profile.
    type: str
    aliases: [alicloud_region]
  profile:
    description:
      - Name of a profile in C(~/.aliyun/config.json) (the Alibaba Cloud CLI configuration) to take the
        credentials and region from. Used when O(access_key) is not set.
    type: str
    aliases: [alicloud_profile]
  ecs_role_name:
    description:
      - Name of the RAM role attached to the ECS instance the module runs on; credentials are then fetched
        from the instance metadata service.
    type: str
    aliases: [alicloud_ecs_role_name]
  assume_role:
    description:
      - Assume this RAM role through STS C(AssumeRole) with the credentials found above, and use the
        temporary credentials for every call.
    type: dict
    aliases: [alicloud_assume_role]
    suboptions:
      role_arn:
        description: ARN of the role, for example C(acs:ram::123456789012:role/vpn-admin).
        type: str
        required: true
      session_name:
        description: Session name recorded in ActionTrail. Defaults to C(eds-vpc-access).
        type: str
      duration:
        description: Lifetime of the temporary credentials in seconds (900 to 43200). Defaults to C(3600).
        type: int
      policy:
        description: An additional JSON policy that further restricts the assumed role.
        type: str
  endpoint_url:
    description:
      - Send every API call (VPC, CEN, ECD, STS) to this endpoint instead of the public regional one, for
        example a private endpoint or the local emulator C(http://127.0.0.1:PORT).
      - C(http://HOST:PORT) uses plain HTTP; C(https://HOST) or a bare C(HOST[:PORT]) uses HTTPS.
      - Falls back to the C(ALICLOUD_ENDPOINT_URL) environment variable.
      - The Alibaba Cloud SDK honours C(HTTP_PROXY)/C(HTTPS_PROXY) but ignores C(NO_PROXY); unset the proxy
        variables when the endpoint is local.
    type: str
  retry_timeout:
    description:
      - Total time in seconds one API action may spend retrying transient errors (throttling, server
        errors, network errors and "resource busy" codes such as C(VpnGateway.Configuring)), with full-jitter
        exponential backoff. Validation and permission errors are never retried. C(0) disables retries.
      - A connection that cannot be opened (nothing listens at the endpoint) is tried 3 times in all, and a host
        name that does not resolve is not retried; both mean a wrong O(endpoint_url) or O(region), not a blip.
    type: int
    default: 120
requirements:
  - python >= 3.8
  - alibabacloud-tea-openapi
  - alibabacloud-credentials (only for an ECS RAM role)
notes:
  - The module calls the API through the generic client of C(alibabacloud-tea-openapi), imported when it first
    calls it; the product SDKs (C(alibabacloud-vpc20160428) and others) are not needed.
  - Credentials and secrets are never included in error messages.
'''
