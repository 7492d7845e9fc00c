"""In-memory state: a Store of RegionStates (tables of plain JSON-serialisable records), ids, the clock.

Records keep wire field names in PascalCase (``VpnGatewayId``, ``Name``) and internal bookkeeping in
snake_case (``ready_at``, ``busy_until``, ``tags``).  Time-dependent status is derived on read from absolute
emulated timestamps, so nothing runs in the background.
"""

import copy
import json
import os
import random
import string
import tempfile
import threading
import time

ID_ALPHABET = string.ascii_lowercase + string.digits
ID_LENGTH = 21

# Base delays in emulated seconds (roughly what the real service takes), multiplied by --time-scale.
DEFAULT_DELAYS = {
    "vpn_gateway_create": 120.0,
    "vpn_gateway_update": 10.0,
    "vpn_gateway_delete": 30.0,
    "vpn_connection_create": 15.0,   # the connection's own State window outlasts the gateway's `updating`
    "vpn_connection_update": 15.0,
    "vpn_connection_delete": 15.0,   # `deleting` until the connection is gone
    "route_entry": 5.0,
    "cen_publish": 5.0,
    "tr_attach": 10.0,               # transit router VPN attachment: Attaching -> Attached
    "tr_update": 5.0,                # ... Updating after a change of AutoPublishRouteEnabled
    "tr_detach": 10.0,               # ... Detaching -> gone
    "tr_route_link": 3.0,            # route table association / propagation being applied or removed
    "vpn_diagnose_item": 1.0,       # one item of a DiagnoseVpnGateway report (services/vpn_diagnose.py)
}
DEFAULT_DELAY = 5.0
# Default quotas of an account (docs/emulator.md "Quotas"); a scenario may set others (settings.quotas), as an
# account whose quotas were raised has them.
DEFAULT_QUOTAS = {
    "connection_subnets": 5,         # CIDR blocks in LocalSubnet, and in RemoteSubnet, of one IPsec-VPN connection
    "vpn_route_entries": 20,         # destination-based routes per VPN gateway
    "vpn_pbr_route_entries": 20,     # policy-based routes per VPN gateway (the AutoConfigRoute ones count)
    "vpn_connections": 10,           # IPsec-VPN connections per VPN gateway
    "customer_gateways": 100,        # customer gateways per region
}


# The account's site: which billing method and bandwidth set CreateVpnGateway takes (docs/emulator.md "Sites").
SITES = ("china", "international")
DEFAULT_SITE = "international"   # pay-as-you-go (POSTPAY), what the modules send by default


class Settings:
    """Run settings: time scale and per-operation delays, quotas, the site: fault-free knobs the handlers read."""

    def __init__(self, time_scale=1.0, delays=None, idempotency_ttl=24 * 3600, quotas=None, site=None):
        self.time_scale = 1.0
        self.delays = dict(DEFAULT_DELAYS)
        self.idempotency_ttl = idempotency_ttl
        self.quotas = dict(DEFAULT_QUOTAS)
        self.site = DEFAULT_SITE
        self.update({"time_scale": time_scale, "delays": delays or {}, "quotas": quotas or {},
                     "site": site or DEFAULT_SITE})

    def update(self, changes):
        """Apply {"time_scale", "delays", "quotas", "site"} (any of them; delays and quotas merge). ValueError on a
        bad value, before anything changes."""
        unknown = set(changes) - {"time_scale", "delays", "quotas", "site"}
        if unknown:
            raise ValueError(f"settings: unknown keys {', '.join(sorted(unknown))}")
        time_scale = float(changes.get("time_scale", self.time_scale))
        if time_scale < 0:
            raise ValueError("settings.time_scale must be 0 or more")
        delays = dict(changes.get("delays") or {})
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in delays.values()):
            raise ValueError("settings.delays: every delay is a number of seconds >= 0")
        quotas = dict(changes.get("quotas") or {})
        unknown = set(quotas) - set(DEFAULT_QUOTAS)
        if unknown:
            raise ValueError(f"settings.quotas: unknown quotas {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(DEFAULT_QUOTAS)})")
        site = changes.get("site", self.site)
        if site not in SITES:
            raise ValueError(f"settings.site: {site!r} is not one of {', '.join(SITES)}")
        self.time_scale = time_scale
        self.delays.update(delays)
        self.quotas.update(quotas)
        self.site = site

    def delay(self, name):
        """Scaled delay in emulated seconds for an operation name (unknown names: DEFAULT_DELAY)."""
        return float(self.delays.get(name, DEFAULT_DELAY)) * self.time_scale

    def quota(self, name):
        return int(self.quotas[name])

    def to_dict(self):
        return {"time_scale": self.time_scale, "delays": dict(self.delays), "quotas": dict(self.quotas),
                "site": self.site}


