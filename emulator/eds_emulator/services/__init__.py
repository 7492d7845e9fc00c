"""Action registry. Every module in this package registers its actions with ``@action`` on import.

    @action("vpc", "CreateVpnGateway", write=True)
    def create_vpn_gateway(ctx, p): ...
"""

import collections
import importlib
import pkgutil

from eds_emulator.errors import ApiError

# x-acs-version -> service name
VERSIONS = {"2016-04-28": "vpc", "2017-09-12": "cbn", "2020-09-30": "ecd"}
# services whose actions take a RegionId (checked by the server before the handler runs)
REGIONAL = frozenset(("vpc", "ecd"))


# a registered handler: func(ctx, params) -> dict; write: whether the action changes state
Action = collections.namedtuple("Action", "service name func write")


REGISTRY = {}


def action(service, name, write=False):
    """Register a handler ``func(ctx, params) -> dict`` for (service, action name)."""
    if service not in VERSIONS.values():
        raise ValueError(f"unknown service {service!r}")

    def register(func):
        key = (service, name)
        if key in REGISTRY:
            raise ValueError(f"action {service}:{name} registered twice")
        REGISTRY[key] = Action(service, name, func, write)
        return func
    return register


def lifecycle_status(ctx, record, deleting, creating, updating, ready):
    """The status of a record that keeps the usual timestamps: deleting once gone_at is set, creating until
    ready_at, updating until busy_until, then ready."""
    now = ctx.now()
    if record.get("gone_at") is not None:
        return deleting
    if now < record.get("ready_at", 0):
        return creating
    return updating if now < record.get("busy_until", 0) else ready


def require(p, *names):
    """Raise MissingParameter for the first absent or empty parameter."""
    for name in names:
        value = p.get(name)
        if value is None or value == "" or value == []:
            raise ApiError.missing(name)


def check_dry_run(p):
    """DryRun=true: all checks passed, nothing is done; the API reports that as the error DryRunOperation
    (HTTP status unconfirmed; 400 chosen, docs/emulator.md). Call it after validation, before any change."""
    if p.get("DryRun"):
        raise ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.")


def load_all():
    """Import every service module (each registers its actions)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY
