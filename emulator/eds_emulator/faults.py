"""Fault injection: throttling, 5xx, dropped connections and latency, per action, with a seeded RNG.

A rule is a dict with any of:
  throttle: rate 0..1  -> 400 Throttling.User + x-acs-retry-after (ms) => the SDK's ThrottlingException
  error:    rate 0..1  -> 5xx (error_status 503 ServiceUnavailable by default, or 500 InternalError)
  drop:     rate 0..1  -> the connection is closed without a response, before the action runs
  drop_after: rate 0..1 -> the action runs, then the connection is closed (the response is lost)
  busy:     rate 0..1  -> 400 busy_code (default VpnGateway.Configuring) before the action runs, as a write gets
                          while another change is applied (lets tests hit the busy path without racing tasks)
  busy_code: which busy code (BUSY_CODES) the busy fault answers
  latency_ms: extra delay before the action (plus up to jitter_ms of seeded random jitter)
  retry_after_ms: value of x-acs-retry-after for throttling (default 1000)
  times: fire at most this many times, then the rule is spent (counts injected faults, not requests)
Rules live under "default" (every action) and "actions" (by action name, overrides default per key).
"""

import random
import threading

from eds_emulator.errors import ApiError

RATE_KEYS = ("throttle", "error", "drop", "drop_after", "busy")
NUMBER_KEYS = RATE_KEYS + ("latency_ms", "jitter_ms", "retry_after_ms", "error_status", "times")
# the codes the real API answers while a resource applies another change (services/vpn_busy.py for when the
# emulator produces each one by itself); the client layer retries each one only for some actions
# (plugins/module_utils/client/busy_codes.py), so a rule on another action shows the code returned at once
BUSY_CODES = ("VpnGateway.Configuring", "VpnConnection.Configuring", "Appliance.Configuring", "VpnTask.CONFLICT",
              "VpnRouteEntry.Configuring", "TaskConflict", "IncorrectRouteEntryStatus", "Operation.Blocking",
              "IncorrectStatus.Status", "OperationFailed.AllocateCidrFailed",
              # the VPC route table family (CreateRouteEntry and its siblings)
              "OperationConflict", "IncorrectInstanceStatus", "IncorrectStatus", "LastTokenProcessing", "SystemBusy",
              "OperationFailed.DistibuteLock", "IncorrectVpcStatus", "IncorrectVSwitchStatus",
              "InvalidOperation.ChildInstanceStatus")
KNOWN_KEYS = NUMBER_KEYS + ("busy_code",)


class Fault:
    """The decision for one request."""

    def __init__(self, kind=None, latency=0.0, error=None):
        self.kind = kind          # None | "throttle" | "error" | "drop" | "drop_after" | "busy"
        self.latency = latency    # seconds to sleep before the action
        self.error = error        # ApiError for throttle/error/busy


def _check_rule(rule, where):
    if not isinstance(rule, dict):
        raise ValueError(f"{where}: a fault rule must be a mapping")
    clean = {}
    for key, value in rule.items():
        if key not in KNOWN_KEYS:
            raise ValueError(f"{where}: unknown fault key {key!r} (known: {', '.join(KNOWN_KEYS)})")
        if key == "busy_code":
            if value not in BUSY_CODES:
                raise ValueError(f"{where}.busy_code: must be one of {', '.join(BUSY_CODES)}")
            clean[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}.{key}: must be a number")
        if key in RATE_KEYS and not 0 <= value <= 1:
            raise ValueError(f"{where}.{key}: a rate must be between 0 and 1")
        if key == "error_status" and value not in (500, 503):
            raise ValueError(f"{where}.error_status: must be 500 or 503")
        if value < 0:
            raise ValueError(f"{where}.{key}: must not be negative")
        clean[key] = value
    return clean


class Faults:
    def __init__(self, seed=0, config=None):
        self._lock = threading.Lock()
        self._rng = random.Random(f"{seed}:faults")
        self.default = {}
        self.actions = {}
        self.injected = {}
        if config:
            self.configure(config)

    def configure(self, config, replace=True):
        """Set rules from {"default": rule, "actions": {name: rule}, "seed": n}; raises ValueError."""
        if not isinstance(config, dict):
            raise ValueError("the fault configuration must be a mapping")
        unknown = set(config) - {"default", "actions", "seed"}
        if unknown:
            raise ValueError(f"unknown fault configuration keys: {', '.join(sorted(unknown))}")
        default = _check_rule(config.get("default") or {}, "default")
        actions = {name: _check_rule(rule, f"actions.{name}") for name, rule in (config.get("actions") or {}).items()}
        with self._lock:
            if replace:
                self.default, self.actions = default, actions
            else:
                self.default.update(default)
                for name, rule in actions.items():
                    self.actions.setdefault(name, {}).update(rule)
            if "seed" in config:
                self._rng = random.Random(f"{config['seed']}:faults")

    def to_dict(self):
        with self._lock:
            return {"default": dict(self.default), "actions": {k: dict(v) for k, v in self.actions.items()},
                    "injected": dict(self.injected)}

    def _rule(self, action):
        rule = dict(self.default)
        rule.update(self.actions.get(action, {}))
        return rule

    def decide(self, action):
        """Roll the dice for one request of an action."""
        with self._lock:
            specific = action in self.actions
            rule = self._rule(action)
            latency = rule.get("latency_ms", 0) / 1000.0
            if rule.get("jitter_ms"):
                latency += self._rng.uniform(0, rule["jitter_ms"]) / 1000.0
            for kind in RATE_KEYS:
                rate = rule.get(kind, 0)
                if rate and self._rng.random() < rate:
                    if not self._spend(action if specific else None):
                        continue
                    self.injected[kind] = self.injected.get(kind, 0) + 1
                    return Fault(kind, latency, self._error(kind, rule))
            return Fault(None, latency)

    def _spend(self, action):
        """Honour "times": decrement the budget of the rule that fired; False when it is exhausted."""
        holder = self.actions[action] if action is not None and "times" in self.actions[action] else self.default
        if "times" not in holder:
            return True
        if holder["times"] <= 0:
            return False
        holder["times"] -= 1
        if holder["times"] <= 0:  # spent: the rule stops injecting failures (latency stays)
            for rate_key in RATE_KEYS:
                holder.pop(rate_key, None)
        return True

    @staticmethod
    def _error(kind, rule):
        if kind == "throttle":
            retry_after = int(rule.get("retry_after_ms", 1000))
            return ApiError("Throttling.User", "Request was denied due to user flow control.", status=400,
                            headers={"x-acs-retry-after": str(max(retry_after, 1))})
        if kind == "error":
            if int(rule.get("error_status", 503)) == 500:
                return ApiError("InternalError", "The request processing has failed due to some unknown error.", status=500)
            return ApiError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", status=503)
        if kind == "busy":
            return ApiError(rule.get("busy_code", BUSY_CODES[0]), "The specified service is configuring.", status=400)
        return None
