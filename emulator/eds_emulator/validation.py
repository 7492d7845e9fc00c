"""Validators shared by the service handlers (rules from the docs of the SDK request models).

Each returns the normalised value or raises ApiError naming the parameter.
"""

import ipaddress
import re

from eds_emulator.errors import ApiError

# Customer gateway addresses the API rejects (CreateCustomerGateway doc).
FORBIDDEN_GATEWAY_RANGES = tuple(ipaddress.ip_network(n) for n in (
    "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "255.0.0.0/8"))
ALIBABA_ASN = 45104
MAX_ASN = 4294967295
PSK_RE = re.compile(r"^[A-Za-z0-9~!`@#$%^&*()_\-+={}\[\]|;:'\",.<>/?\\]{1,100}$")
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")


def given(p, checks):
    """What a Modify/Update request changes: {name: check(value, name)} for each parameter of checks that the
    request sets (not None), checked in that order."""
    return {name: check(p[name], name) for name, check in checks.items() if p.get(name) is not None}


def as_is(value, name):  # pylint: disable=unused-argument
    """A parameter given() takes unchecked (the SDK already typed it)."""
    return value


def ipv4(value, name, code=None):
    """A dotted-quad IPv4 address (no leading zeros, no CIDR)."""
    try:
        return str(ipaddress.IPv4Address(str(value).strip()))
    except ValueError:
        raise ApiError.invalid(name, f'The specified {name} "{value}" is not a valid IPv4 address.', code=code) from None


def cidr(value, name, code=None):
    """An IPv4 CIDR block with no host bits set, returned in canonical form."""
    text = str(value).strip()
    if "/" not in text:
        raise ApiError.invalid(name, f'The specified {name} "{value}" is not a CIDR block.', code=code)
    try:
        return str(ipaddress.IPv4Network(text, strict=True))
    except ValueError:
        raise ApiError.invalid(name, f'The specified {name} "{value}" is not a valid CIDR block.', code=code) from None


def cidr_list(value, name, code=None):
    """A comma-separated list of CIDR blocks (LocalSubnet/RemoteSubnet), duplicates rejected."""
    parts = [part.strip() for part in str(value).split(",")]
    if not parts or any(not part for part in parts):
        raise ApiError.invalid(name, f'The specified "{name}" ({value}) is invalid.', code=code)
    blocks = [cidr(part, name, code=code) for part in parts]
    if len(set(blocks)) != len(blocks):
        raise ApiError.invalid(name, f'The specified "{name}" ({value}) contains a CIDR block twice.', code=code)
    return blocks


def gateway_ip(value, name="IpAddress"):
    """A customer gateway address: valid IPv4, not in a range the API forbids (code InvalidIpAddress.WrongFormat)."""
    address = ipv4(value, name, code="InvalidIpAddress.WrongFormat")
    parsed = ipaddress.IPv4Address(address)
    for network in FORBIDDEN_GATEWAY_RANGES:
        if parsed in network:
            raise ApiError("InvalidIpAddress.WrongFormat",
                           f"The specified IpAddress {address} is in the reserved range {network} and cannot be used.")
    if parsed == ipaddress.IPv4Address("0.0.0.0"):
        raise ApiError("InvalidIpAddress.WrongFormat", "The specified IpAddress 0.0.0.0 cannot be used.")
    return address


def asn(value, name="Asn"):
    """An ASN as plain (1..4294967295) or asdot ("high.low") text; 45104 is Alibaba Cloud's own and refused."""
    text = str(value).strip()
    invalid = ApiError.invalid(name, f'The specified {name} "{value}" is invalid: use 1-4294967295 or the asdot '
                                     'form high.low, except 45104.')
    if re.fullmatch(r"\d+", text):
        number = int(text)
    elif re.fullmatch(r"\d+\.\d+", text):
        high, low = (int(part) for part in text.split("."))
        if high > 65535 or low > 65535:
            raise invalid
        number = high * 65536 + low
    else:
        raise invalid
    if not 1 <= number <= MAX_ASN or number == ALIBABA_ASN:
        raise invalid
    return number


def psk(value, name="Psk"):
    """A pre-shared key: 1-100 chars from the documented set, no spaces."""
    if not isinstance(value, str) or not PSK_RE.match(value):
        raise ApiError.invalid(name, f"The {name} must be 1 to 100 characters: letters, digits and "
                                     "~!`@#$%^&*()_-+={}[]|;:',.<>/? without spaces.", code="InvalidPsk")
    return value


def lifetime(value, name):
    """A lifetime in seconds, 0..86400 (IkeLifetime / IpsecLifetime)."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value), 10)
        except ValueError:
            raise ApiError.invalid(name, f"The {name} must be an integer between 0 and 86400.", code="InvalidParameter") from None
    if not 0 <= value <= 86400:
        raise ApiError.invalid(name, f"The {name} must be between 0 and 86400 seconds.", code="InvalidParameter")
    return value


def enum(value, name, allowed, case_insensitive=False):
    """One of the allowed values; returns the canonical spelling."""
    for candidate in allowed:
        if value == candidate or (case_insensitive and str(value).lower() == str(candidate).lower()):
            return candidate
    raise ApiError.invalid(name, f'The specified {name} "{value}" is not valid. Valid values: {", ".join(map(str, allowed))}.',
                           code="InvalidParameter")


def int_range(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError.invalid(name, f"The {name} must be an integer between {low} and {high}.", code="InvalidParameter")
    return value


def _no_url_prefix(value, name, code):
    if value.lower().startswith(("http://", "https://")):
        raise ApiError(code, f"The {name} cannot start with http:// or https://.")


def gateway_name(value, name="Name"):
    """VPN gateway name: 2-100 chars, starts with a letter; letters, digits, _ - . only."""
    text = str(value)
    _no_url_prefix(text, name, "InvalidName")
    if not 2 <= len(text) <= 100 or not NAME_RE.match(text):
        raise ApiError("InvalidName", f"The {name} must be 2 to 100 characters, start with a letter and contain only "
                                      "letters, digits, underscores (_), hyphens (-) and periods (.).")
    return text


def free_text(value, name, low=1, high=100, code=None):
    """Name/Description of customer gateways and connections: low..high chars, no http(s):// prefix."""
    code = code or f"Invalid{name}"
    text = str(value)
    _no_url_prefix(text, name, code)
    if not low <= len(text) <= high:
        raise ApiError(code, f"The {name} must be {low} to {high} characters long.")
    return text


def auth_key(value, name="AuthKey"):
    """BGP MD5 key: 1-64 printable ASCII characters, no spaces, no '?'."""
    text = str(value)
    if not 1 <= len(text) <= 64 or any(ch == "?" or ch == " " or not 33 <= ord(ch) <= 126 for ch in text):
        raise ApiError.invalid(name, f"The {name} must be 1 to 64 ASCII characters without spaces or '?'.")
    return text


def _tag_text(text, what, max_len, allow_empty):
    if not isinstance(text, str):
        raise ApiError("InvalidTagKey" if what == "key" else "InvalidTagValue", f"A tag {what} must be a string.")
    code = "InvalidTagKey" if what == "key" else "InvalidTagValue"
    if not text and not allow_empty:
        raise ApiError(code, f"A tag {what} cannot be empty.")
    if len(text) > max_len:
        raise ApiError(code, f"A tag {what} can be at most {max_len} characters long.")
    low = text.lower()
    if low.startswith(("aliyun", "acs:")):
        raise ApiError(code, f'A tag {what} cannot start with "aliyun" or "acs:".')
    if "http://" in low or "https://" in low:
        raise ApiError(code, f"A tag {what} cannot contain http:// or https://.")
    return text


def tags(value, name="Tags", key_max=64, max_count=20):
    """A list of {"Key","Value"} from Tags.N / Tag.N: at most 20, keys non-empty and unique -> [(key, value)]."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError.invalid(name, f"The {name} must be a list of Key/Value pairs.", code="InvalidParameter")
    if len(value) > max_count:
        raise ApiError("InvalidParameter", f"At most {max_count} tags can be given in {name}.")
    pairs = []
    for item in value:
        if not isinstance(item, dict) or "Key" not in item:
            raise ApiError("InvalidTagKey", f"Every entry of {name} needs a Key.")
        key = _tag_text(item["Key"], "key", key_max, allow_empty=False)
        val = _tag_text(item.get("Value", ""), "value", 128, allow_empty=True)
        pairs.append((key, val))
    keys = [pair[0] for pair in pairs]
    if len(set(keys)) != len(keys):
        raise ApiError("InvalidParameter", f"The tag keys in {name} must be unique.")
    return pairs
