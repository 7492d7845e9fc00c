"""Request authentication: ACS3-HMAC-SHA256 (the SDK default, with STS) and legacy RPC v2 HMAC-SHA1.

Exactly the scheme alibabacloud_tea_openapi signs with (tests/emulator/test_auth.py): the canonical request is rebuilt from the raw query (decoded with
form semantics, re-encoded RFC 3986), the headers named in SignedHeaders and the SHA-256 of the body.
"""

import base64
import datetime
import hashlib
import hmac
import re
import threading
import time
import urllib.parse

from eds_emulator.errors import ApiError

_AUTH_RE = re.compile(r"^(ACS3-HMAC-SHA256) Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$")
CLOCK_SKEW = 15 * 60  # seconds either side of the server clock (POP gateway rule)
NONCE_TTL = 2 * CLOCK_SKEW  # a nonce older than the skew window cannot be replayed anyway


def _enc(text):
    return urllib.parse.quote(text, safe="~")


class KeyRing:
    """Accepted access keys: id -> {"secret": str, "security_token": str or None}."""

    def __init__(self, keys=()):
        self._keys = {}
        for key in keys:
            self.add(key["id"], key["secret"], key.get("security_token"))

    def add(self, key_id, secret, security_token=None):
        self._keys[key_id] = {"secret": secret, "security_token": security_token}

    def get(self, key_id):
        return self._keys.get(key_id)

    def __len__(self):
        return len(self._keys)


class NonceCache:
    """Signature nonces seen in the last NONCE_TTL seconds (thread-safe)."""

    def __init__(self):
        self._seen = {}
        self._lock = threading.Lock()

    def check_and_add(self, nonce):
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10000:
                self._seen = {n: t for n, t in self._seen.items() if now - t < NONCE_TTL}
            seen_at = self._seen.get(nonce)
            if seen_at is not None and now - seen_at < NONCE_TTL:
                raise ApiError("SignatureNonceUsed", "Specified signature nonce was used already.")
            self._seen[nonce] = now


def _check_date(text, wall_now):
    try:
        when = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise ApiError("InvalidTimeStamp.Format", f'Specified time stamp or date value "{text}" is not well formatted.') from None
    if abs(when.timestamp() - wall_now) > CLOCK_SKEW:
        raise ApiError("InvalidTimeStamp.Expired",
                       f"Specified time stamp or date value is expired: {text} is more than 15 minutes from the server time.")


def _secret_for(keyring, key_id, token):
    key = keyring.get(key_id)
    if key is None:
        raise ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", status=404)
    if key["security_token"] is not None:
        if not token:
            raise ApiError("InvalidSecurityToken.Malformed", "The STS access key requires a security token.")
        if not hmac.compare_digest(token, key["security_token"]):
            raise ApiError("InvalidSecurityToken.MismatchWithAccessKey",
                           "The security token does not match the access key.")
    elif token:
        raise ApiError("InvalidSecurityToken.MismatchWithAccessKey",
                       "A security token was sent with a permanent access key.")
    return key["secret"]


def verify_acs3(method, target, headers, body, keyring, nonces, wall_now=None):
    """Check an ACS3-HMAC-SHA256 request; returns the AccessKeyId. headers: case-insensitive mapping."""
    auth = headers.get("Authorization")
    if not auth:
        raise ApiError("IncompleteSignature", "The request is not signed: the Authorization header is missing.")
    match = _AUTH_RE.match(auth.strip())
    if not match:
        raise ApiError("IncompleteSignature", "The Authorization header is malformed.")
    algo, key_id, signed, signature = match.groups()
    names = signed.split(";")
    for required in ("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"):
        if required not in names:
            raise ApiError("IncompleteSignature", f'The header "{required}" must be signed.')
    _check_date(headers.get("x-acs-date", ""), time.time() if wall_now is None else wall_now)
    token = headers.get("x-acs-security-token")
    if token is not None and "x-acs-security-token" not in names:
        raise ApiError("IncompleteSignature", 'The header "x-acs-security-token" must be signed.')
    secret = _secret_for(keyring, key_id, token)

    split = urllib.parse.urlsplit(target)
    pairs = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
    canon_query = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(pairs))
    canon_headers = ""
    for name in names:
        values = headers.get_all(name) or []
        canon_headers += f"{name}:{','.join(sorted(v.strip() for v in values))}\n"
    payload_hash = hashlib.sha256(body).hexdigest()
    mismatch = ApiError("SignatureDoesNotMatch",
                        "Specified signature does not match our calculation.")
    if payload_hash != headers.get("x-acs-content-sha256", ""):
        raise mismatch
    canonical = "\n".join([method, split.path or "/", canon_query, canon_headers, signed, payload_hash])
    to_sign = algo + "\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    expected = hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise mismatch
    nonces.check_and_add(headers.get("x-acs-signature-nonce", ""))
    return key_id


def verify_v2(method, target, keyring, nonces, wall_now=None):
    """Check a legacy RPC (signature_algorithm='v2') request: everything is in the query."""
    split = urllib.parse.urlsplit(target)
    pairs = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
    params = dict(pairs)
    signature = params.get("Signature")
    key_id = params.get("AccessKeyId")
    if not signature or not key_id:
        raise ApiError("IncompleteSignature", "The request signature is incomplete.")
    if params.get("SignatureMethod") != "HMAC-SHA1":
        raise ApiError("InvalidParameter", 'Only "SignatureMethod=HMAC-SHA1" is supported for RPC signatures.')
    ts = params.get("Timestamp", "")
    _check_date(ts, time.time() if wall_now is None else wall_now)
    secret = _secret_for(keyring, key_id, params.get("SecurityToken"))
    cqs = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(p for p in pairs if p[0] != "Signature"))
    to_sign = f"{method}&%2F&{_enc(cqs)}"
    expected = base64.b64encode(hmac.new((secret + "&").encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha1).digest()).decode()
    if not hmac.compare_digest(expected, signature):
        raise ApiError("SignatureDoesNotMatch", "Specified signature does not match our calculation.")
    nonces.check_and_add(params.get("SignatureNonce", ""))
    return key_id


V2_PARAMS = frozenset(("Action", "Version", "Format", "Timestamp", "SignatureNonce", "SignatureMethod",
                       "SignatureVersion", "AccessKeyId", "Signature", "SecurityToken"))
