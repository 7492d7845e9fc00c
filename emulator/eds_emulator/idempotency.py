"""ClientToken replay for write actions (the VPC API's idempotence doc: same token, same parameters, same result).

Same AccessKeyId + action + token + same parameters -> the stored response is replayed (no second side effect,
a new RequestId); different parameters -> 400 IdempotentParameterMismatch. Only successful responses are
remembered, so a failed first call can be retried with the same token.
"""

import hashlib

from eds_emulator.errors import ApiError
from eds_emulator.params import fingerprint_items

MAX_TOKEN_LENGTH = 64


def _key(access_key_id, action, token):
    return f"{access_key_id}|{action}|{token}"


def check_token(token):
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise ApiError.invalid("ClientToken", "The ClientToken must be 1 to 64 ASCII characters.")


def lookup(store, access_key_id, action, params, now, ttl):
    """The stored response for a replay, None for a new token; raises IdempotentParameterMismatch."""
    token = params.get("ClientToken")
    if token is None:
        return None
    check_token(token)
    entry = store.idempotency.get(_key(access_key_id, action, token))
    if entry is None or now - entry["at"] > ttl:
        return None
    if entry["fingerprint"] != _fingerprint(params):
        raise ApiError("IdempotentParameterMismatch",
                       "The request uses the same client token as a previous, but non-identical request.")
    return entry["response"]


def remember(store, access_key_id, action, params, response, now, ttl):
    token = params.get("ClientToken")
    if token is None:
        return
    if len(store.idempotency) > 5000:  # keep the state file small: drop expired tokens
        store.idempotency = {k: v for k, v in store.idempotency.items() if now - v["at"] <= ttl}
    store.idempotency[_key(access_key_id, action, token)] = {
        "fingerprint": _fingerprint(params), "response": response, "at": now}


def _fingerprint(params):
    return hashlib.sha256(fingerprint_items(params).encode("utf-8")).hexdigest()
