"""EDS (ECD 2020-09-30) office networks from the scenario: DescribeOfficeSites (the writes: office_site_writes.py)."""

from eds_emulator import validation
from eds_emulator.pagination import token_page
from eds_emulator.services import action

STATUSES = ("REGISTERING", "REGISTERED", "DEREGISTERING", "DEREGISTERED", "NEEDCONFIGTRUST", "CONFIGTRUSTING",
            "CONFIGTRUSTFAILED", "NEEDCONFIGUSER", "ERROR")
TYPES = ("SIMPLE", "AD_CONNECTOR")
# what DescribeOfficeSites returns for fields a scenario leaves out (JSON types of the ecd 5.5.0 models)
DEFAULTS = {
    "Name": "", "OfficeSiteType": "SIMPLE", "Status": "REGISTERED", "CidrBlock": "", "VpcId": "", "VSwitchIds": [],
    "VpcType": "Standard", "DesktopAccessType": "INTERNET", "DesktopVpcEndpoint": "", "CustomAccessPoint": "",
    "EnableInternetAccess": False, "EnableAdminAccess": False, "EnableCrossDesktopAccess": False,
    "EnableServiceRoute": False, "NeedVerifyZeroDevice": False, "NeedVerifyLoginRisk": False, "MfaEnabled": False,
    "SsoEnabled": False, "CloudBoxOfficeSite": False, "IsLdap": False, "CenId": "", "CenAttachStatus": "",
    "DnsAddress": [], "CustomDnsAddress": [], "SubDnsAddress": [], "DnsUserName": "", "DomainName": "",
    "SubDomainName": "", "DesktopCount": 0, "Bandwidth": 0, "NetworkPackageId": "", "ProtocolType": "ASP",
    "SecurityProtection": "", "AccountType": "SIMPLE", "FileSystemIds": [], "ADConnectors": [], "Logs": [],
    "ResourceAmounts": [], "TotalEdsCount": 0, "TotalEdsCountForGroup": 0, "TotalResourceAmount": 0,
}
# not_ready_writes: the office network's directory is not ready for this many more writes (office_site_writes.py)
INTERNAL = frozenset(("tags", "not_ready_writes"))


def _view(site):
    out = dict(DEFAULTS)
    out.update({k: v for k, v in site.items() if k not in INTERNAL})
    if site.get("not_ready_writes"):
        out["Status"] = "REGISTERING"
    return out


@action("ecd", "DescribeOfficeSites")
def describe_office_sites(ctx, p):
    ids = p.get("OfficeSiteId") or []
    if not isinstance(ids, list):
        ids = [ids]
    status = validation.enum(p["Status"], "Status", STATUSES) if p.get("Status") else None
    site_type = validation.enum(p["OfficeSiteType"], "OfficeSiteType", TYPES) if p.get("OfficeSiteType") else None
    items = []
    for site in ctx.region.table("office_sites").values():
        view = _view(site)
        if ids and view["OfficeSiteId"] not in ids:
            continue
        if status and view["Status"] != status:
            continue
        if site_type and view["OfficeSiteType"] != site_type:
            continue
        if p.get("VpcId") and view["VpcId"] != p["VpcId"]:
            continue
        items.append(view)
    chunk, next_token, _size, total = token_page(items, p, "MaxResults", default_size=10, max_size=100)
    out = {"OfficeSites": chunk, "TotalCount": total}
    if next_token:
        out["NextToken"] = next_token
    return out