class Clock:
    """Emulated time: wall time plus an offset that /_emulator/clock can advance."""

    def __init__(self):
        self.offset = 0.0

    def now(self):
        return time.time() + self.offset

    def advance(self, seconds):
        self.offset += float(seconds)


class RegionState:
    """One region: its zones, flags and resource tables.

    vpn_gateway_zones: what DescribeVpnGatewayAvailableZones answers, [{ZoneId, ZoneName, specs?, gateway_types?}]
    (services/vpn_gateway_zones.py); None = every zone of the region, for every spec and gateway type.
    """

    def __init__(self, region_id, zones=(), dual_tunnel=True, tables=None, info=None, vpn_gateway_zones=None):
        self.region_id = region_id
        self.zones = list(zones)
        self.dual_tunnel = bool(dual_tunnel)
        self.info = dict(info or {})
        self.tables = tables if tables is not None else {}
        self.vpn_gateway_zones = copy.deepcopy(vpn_gateway_zones)

    def table(self, name):
        """The table (id -> record) of a resource type; created empty on first use."""
        return self.tables.setdefault(name, {})

    def to_dict(self):
        return {"zones": self.zones, "dual_tunnel": self.dual_tunnel, "info": self.info, "tables": self.tables,
                "vpn_gateway_zones": self.vpn_gateway_zones}

    @classmethod
    def from_dict(cls, region_id, data):
        return cls(region_id, data.get("zones", ()), data.get("dual_tunnel", True), data.get("tables", {}),
                   data.get("info"), data.get("vpn_gateway_zones"))


class Store:
    """All emulated state. Handlers run under ``store.lock`` (held by the server around each action)."""

    def __init__(self, seed=0, clock=None):
        self.seed = seed
        self.clock = clock or Clock()
        self.lock = threading.RLock()
        self.regions = {}
        self.globals = {}
        self.id_counter = 0
        self.idempotency = {}
        self.rng = random.Random(f"{seed}:handlers")

    def now(self):
        return self.clock.now()

    def region(self, region_id):
        return self.regions.get(region_id)

    def add_region(self, region_id, **kwargs):
        self.regions[region_id] = RegionState(region_id, **kwargs)
        return self.regions[region_id]

    def table(self, name):
        """A global (not per-region) table, e.g. CEN instances."""
        return self.globals.setdefault(name, {})

    def new_id(self, prefix):
        """prefix + '-' + 21 lowercase alnum chars, deterministic from the seed and a persisted counter."""
        self.id_counter += 1
        rng = random.Random(f"{self.seed}:{prefix}:{self.id_counter}")
        return f"{prefix}-" + "".join(rng.choice(ID_ALPHABET) for position in range(ID_LENGTH))

    def find(self, table, record_id):
        """(RegionState, record) of a per-region record by id in any region, or (None, None)."""
        for region in self.regions.values():
            record = region.tables.get(table, {}).get(record_id)
            if record is not None:
                return region, record
        return None, None

    def to_dict(self):
        return {
            "seed": self.seed,
            "id_counter": self.id_counter,
            "regions": {rid: r.to_dict() for rid, r in self.regions.items()},
            "globals": self.globals,
            "idempotency": self.idempotency,
        }

    def snapshot(self):
        with self.lock:
            return copy.deepcopy(self.to_dict())

    def load_dict(self, data):
        """Replace all state with a dict made by to_dict()."""
        data = copy.deepcopy(data)
        self.id_counter = data.get("id_counter", 0)
        self.regions = {rid: RegionState.from_dict(rid, r) for rid, r in data.get("regions", {}).items()}
        self.globals = data.get("globals", {})
        self.idempotency = data.get("idempotency", {})


def write_json_atomically(path, data):
    """Write JSON to path via a temp file in the same directory + os.replace (never a half-written file)."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".emulator-state-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
