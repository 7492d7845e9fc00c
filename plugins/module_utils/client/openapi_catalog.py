# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the product SDK clients know that the generic OpenAPI client does not, kept as data.

The modules call ``alibabacloud_tea_openapi.client.Client.call_api`` directly instead of importing the product
clients (``alibabacloud_vpc20160428.client`` alone imports ~1,000 model modules: ~0.6 s and ~17 MiB per task,
docs/benchmarks.md P4). These tables copy what those clients add on top of ``call_api``: the API version, how
they choose the endpoint (``_endpoint_rule`` + ``_endpoint_map``) and which parameters of an action travel in
the form body instead of the query string. tests/unit/plugins/module_utils/test_openapi_catalog.py imports the
product clients and fails when one of them says something else (an SDK upgrade changed a table).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# service → API version (the product client's Params.version)
API_VERSIONS = {
    'vpc': '2016-04-28',
    'cbn': '2017-09-12',
    'ecd': '2020-09-30',
    'sts': '2015-04-01',
}

# service → the product client's _endpoint_rule ('regional': <product>.<region>.aliyuncs.com, 'central':
# <product>.aliyuncs.com; Utils.get_endpoint_rules builds the name)
ENDPOINT_RULES = {
    'vpc': 'regional',
    'cbn': 'central',
    'ecd': 'regional',
}

# STS: the collection has always used the central endpoint (it accepts every region's AssumeRole), not the
# product client's regional rule.
STS_ENDPOINT = 'sts.aliyuncs.com'

# service → the product client's _endpoint_map: regions whose endpoint does not follow the rule
ENDPOINT_MAPS = {
    'vpc': {
        'cn-hangzhou': 'vpc.aliyuncs.com',
        'cn-shanghai-finance-1': 'vpc.aliyuncs.com',
        'cn-shenzhen-finance-1': 'vpc.aliyuncs.com',
        'cn-north-2-gov-1': 'vpc.aliyuncs.com',
        'ap-northeast-2-pop': 'vpc.aliyuncs.com',
        'cn-beijing-finance-pop': 'vpc.aliyuncs.com',
        'cn-beijing-gov-1': 'vpc.aliyuncs.com',
        'cn-beijing-nu16-b01': 'vpc.aliyuncs.com',
        'cn-edge-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
        'cn-fujian': 'vpc.aliyuncs.com',
        'cn-haidian-cm12-c01': 'vpc.aliyuncs.com',
        'cn-hangzhou-bj-b01': 'vpc.aliyuncs.com',
        'cn-hangzhou-finance': 'vpc.aliyuncs.com',
        'cn-hangzhou-internal-prod-1': 'vpc.aliyuncs.com',
        'cn-hangzhou-internal-test-1': 'vpc-pre.cn-hangzhou.aliyuncs.com',
        'cn-hangzhou-internal-test-2': 'vpc-inner-pre.cn-hangzhou.aliyuncs.com',
        'cn-hangzhou-internal-test-3': 'vpc-pre.cn-hangzhou.aliyuncs.com',
        'cn-hangzhou-test-306': 'vpc-pre.cn-hangzhou.aliyuncs.com',
        'cn-hongkong-finance-pop': 'vpc.aliyuncs.com',
        'cn-huhehaote-nebula-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
        'cn-qingdao-nebula': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
        'cn-shanghai-et15-b01': 'vpc-pre.cn-hangzhou.aliyuncs.com',
        'cn-shanghai-et2-b01': 'vpc.aliyuncs.com',
        'cn-shanghai-inner': 'vpc.aliyuncs.com',
        'cn-shanghai-internal-test-1': 'vpc-pre.cn-hangzhou.aliyuncs.com',
        'cn-shenzhen-inner': 'vpc.aliyuncs.com',
        'cn-shenzhen-st4-d01': 'vpc.aliyuncs.com',
        'cn-shenzhen-su18-b01': 'vpc.aliyuncs.com',
        'cn-wuhan': 'vpc.aliyuncs.com',
        'cn-yushanfang': 'vpc.aliyuncs.com',
        'cn-zhangbei': 'vpc.aliyuncs.com',
        'cn-zhangbei-na61-b01': 'vpc.aliyuncs.com',
        'cn-zhangjiakou-na62-a01': 'vpc.cn-zhangjiakou.aliyuncs.com',
        'cn-zhengzhou-nebula-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
        'eu-west-1-oxs': 'vpc-nebula.cn-shenzhen-cloudstone.aliyuncs.com',
        'rus-west-1-pop': 'vpc.aliyuncs.com',
    },
    'cbn': {},
    'ecd': {},
}

# (service, action) → (body names, body_flat names): parameters the product client puts in the form body
# (``body[...]`` as they are, ``body_flat[...]`` flattened like the query); every other parameter goes in the
# query string. Only the actions the collection calls are listed; the drift test checks every operation name
# that appears in plugins/ against the SDKs.
BODY_PARAMS = {
    ('vpc', 'CreateVpnConnection'): ((), ('TunnelOptionsSpecification',)),
    ('vpc', 'ModifyVpnConnectionAttribute'): ((), ('TunnelOptionsSpecification',)),
    ('vpc', 'CreateVpnAttachment'): ((), ('TunnelOptionsSpecification',)),
    ('vpc', 'ModifyVpnAttachmentAttribute'): ((), ('TunnelOptionsSpecification',)),
}

# (service, action) → the HTTP method of the product client where it is not POST (same signed query string)
METHODS = {
    ('vpc', 'DescribeVpnGatewayAvailableZones'): 'GET',
}
