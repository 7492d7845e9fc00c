"""EDS (ECD 2020-09-30) office network writes: ModifyOfficeSiteAttribute and AttachCen.

Directory not ready: an office network record may carry the internal key ``not_ready_writes: N`` (scenario or
POST /_emulator/state). Its directory is then still registering: DescribeOfficeSites shows ``Status: REGISTERING``
and each of the next N writes on it is answered 400 ``DirectoryNotReady`` (after validation, before any change),
counting down; the write after that goes through and the status is ``REGISTERED`` again. The code is the one the
Terraform provider retries on these writes; when the real service gives it and for how long is UNCONFIRMED
(docs/emulator.md "Office networks").
"""

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.params import parse_bool, parse_int
from eds_emulator.services import action, require

# the enumeration of the ModifyOfficeSiteAttribute reference, accepted in any case (the Terraform provider sends
# "Internet"), stored as spelled there
ACCESS_TYPES = ("INTERNET", "VPC", "Any")
BOOL_FIELDS = ("EnableAdminAccess", "NeedVerifyLoginRisk", "NeedVerifyZeroDevice")


def _site(ctx, p):
    require(p, "OfficeSiteId")
    site = ctx.region.table("office_sites").get(p["OfficeSiteId"])
    if site is None:
        # code of the emulator's choice (UNCONFIRMED)
        raise ApiError.not_found("InvalidOfficeSiteId.NotFound", f"office network {p['OfficeSiteId']}")
    return site


def _check_ready(site):
    """400 DirectoryNotReady while the directory registers (counts the write down)."""
    left = int(site.get("not_ready_writes") or 0)
    if left > 0:
        site["not_ready_writes"] = left - 1
        if left == 1:
            site["Status"] = "REGISTERED"
        raise ApiError("DirectoryNotReady", f"The directory of office network {site['OfficeSiteId']} is not ready. "
                                            "Try again later.")


def _check_name(ctx, site, name):
    if not 2 <= len(name) <= 255 or not name[0].isalpha() or name.lower().startswith(("http://", "https://")):
        raise ApiError.invalid("OfficeSiteName", "The office network name must be 2 to 255 characters long and start "
                                                 "with a letter.")
    others = [s for s in ctx.region.table("office_sites").values()
              if s is not site and s.get("Name") == name]
    if others:
        raise ApiError("InvalidOfficeSiteName.Duplicate", f"An office network named {name} already exists.")


@action("ecd", "ModifyOfficeSiteAttribute", write=True)
def modify_office_site_attribute(ctx, p):
    site = _site(ctx, p)
    changes = {}
    if p.get("DesktopAccessType") not in (None, ""):
        changes["DesktopAccessType"] = validation.enum(p["DesktopAccessType"], "DesktopAccessType", ACCESS_TYPES,
                                                       case_insensitive=True)
    if p.get("OfficeSiteName") not in (None, ""):
        _check_name(ctx, site, p["OfficeSiteName"])
        changes["Name"] = p["OfficeSiteName"]
    for name in BOOL_FIELDS:
        if p.get(name) not in (None, ""):
            changes[name] = parse_bool(name, p[name])
    _check_ready(site)
    site.update(changes)
    if site.get("DesktopAccessType") in ("VPC", "Any") and not site.get("DesktopVpcEndpoint"):
        # VPC and Any activate PrivateLink: the office network gets its VPC endpoint
        ep, srv = ctx.store.new_id("ep"), ctx.store.new_id("epsrv")
        site["DesktopVpcEndpoint"] = f"http://{ep}.{srv}.{ctx.region_id}.privatelink.aliyuncs.com"
    return {}


@action("ecd", "AttachCen", write=True)
def attach_cen(ctx, p):
    site = _site(ctx, p)
    require(p, "CenId")
    cen_id = p["CenId"]
    owner = parse_int("CenOwnerId", p["CenOwnerId"]) if p.get("CenOwnerId") not in (None, "") else None
    cen = ctx.store.table("cen_instances").get(cen_id)
    if owner is None and cen is None:
        raise ApiError.not_found("InvalidCenId.NotFound", f"CEN instance {cen_id}")
    if owner is not None and not p.get("VerifyCode"):
        # a CEN instance of another account: the API asks for the code SendVerifyCode sent to its owner
        raise ApiError.missing("VerifyCode")
    if site.get("CenId") and site["CenId"] != cen_id:
        # one CEN instance per office network (the AttachCen reference); code of the emulator's choice (UNCONFIRMED)
        raise ApiError("OfficeSite.CenAttached", f"Office network {site['OfficeSiteId']} is already attached to "
                                                 f"CEN instance {site['CenId']}.")
    _check_ready(site)
    site["CenId"] = cen_id
    site["CenAttachStatus"] = "Attached"
    if cen is not None and site.get("VpcId"):
        children = cen.setdefault("ChildInstances", [])
        if not any(c.get("ChildInstanceId") == site["VpcId"] for c in children):
            children.append({"ChildInstanceId": site["VpcId"], "ChildInstanceRegionId": ctx.region_id,
                             "ChildInstanceType": "VPC", "Status": "Attached"})
    return {}
