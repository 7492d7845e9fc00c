"""Scenario files: accepted keys, settings, faults and the initial resources of each region.

Format (YAML; resource records use the API's wire field names):

    access_keys: [{id: testid, secret: testsecret}, {id: STS.x, secret: s, security_token: t}]
    settings: {time_scale: 1.0, delays: {vpn_gateway_create: 120}}
    faults: {default: {latency_ms: 5}, actions: {CreateVpnGateway: {throttle: 0.1}}}
    regions:
      cn-shanghai:
        zones: [cn-shanghai-e, cn-shanghai-f]
        dual_tunnel: true          # VPN gateways need VSwitchId + DisasterRecoveryVSwitchId
        vpn_gateway_zones: [{ZoneId: cn-shanghai-e}]   # DescribeVpnGatewayAvailableZones (services/vpn_gateway_zones.py)
        vpcs: [{VpcId: vpc-..., VpcName: ..., CidrBlock: 192.168.0.0/16}]
        vswitches: [{VSwitchId: vsw-..., VpcId: vpc-..., ZoneId: cn-shanghai-e, CidrBlock: 192.168.1.0/24}]
        route_tables: [...]        # optional; a system route table is made for every VPC without one
        office_sites: [...]        # ECD DescribeOfficeSites records
    cen_instances: [{CenId: cen-..., Name: ..., ChildInstances: [{ChildInstanceId: vpc-..., ChildInstanceRegionId: ...}]}]
    transit_routers: [...]         # CEN transit routers, their route tables and VPC attachments (services/transit_routers.py)
"""

import datetime
import ipaddress
import os

import yaml

from eds_emulator.auth import KeyRing
from eds_emulator.services import transit_routers, vpn_gateway_zones
from eds_emulator.state import Store

DEFAULT_SCENARIO = os.path.join(os.path.dirname(__file__), "scenarios", "default.yml")
ID_FIELDS = {
    "vpcs": "VpcId", "vswitches": "VSwitchId", "route_tables": "RouteTableId", "office_sites": "OfficeSiteId",
}
REGION_KEYS = {"zones", "dual_tunnel", "info", "vpn_gateway_zones"} | set(ID_FIELDS)
TOP_KEYS = {"access_keys", "settings", "faults", "regions", "cen_instances", "transit_routers", "description"}


class ScenarioError(ValueError):
    pass


