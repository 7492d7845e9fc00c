"""ECD DescribeOfficeSites through the real ECD SDK, with the default and a custom scenario."""

import pytest
import yaml
from alibabacloud_ecd20200930 import models
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import OFFICE_VPC, REGION

SITE = "cn-shanghai+dir-4067420000"


def sites(client, **kwargs):
    return client.describe_office_sites(models.DescribeOfficeSitesRequest(region_id=REGION, **kwargs)).body


def test_default_office_site(emu):
    body = sites(emu.ecd())
    assert body.total_count == 1 and body.next_token is None
    site = body.office_sites[0]
    assert site.office_site_id == SITE and site.name == "eds-office"
    assert site.vpc_id == OFFICE_VPC and site.cidr_block == "172.16.0.0/12"
    assert site.desktop_vpc_endpoint.endswith(".privatelink.aliyuncs.com")
    assert site.desktop_access_type == "Any"
    assert site.cen_id == "cen-sampleplan000000001" and site.cen_attach_status == "Attached"
    assert site.dns_address == ["100.100.2.136", "100.100.2.138"]
    assert site.status == "REGISTERED" and site.office_site_type == "SIMPLE"
    assert len(site.v_switch_ids) == 2 and site.enable_internet_access is False


def test_filters(emu):
    client = emu.ecd()
    assert sites(client, office_site_id=[SITE]).total_count == 1
    assert sites(client, office_site_id=["cn-shanghai+dir-0"]).total_count == 0
    assert sites(client, status="REGISTERED").total_count == 1
    assert sites(client, status="ERROR").total_count == 0
    assert sites(client, office_site_type="AD_CONNECTOR").total_count == 0
    with pytest.raises(ClientException) as err:
        sites(client, status="SLEEPING")
    assert err.value.code == "InvalidParameter"


def test_unknown_region(emu):
    with pytest.raises(ClientException) as err:
        emu.ecd().describe_office_sites(models.DescribeOfficeSitesRequest(region_id="xx-nowhere-1"))
    assert err.value.code == "InvalidRegionId.NotFound"


def test_next_token_paging(start_emulator, tmp_path):
    scenario = {
        "access_keys": [{"id": "ak", "secret": "sk"}],
        "regions": {REGION: {"zones": ["cn-shanghai-e"], "office_sites": [
            {"OfficeSiteId": f"{REGION}+dir-{i}", "Name": f"site-{i}", "Status": "REGISTERED"} for i in range(5)]}},
    }
    path = tmp_path / "sites.yml"
    path.write_text(yaml.safe_dump(scenario))
    emu = start_emulator("--scenario", str(path), "--time-scale", "0")
    client = emu.ecd(access_key_id="ak", secret="sk")
    seen, token = [], None
    while True:
        body = sites(client, max_results=2, next_token=token)
        assert body.total_count == 5
        seen += [s.office_site_id for s in body.office_sites]
        token = body.next_token
        if not token:
            break
    assert seen == [f"{REGION}+dir-{i}" for i in range(5)]
    for bad in ({"max_results": 101}, {"max_results": 0}, {"next_token": "garbage!"}):
        with pytest.raises(ClientException):
            sites(client, **bad)
