# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print what CEN reports for one destination (DescribePublishedRouteEntries through the real CBN SDK) as JSON.

The cen_route_publish and vpn_site targets check their work with this independent reader instead of trusting the
module's own output.
Usage: published_routes.py ENDPOINT_URL ACCESS_KEY SECRET_KEY CEN_ID VPC_ID REGION DESTINATION
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import sys


def main():
    from alibabacloud_tea_openapi import models as open_api_models
    from alibabacloud_cbn20170912 import models
    from alibabacloud_cbn20170912.client import Client

    url, access_key, secret_key, cen_id, vpc_id, region, destination = sys.argv[1:8]
    config = open_api_models.Config(access_key_id=access_key, access_key_secret=secret_key,
                                    endpoint=url.split('://', 1)[1], protocol='HTTP', region_id=region)
    request = models.DescribePublishedRouteEntriesRequest(
        cen_id=cen_id, child_instance_id=vpc_id, child_instance_type='VPC', child_instance_region_id=region,
        destination_cidr_block=destination)
    body = Client(config).describe_published_route_entries(request).body
    print(json.dumps([entry.to_map() for entry in body.published_route_entries.published_route_entry]))


if __name__ == '__main__':
    main()