def load(path=None):
    """The parsed, checked scenario dict (default scenario when path is None)."""
    with open(path or DEFAULT_SCENARIO, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: the scenario must be a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ScenarioError(f"{path}: unknown top-level keys: {', '.join(sorted(unknown))}")
    for region_id, region in (data.get("regions") or {}).items():
        if not isinstance(region, dict):
            raise ScenarioError(f"regions.{region_id} must be a mapping")
        bad = set(region) - REGION_KEYS
        if bad:
            raise ScenarioError(f"regions.{region_id}: unknown keys: {', '.join(sorted(bad))}")
    for key in data.get("access_keys") or []:
        if not isinstance(key, dict) or not key.get("id") or not key.get("secret"):
            raise ScenarioError("every access_keys entry needs id and secret")
    return data


def keyring(data):
    return KeyRing(data.get("access_keys") or [])


def _iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fill_vpc(store, region, vpc, created):
    vpc.setdefault("VpcName", "")
    vpc.setdefault("Description", "")
    vpc.setdefault("Status", "Available")
    vpc.setdefault("IsDefault", False)
    vpc.setdefault("CreationTime", created)
    vpc.setdefault("VRouterId", store.new_id("vrt"))
    vpc.setdefault("ResourceGroupId", "rg-acfmdefault000000000")
    vpc.setdefault("tags", {})
    vpc["VSwitchIds"] = [s["VSwitchId"] for s in region.table("vswitches").values() if s["VpcId"] == vpc["VpcId"]]


def _fill_vswitch(vswitch, created):
    vswitch.setdefault("VSwitchName", "")
    vswitch.setdefault("Description", "")
    vswitch.setdefault("Status", "Available")
    vswitch.setdefault("IsDefault", False)
    vswitch.setdefault("CreationTime", created)
    vswitch.setdefault("ResourceGroupId", "rg-acfmdefault000000000")
    vswitch.setdefault("tags", {})
    # the first three and the last address of a vSwitch are reserved on Alibaba Cloud
    vswitch.setdefault("AvailableIpAddressCount", ipaddress.IPv4Network(vswitch["CidrBlock"]).num_addresses - 4)


def build_store(data, seed=0, clock=None):
    """A Store with the scenario's regions, resources and CEN instances."""
    store = Store(seed=seed, clock=clock)
    created = _iso(store.now())
    for region_id, spec in (data.get("regions") or {}).items():
        region = store.add_region(region_id, zones=spec.get("zones") or [], dual_tunnel=spec.get("dual_tunnel", True),
                                  info=spec.get("info"), vpn_gateway_zones=spec.get("vpn_gateway_zones"))
        vpn_gateway_zones.check_scenario(region_id, region, ScenarioError)
        for table, id_field in ID_FIELDS.items():
            for record in spec.get(table) or []:
                if not isinstance(record, dict) or id_field not in record:
                    raise ScenarioError(f"regions.{region_id}.{table}: every entry needs {id_field}")
                region.table(table)[record[id_field]] = dict(record)
        for vswitch in region.table("vswitches").values():
            if vswitch.get("VpcId") not in region.table("vpcs"):
                raise ScenarioError(f"vSwitch {vswitch['VSwitchId']}: unknown VpcId {vswitch.get('VpcId')}")
            if region.zones and vswitch.get("ZoneId") not in region.zones:
                raise ScenarioError(f"vSwitch {vswitch['VSwitchId']}: ZoneId {vswitch.get('ZoneId')} is not a zone of {region_id}")
            _fill_vswitch(vswitch, created)
        for vpc in region.table("vpcs").values():
            _fill_vpc(store, region, vpc, created)
        for site in region.table("office_sites").values():
            site.setdefault("CreationTime", created)
        _system_route_tables(store, region, created)
    for cen in data.get("cen_instances") or []:
        if not isinstance(cen, dict) or "CenId" not in cen:
            raise ScenarioError("every cen_instances entry needs CenId")
        record = dict(cen)
        record.setdefault("Name", "")
        record.setdefault("Status", "Active")
        record.setdefault("ChildInstances", [])
        for child in record["ChildInstances"]:
            child.setdefault("ChildInstanceType", "VPC")
            child.setdefault("Status", "Attached")
        store.table("cen_instances")[record["CenId"]] = record
    transit_routers.seed(store, data, ScenarioError)
    return store


def _system_route_tables(store, region, created):
    """Every VPC has exactly one system route table (made here when the scenario does not list it)."""
    tables = region.table("route_tables")
    for vpc in region.table("vpcs").values():
        system = [t for t in tables.values() if t.get("VpcId") == vpc["VpcId"] and t.get("RouteTableType", "System") == "System"]
        if not system:
            table_id = store.new_id("vtb")
            tables[table_id] = {"RouteTableId": table_id, "VpcId": vpc["VpcId"]}
            system = [tables[table_id]]
        for table in system:
            table.setdefault("RouteTableType", "System")
            table.setdefault("RouteTableName", "")
            table.setdefault("Description", "")
            table.setdefault("VRouterId", vpc["VRouterId"])
            table.setdefault("Status", "Available")
            table.setdefault("CreationTime", created)
            table.setdefault("ResourceGroupId", vpc["ResourceGroupId"])
            table.setdefault("VSwitchIds", list(vpc["VSwitchIds"]))
            table.setdefault("tags", {})
        vpc.setdefault("RouteTableId", system[0]["RouteTableId"])
