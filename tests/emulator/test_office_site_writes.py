"""ECD ModifyOfficeSiteAttribute and AttachCen through the real ECD SDK: the changes DescribeOfficeSites shows,
validation, and the DirectoryNotReady window of an office network whose directory is still registering."""

import pytest
import yaml
from alibabacloud_ecd20200930 import models
from alibabacloud_tea_openapi.exceptions import ClientException

from emulator_harness import OFFICE_VPC, REGION

SITE = "cn-shanghai+dir-4067420000"
CEN = "cen-sampleplan000000001"


def site(client, site_id=SITE):
    body = client.describe_office_sites(models.DescribeOfficeSitesRequest(region_id=REGION, office_site_id=[site_id]))
    return body.body.office_sites[0]


def modify(client, site_id=SITE, **kwargs):
    return client.modify_office_site_attribute(models.ModifyOfficeSiteAttributeRequest(
        region_id=REGION, office_site_id=site_id, **kwargs))


def attach(client, site_id=SITE, **kwargs):
    return client.attach_cen(models.AttachCenRequest(region_id=REGION, office_site_id=site_id, **kwargs))


def error(call):
    with pytest.raises(ClientException) as info:
        call()
    return info.value.status_code, info.value.code


@pytest.fixture(name="detached")
def detached_fixture(start_emulator, tmp_path):
    """An office network without CEN, Internet access only, directory not ready for two writes."""
    scenario = {
        "access_keys": [{"id": "testid", "secret": "testsecret"}],
        "regions": {REGION: {"zones": ["cn-shanghai-e"], "office_sites": [
            {"OfficeSiteId": SITE, "Name": "eds-office", "VpcId": OFFICE_VPC, "not_ready_writes": 2},
            {"OfficeSiteId": f"{REGION}+dir-1", "Name": "other", "CenId": "cen-other000000000001",
             "CenAttachStatus": "Attached"}]}},
        "cen_instances": [{"CenId": CEN, "Name": "eds-cen"}],
    }
    path = tmp_path / "detached.yml"
    path.write_text(yaml.safe_dump(scenario))
    return start_emulator("--scenario", str(path), "--time-scale", "0")


def test_desktop_access_type_changes_and_vpc_gets_an_endpoint(emu):
    client = emu.ecd()
    modify(client, desktop_access_type="Internet")
    assert site(client).desktop_access_type == "INTERNET"
    modify(client, desktop_access_type="vpc", office_site_name="eds-office-2", enable_admin_access=False)
    changed = site(client)
    assert changed.desktop_access_type == "VPC" and changed.name == "eds-office-2"
    assert changed.desktop_vpc_endpoint.endswith(".privatelink.aliyuncs.com")


def test_modify_validation(emu):
    client = emu.ecd()
    assert error(lambda: modify(client, desktop_access_type="Everywhere")) == (400, "InvalidParameter")
    assert error(lambda: modify(client, office_site_name="1-starts-with-a-digit")) == (400, "InvalidOfficeSiteName")
    assert error(lambda: modify(client, site_id=f"{REGION}+dir-9", desktop_access_type="VPC")) == (
        404, "InvalidOfficeSiteId.NotFound")
    assert error(lambda: client.modify_office_site_attribute(models.ModifyOfficeSiteAttributeRequest(
        region_id=REGION, desktop_access_type="VPC"))) == (400, "MissingParameter")
    assert site(client).desktop_access_type == "Any"


def test_directory_not_ready_for_the_scenario_set_writes(detached):
    client = detached.ecd()
    assert site(client).status == "REGISTERING"
    assert error(lambda: modify(client, desktop_access_type="VPC")) == (400, "DirectoryNotReady")
    assert error(lambda: attach(client, cen_id=CEN)) == (400, "DirectoryNotReady")
    assert site(client).status == "REGISTERED" and site(client).desktop_access_type == "INTERNET"
    modify(client, desktop_access_type="VPC")
    assert site(client).desktop_access_type == "VPC"


def test_attach_cen(detached):
    client = detached.ecd()
    for attempt in range(2):  # spend the scenario's not-ready window: two refused writes
        assert error(lambda: modify(client, desktop_access_type="VPC")) == (400, "DirectoryNotReady"), attempt
    assert error(lambda: attach(client, cen_id="cen-nowhere00000000001")) == (404, "InvalidCenId.NotFound")
    assert error(lambda: attach(client, cen_id="cen-nowhere00000000001", cen_owner_id=1234567890)) == (
        400, "MissingParameter")
    assert error(lambda: attach(client, site_id=f"{REGION}+dir-1", cen_id=CEN)) == (400, "OfficeSite.CenAttached")
    attach(client, cen_id=CEN)
    attached = site(client)
    assert attached.cen_id == CEN and attached.cen_attach_status == "Attached"
    cen = detached.state()["store"]["globals"]["cen_instances"][CEN]
    assert {"ChildInstanceId": OFFICE_VPC, "ChildInstanceRegionId": REGION, "ChildInstanceType": "VPC",
            "Status": "Attached"} in cen["ChildInstances"]
    attach(client, cen_id=CEN)  # attached to it already: accepted, nothing changes
    assert len(detached.state()["store"]["globals"]["cen_instances"][CEN]["ChildInstances"]) == len(
        cen["ChildInstances"])
