# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules shared by the cloud modules, checked before any API call (pure; stdlib ipaddress only).

Every function raises ValidationError with a message that names the option and the rule, or returns the
normalised value. Rules come from the parameter descriptions of the create actions in the API reference (the
emulator enforces the same ones, emulator/eds_emulator/services/) and the seed procedure.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re


class ValidationError(ValueError):
    pass


# CreateCustomerGateway: "the IPsec-VPN connection cannot be established" with these addresses
FORBIDDEN_GATEWAY_NETWORKS = (
    ('100.64.0.0/10', 'the shared address space used by Alibaba Cloud services'),
    ('127.0.0.0/8', 'loopback'),
    ('169.254.0.0/16', 'link-local'),
    ('224.0.0.0/4', 'multicast'),
    ('255.0.0.0/8', 'reserved'),
)
# what the VPN API calls a private address (a public connection needs anything else)
PRIVATE_NETWORKS = ('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16')
ALIBABA_ASN = 45104
MAX_ASN = 4294967295
MAX_TAGS = 20
_GATEWAY_NAME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_.-]{1,99}$')
_CEN_ID_RE = re.compile(r'^cen-[0-9a-z]+$')


def _net(text):
    return ipaddress.ip_network(text)


def check_ipv4(value, option):
    try:
        return ipaddress.IPv4Address(str(value).strip())
    except ValueError:
        raise ValidationError('%s: %r is not a valid IPv4 address' % (option, value))


def check_gateway_ip(value, option, public=True):
    """Customer gateway address: never in the forbidden ranges; public unless the connection is private."""
    address = check_ipv4(value, option)
    for cidr, why in FORBIDDEN_GATEWAY_NETWORKS:
        if address in _net(cidr):
            raise ValidationError('%s: %s is in %s (%s), which Alibaba Cloud does not accept for a customer gateway'
                                  % (option, address, cidr, why))
    if public and any(address in _net(cidr) for cidr in PRIVATE_NETWORKS):
        raise ValidationError('%s: %s is a private address; a public IPsec-VPN connection needs the public IP of the '
                              'data-center gateway (set network_type=private for a private connection)' % (option, address))
    return str(address)


def check_cidr(value, option, strict=True):
    """An IPv4 network in CIDR notation; strict = host bits must be zero (the API rejects 10.0.0.1/8)."""
    text = str(value).strip()
    if '/' not in text:
        raise ValidationError('%s: %r is not in CIDR notation (for example 192.168.0.0/16)' % (option, value))
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        raise ValidationError('%s: %r is not a valid IPv4 CIDR block' % (option, value))
    if strict and str(network) != text:
        raise ValidationError('%s: %r has host bits set; did you mean %s?' % (option, value, network))
    return str(network)


def parse_asn(value, option='asn'):
    """1..4294967295 except 45104 (Alibaba Cloud's own); the asdot form HIGH.LOW means HIGH*65536+LOW."""
    text = str(value).strip()
    if re.match(r'^\d+\.\d+$', text):
        high, low = (int(part) for part in text.split('.'))
        if high > 65535 or low > 65535:
            raise ValidationError('%s: %r: in the dotted form HIGH.LOW each part must be 0..65535' % (option, value))
        number = high * 65536 + low
    elif re.match(r'^\d+$', text):
        number = int(text)
    else:
        raise ValidationError('%s: %r is not an AS number (a number 1..4294967295 or the dotted form 123.456)'
                              % (option, value))
    if not 1 <= number <= MAX_ASN:
        raise ValidationError('%s: %s is out of range 1..4294967295' % (option, number))
    if number == ALIBABA_ASN:
        raise ValidationError('%s: 45104 is the AS number of Alibaba Cloud and cannot be used for a customer gateway'
                              % option)
    return number


def check_auth_key(value, option='auth_key'):
    """BGP MD5 key: 1..64 printable ASCII characters, no spaces, no '?'."""
    text = str(value)
    if not 1 <= len(text) <= 64:
        raise ValidationError('%s must be 1 to 64 characters long' % option)
    if any(ord(c) < 33 or ord(c) > 126 for c in text) or '?' in text:
        raise ValidationError('%s may contain only printable ASCII characters without spaces and without "?"' % option)
    return text


def check_psk(value, option='psk'):
    """Pre-shared key: 1..100 printable ASCII characters without spaces."""
    text = str(value)
    if not 1 <= len(text) <= 100:
        raise ValidationError('%s must be 1 to 100 characters long' % option)
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise ValidationError('%s may contain only printable ASCII characters without spaces' % option)
    return text


def check_lifetime(value, option):
    """SA lifetime in seconds, 0..86400."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError('%s: %r is not a number of seconds' % (option, value))
    if not 0 <= number <= 86400:
        raise ValidationError('%s: %s is out of range 0..86400 seconds' % (option, number))
    return number


def check_text(value, option, minimum=1, maximum=100):
    """Name/description rule of the VPN APIs: length bounds, must not start with http:// or https://."""
    text = str(value)
    if not minimum <= len(text) <= maximum:
        raise ValidationError('%s must be %d to %d characters long' % (option, minimum, maximum))
    if text.lower().startswith(('http://', 'https://')):
        raise ValidationError('%s must not start with http:// or https://' % option)
    return text


def check_gateway_name(value, option='name'):
    """VPN gateway name: 2..100 chars, starts with a letter, then letters, digits, '_', '-', '.'."""
    text = check_text(value, option, 2, 100)
    if not _GATEWAY_NAME_RE.match(text):
        raise ValidationError('%s: %r must start with a letter and contain only letters, digits, "_", "-" and "."'
                              % (option, value))
    return text


def check_cen_id(value, option='cen_id'):
    """A CEN instance ID: cen- then lowercase letters and digits."""
    if not _CEN_ID_RE.match(value or ''):
        raise ValidationError('%s: %r is not a CEN instance ID (cen-...)' % (option, value))
    return value


def check_tags(tags, option='tags', key_max=64):
    """At most 20 tags; keys non-empty, no aliyun/acs: prefix, no http(s)://; values up to 128 chars."""
    if not tags:
        return {}
    if len(tags) > MAX_TAGS:
        raise ValidationError('%s: at most %d tags are allowed, got %d' % (option, MAX_TAGS, len(tags)))
    result = {}
    for key, value in tags.items():
        key = str(key)
        value = '' if value is None else str(value)
        if not key or len(key) > key_max:
            raise ValidationError('%s: tag key %r must be 1 to %d characters long' % (option, key, key_max))
        if len(value) > 128:
            raise ValidationError('%s: the value of tag %r is longer than 128 characters' % (option, key))
        for part, what in ((key, 'key'), (value, 'value')):
            if part.lower().startswith(('aliyun', 'acs:')):
                raise ValidationError('%s: tag %s %r must not start with "aliyun" or "acs:"' % (option, what, part))
            if 'http://' in part or 'https://' in part:
                raise ValidationError('%s: tag %s %r must not contain http:// or https://' % (option, what, part))
        result[key] = value
    return result


def collect(checks):
    """Run (callable, args...) tuples; return the list of every error message (so one run reports all)."""
    errors = []
    for check in checks:
        try:
            check[0](*check[1:])
        except ValidationError as exc:
            errors.append(str(exc))
    return errors
