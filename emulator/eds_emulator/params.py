"""Rebuild the SDK's flattened request parameters (query string + form body) into nested Python values.

The SDK flattens lists to 1-based ``Name.N`` keys and objects to ``Name.Sub`` keys and sends every scalar as
``str(value)`` (booleans as ``True``/``False``), as alibabacloud_tea_openapi serialises requests.  Parameters whose SDK type is bool or
int are converted here, wherever they occur in the tree, so handlers see Python types; everything else stays a
string.  The four JSON-string parameters are parsed into objects.
"""

import json
import urllib.parse

from eds_emulator.errors import ApiError

# Generated from the request models of alibabacloud-vpc20160428 7.2.2 / cbn20170912 1.4.0 / ecd20200930 5.5.0
# for the emulated actions: the wire names whose SDK type is bool / int.
BOOL_PARAMS = frozenset((
    "All", "AutoConfigRoute", "AutoPay", "AutoPropagate", "DryRun", "EffectImmediately", "EnableDpd",
    "EnableIpsec", "EnableIpv6", "EnableNatTraversal", "EnableSsl", "EnableTunnelsBgp", "IncludeReservationData",
    "IsDefault", "PublishVpc", "AutoPublishRouteEnabled", "Force",
))
INT_PARAMS = frozenset((
    "Bandwidth", "From", "IkeLifetime", "IpsecLifetime", "LocalAsn", "MaxResult", "MaxResults", "MinutePeriod",
    "NewWeight", "PageNumber", "PageSize", "Period", "Priority", "SslConnections", "To", "TunnelIndex", "VpnOwnerId",
    "Weight",
))
JSON_PARAMS = frozenset(("IkeConfig", "IpsecConfig", "HealthCheckConfig", "BgpConfig"))
# Standard owner parameters on almost every VPC request model: accepted and ignored (§2).
IGNORED_PARAMS = frozenset(("OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount",
                            "VSwitchOwnerId", "VpcOwnerId"))


def raw_pairs(query, body=b"", content_type=""):
    """(key, value) pairs from the raw query string and, for form posts, the body."""
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    if body and content_type.lower().startswith("application/x-www-form-urlencoded"):
        pairs += urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    return pairs


def parse_bool(name, value):
    if isinstance(value, bool):
        return value
    low = str(value).strip().lower()
    if low in ("true", "false"):
        return low == "true"
    raise ApiError.invalid(name, f'The parameter "{name}" must be true or false, got "{value}".', code="InvalidParameter")


def parse_int(name, value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip(), 10)
    except ValueError:
        raise ApiError.invalid(name, f'The parameter "{name}" must be an integer, got "{value}".',
                               code="InvalidParameter") from None


def _insert(tree, path, value, full_key):
    node = tree
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if part == "":
            raise ApiError("InvalidParameter", f'The parameter name "{full_key}" is malformed.')
        if last:
            if part in node:
                if isinstance(node[part], dict):
                    raise ApiError("InvalidParameter", f'The parameter "{full_key}" conflicts with nested parameters.')
                raise ApiError("InvalidParameter", f'The parameter "{full_key}" is given more than once.')
            node[part] = value
        else:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ApiError("InvalidParameter", f'The parameter "{full_key}" conflicts with "{".".join(path[:i + 1])}".')
            node = child


def _listify(node, path):
    """Turn dicts whose keys are all 1..N into lists; convert typed leaves."""
    if not isinstance(node, dict):
        return _convert(path, node)
    keys = list(node)
    if keys and all(k.isdigit() for k in keys):
        indexes = sorted(int(k) for k in keys)
        if indexes != list(range(1, len(indexes) + 1)):
            raise ApiError("InvalidParameter",
                           f'The list parameter "{".".join(path)}" must use contiguous indexes starting at 1.')
        return [_listify(node[str(i)], path + [str(i)]) for i in indexes]
    return {k: _listify(v, path + [k]) for k, v in node.items()}


def _convert(path, value):
    name = next((p for p in reversed(path) if not p.isdigit()), "")
    full = ".".join(path)
    if name in BOOL_PARAMS:
        return parse_bool(full, value)
    if name in INT_PARAMS:
        return parse_int(full, value)
    if name in JSON_PARAMS and len(path) == 1:
        try:
            parsed = json.loads(value) if value.strip() else {}
        except ValueError:
            raise ApiError.invalid(name, f'The parameter "{name}" is not a valid JSON object.') from None
        if not isinstance(parsed, dict):
            raise ApiError.invalid(name, f'The parameter "{name}" must be a JSON object.')
        return parsed
    return value


def parse_params(query, body=b"", content_type=""):
    """Nested parameter dict from the raw query string and form body (wire names kept)."""
    tree = {}
    for key, value in raw_pairs(query, body, content_type):
        path = key.split(".")
        if path[0] in IGNORED_PARAMS:
            continue
        _insert(tree, path, value, key)
    return {k: _listify(v, [k]) for k, v in tree.items()}


def fingerprint_items(params):
    """A canonical, order-independent text of the parameters (ClientToken excluded), for idempotency."""
    clean = {k: v for k, v in params.items() if k != "ClientToken"}
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), default=str)
