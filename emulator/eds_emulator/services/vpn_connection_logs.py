"""DescribeVpnConnectionLogs: what the VPN gateway logged about a connection's negotiation, per tunnel.

Nothing runs in the background (state.py), so the log is derived on read: the gateway tries to negotiate once every
ATTEMPT_EVERY emulated seconds from the connection's creation (or the last change of the peers, whichever is later)
and each attempt logs the lines of the outcome the configuration leads to (vpn_negotiation.py). The window is
From/To (epoch seconds), From or To with MinutePeriod, or the last MinutePeriod minutes; at most 10 minutes.
Only one page at a time: Count is the number of lines on it (the API has no TotalCount here).
"""

import time

from eds_emulator import validation
from eds_emulator.errors import ApiError
from eds_emulator.services import action, require
from eds_emulator.services import vpn_connection_backend as backend
from eds_emulator.services.vpn_negotiation import tunnel_outcome

ATTEMPT_EVERY = 30
MAX_WINDOW = 600


def _window(p, now):
    start, end, minutes = p.get("From"), p.get("To"), p.get("MinutePeriod")
    if minutes is not None:
        validation.int_range(minutes, "MinutePeriod", 1, 10)
    if start is None and end is None and minutes is None:
        raise ApiError("MissingParameter", 'One of "From", "To" or "MinutePeriod" must be given.')
    if (start is None) != (end is None) and minutes is None:
        raise ApiError.missing("MinutePeriod")
    if start is not None and end is not None:
        pass
    elif start is not None:
        end = start + minutes * 60
    elif end is not None:
        start = end - minutes * 60
    else:
        end = int(now)
        start = end - minutes * 60
    if end < start or end - start > MAX_WINDOW:
        raise ApiError.invalid("To", "The time window From-To must be 0 to 10 minutes long.", code="InvalidParameter")
    return start, end


def _stamp(seconds):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


def log_lines(ctx, record, tunnel, start, end):
    outcome = tunnel_outcome(ctx, record, tunnel)
    label = f"{record['VpnConnectionId']}" + (f"|{tunnel['TunnelId']}" if tunnel else "")
    first = max(record["CreateTime"] / 1000.0, ctx.store.table("vpn_peers_changed").get("at", 0))
    now = ctx.now()
    lines = []
    attempt = first
    while attempt <= min(end, now):
        if attempt >= start:
            lines.extend(f"{_stamp(attempt)} [IKE] <{label}> {text}" for text in outcome.lines)
        attempt += ATTEMPT_EVERY
    return lines


@action("vpc", "DescribeVpnConnectionLogs")
def describe_vpn_connection_logs(ctx, p):
    require(p, "VpnConnectionId")
    record = backend.connection_or_404(ctx, p["VpnConnectionId"])
    tunnel = None
    if record["tunnels"]:
        if not p.get("TunnelId"):
            raise ApiError.missing("TunnelId")
        tunnel = next((t for t in record["tunnels"] if t["TunnelId"] == p["TunnelId"]), None)
        if tunnel is None:
            raise ApiError("InvalidTunnelId.NotFound", "The specified TunnelId does not exist.", status=404)
    start, end = _window(p, ctx.now())
    number = p.get("PageNumber", 1)
    size = p.get("PageSize", 10)
    validation.int_range(number, "PageNumber", 1, 10 ** 6)
    validation.int_range(size, "PageSize", 1, 50)
    lines = log_lines(ctx, record, tunnel, start, end)
    chunk = lines[(number - 1) * size:number * size]
    return {"Count": len(chunk), "PageNumber": number, "PageSize": size, "IsCompleted": True,
            "Data": {"Logs": chunk}}
