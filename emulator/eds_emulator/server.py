"""HTTP layer: the ThreadingHTTPServer, API dispatch, admin endpoints under /_emulator/, request logging."""

import datetime
import json
import os
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eds_emulator import idempotency, scenario
from eds_emulator.auth import V2_PARAMS, NonceCache, verify_acs3, verify_v2
from eds_emulator.context import Context
from eds_emulator.errors import ApiError
from eds_emulator.faults import Faults
from eds_emulator.params import parse_params
from eds_emulator.services import REGIONAL, VERSIONS, load_all, vpn_negotiation
from eds_emulator.state import Settings, write_json_atomically
from eds_emulator.stats import Stats

JSON_TYPE = "application/json;charset=utf-8"
DROP = object()  # handle_api result: close the connection without answering
HOSTS = {"vpc": "vpc.{region}.aliyuncs.com", "cbn": "cbn.aliyuncs.com", "ecd": "ecd.{region}.aliyuncs.com"}
PRODUCTS = {"vpc": "Vpc", "cbn": "Cbn", "ecd": "ecd"}


class Emulator:
    """Everything behind the HTTP server: scenario, store, keys, faults, stats, persistence."""

    def __init__(self, scenario_data, seed=0, time_scale=None, state_path=None, extra_keys=(), fault_config=None,
                 log=sys.stderr, site=None):
        self.scenario_data = scenario_data
        self.seed = seed
        settings = scenario_data.get("settings") or {}
        self.settings = Settings(time_scale if time_scale is not None else settings.get("time_scale", 1.0),
                                 settings.get("delays"), quotas=settings.get("quotas"),
                                 site=site or settings.get("site"))
        self.initial_settings = self.settings.to_dict()
        self.keyring = scenario.keyring(scenario_data)
        for key_id, secret, token in extra_keys:
            self.keyring.add(key_id, secret, token)
        self.nonces = NonceCache()
        self.faults = Faults(seed, scenario_data.get("faults"))
        if fault_config:
            self.faults.configure(fault_config, replace=False)
        self.stats = Stats()
        self.state_path = state_path
        self.registry = load_all()
        self.log_stream = log
        self._log_lock = threading.Lock()
        self.started = time.time()
        self.store = scenario.build_store(scenario_data, seed)
        if state_path and os.path.exists(state_path):
            with open(state_path, encoding="utf-8") as handle:
                saved = json.load(handle)
            self.store.load_dict(saved["store"])
            self.store.clock.offset = saved.get("clock_offset", 0.0)

    # -- state ------------------------------------------------------------------------------------------------
    def reset(self):
        """Back to the scenario's initial state and the settings of the start (the clock offset and the fault rules
        are kept)."""
        fresh = scenario.build_store(self.scenario_data, self.seed, clock=self.store.clock)
        with self.store.lock:
            self.settings.update(self.initial_settings)
            self.store.load_dict(fresh.to_dict())
            self.store.rng.seed(f"{self.seed}:handlers")
            self.save()

    def save(self):
        if self.state_path:
            with self.store.lock:
                data = {"store": self.store.to_dict(), "clock_offset": self.store.clock.offset}
                write_json_atomically(self.state_path, data)

    def log(self, line):
        if self.log_stream is None:
            return
        with self._log_lock:
            self.log_stream.write(line + "\n")
            self.log_stream.flush()

    # -- API --------------------------------------------------------------------------------------------------
    def handle_api(self, method, target, headers, body):
        """-> (status, headers, body dict) or DROP, plus a short description for the log line."""
        request_id = str(uuid.uuid4()).upper()
        split = urllib.parse.urlsplit(target)
        query = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        v2 = "Authorization" not in headers and "Signature" in query
        action_name = (query.get("Action") if v2 else None) or headers.get("x-acs-action") or ""
        version = (query.get("Version") if v2 else None) or headers.get("x-acs-version") or ""
        service = VERSIONS.get(version)
        act = self.registry.get((service, action_name))
        region_id = query.get("RegionId")
        info = {"action": action_name or "-", "service": service or version or "-", "request_id": request_id}
        fault = None
        try:
            if v2:
                key_id = verify_v2(method, target, self.keyring, self.nonces)
            else:
                key_id = verify_acs3(method, target, headers, body, self.keyring, self.nonces)
            if act is None:
                raise ApiError("InvalidApi.NotFound",
                               f"Specified api is not found, please check your url and method: {action_name} {version}.",
                               status=404)
            fault = self.faults.decide(action_name)
            if fault.latency:
                time.sleep(fault.latency)
            if fault.kind == "drop":
                info["code"] = "fault:drop"
                self.stats.record(action_name, act.write, code="fault:drop", fault=True)
                return DROP, info
            if fault.error is not None:
                raise fault.error
            params = parse_params(split.query, body, headers.get("content-type") or "")
            if v2:
                params = {k: v for k, v in params.items() if k not in V2_PARAMS}
            result, replay = self._run(act, params, key_id, request_id)
        except ApiError as err:
            info["code"] = err.code
            faulted = fault is not None and fault.error is err
            self.stats.record(action_name or "-", bool(act and act.write), code=err.code, fault=faulted)
            return self._error(err, service, region_id, request_id), info
        except Exception:  # pylint: disable=broad-except  # a handler bug must still give the client an answer
            self.log(traceback.format_exc().rstrip())
            info["code"] = "InternalError"
            self.stats.record(action_name, bool(act and act.write), code="InternalError")
            err = ApiError("InternalError", "The request processing has failed due to some unknown error.", status=500)
            return self._error(err, service, region_id, request_id), info
        self.stats.record(action_name, act.write, replay=replay)
        if fault.kind == "drop_after":
            info["code"] = "fault:drop_after"
            return DROP, info
        out = {"RequestId": request_id}
        out.update(result)
        return (200, {"x-acs-request-id": request_id}, out), info

    def _run(self, act, params, key_id, request_id):
        with self.store.lock:
            region = None
            region_id = None
            if act.service in REGIONAL:
                region_id = params.get("RegionId")
                if not region_id:
                    raise ApiError.missing("RegionId")
                region = self.store.region(region_id)
                if region is None:
                    raise ApiError("InvalidRegionId.NotFound", f"The specified region {region_id} does not exist.", status=404)
            now = self.store.now()
            ttl = self.settings.idempotency_ttl
            if act.write:
                replay = idempotency.lookup(self.store, key_id, act.name, params, now, ttl)
                if replay is not None:
                    return dict(replay), True
            ctx = Context(self.store, self.settings, act.name, act.service, region, region_id, key_id, request_id)
            result = act.func(ctx, params)
            if result is None:
                result = {}
            if act.write:
                idempotency.remember(self.store, key_id, act.name, params, result, now, ttl)
                self.save()
            return result, False

    @staticmethod
    def _error(err, service, region_id, request_id):
        host = HOSTS.get(service, "{region}").format(region=region_id or "cn-hangzhou")
        query = urllib.parse.urlencode({"q": err.code, "product": PRODUCTS.get(service, ""), "requestId": request_id})
        body = {"RequestId": request_id, "HostId": host, "Code": err.code, "Message": err.message,
                "Recommend": f"https://api.aliyun.com/troubleshoot?{query}"}
        headers = {"x-acs-request-id": request_id}
        headers.update(err.headers)
        return err.status, headers, body

    # -- admin ------------------------------------------------------------------------------------------------
    def handle_admin(self, method, path, body):
        """/_emulator/... -> (status, body dict)."""
        route = path[len("/_emulator"):].rstrip("/") or "/"
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except ValueError:
            return 400, {"error": "the request body must be JSON"}
        if route == "/health":
            return 200, {"status": "ok", "uptime": round(time.time() - self.started, 3),
                         "actions": len(self.registry)}
        if route == "/stats":
            return 200, self.stats.to_dict()
        if route == "/stats/reset" and method == "POST":
            self.stats.reset()
            return 200, self.stats.to_dict()
        if route == "/state" and method == "POST":
            if not isinstance(payload, dict) or not isinstance(payload.get("store"), dict):
                return 400, {"error": 'POST /_emulator/state takes {"store": <the "store" of GET /_emulator/state>}'}
            with self.store.lock:
                self.store.load_dict(payload["store"])
                self.save()
            return 200, {"status": "loaded"}
        if route == "/state":
            return 200, {"store": self.store.snapshot(), "settings": self.settings.to_dict(), "now": self.store.now()}
        if route == "/settings":
            if method == "POST":
                try:
                    with self.store.lock:
                        self.settings.update(payload if isinstance(payload, dict) else {"": payload})
                except (TypeError, ValueError) as exc:
                    return 400, {"error": str(exc)}
            return 200, self.settings.to_dict()
        if route == "/reset" and method == "POST":
            self.reset()
            return 200, {"status": "reset"}
        if route == "/faults":
            if method == "POST":
                merge = isinstance(payload, dict) and payload.pop("merge", False)
                try:
                    self.faults.configure(payload, replace=not merge)
                except ValueError as exc:
                    return 400, {"error": str(exc)}
            return 200, self.faults.to_dict()
        if route == "/peers":  # what the data center's gateway really sends (services/vpn_negotiation.py)
            status, out = vpn_negotiation.admin(self.store, method, payload)
            if method == "POST" and status == 200:
                self.save()
            return status, out
        if route == "/clock":
            if method == "POST":
                advance = payload.get("advance", 0) if isinstance(payload, dict) else None
                if isinstance(advance, bool) or not isinstance(advance, (int, float)) or advance < 0:
                    return 400, {"error": "advance must be a number of seconds >= 0"}
                with self.store.lock:
                    self.store.clock.advance(advance)
                    self.save()
            return 200, {"now": self.store.now(), "offset": self.store.clock.offset}
        return 404, {"error": f"no admin endpoint {method} {path}"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "eds-emulator"
    sys_version = ""
    # headers and body leave in one segment, without Nagle: otherwise every keep-alive call waits ~40 ms for a
    # delayed ACK (handle_one_request flushes the buffered writer after each request)
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802 - the name is BaseHTTPRequestHandler's
        self._handle()

    def do_GET(self):  # noqa: N802
        self._handle()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin  # one line per request is ours
        pass

    def _handle(self):
        emulator = self.server.emulator
        started = time.monotonic()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(400, {}, {"Code": "InvalidParameter", "Message": "The Content-Length header is not valid."})
            return
        body = self.rfile.read(length) if length else b""
        path = urllib.parse.urlsplit(self.path).path
        # the log line is written before the answer, so whoever got the answer can already read the line
        if path.startswith("/_emulator"):
            status, out = emulator.handle_admin(self.command, path, body)
            emulator.log(_log_line(self.client_address[0], self.command, status, "admin", path, "-", started))
            self._send(status, {}, out)
            return
        result, info = emulator.handle_api(self.command, self.path, self.headers, body)
        what = f"{info['service']}:{info['action']}"
        if result is DROP:
            self.close_connection = True
            emulator.log(_log_line(self.client_address[0], self.command, "DROP", what, info.get("code", "-"),
                                   info["request_id"], started))
            return
        status, headers, out = result
        emulator.log(_log_line(self.client_address[0], self.command, status, what, info.get("code", "-"),
                               info["request_id"], started))
        self._send(status, headers, out)

    def _send(self, status, headers, out):
        data = json.dumps(out, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _log_line(client, method, status, what, code, request_id, started):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{stamp} {client} {method} {status} {what} {code} {(time.monotonic() - started) * 1000:.1f}ms {request_id}"


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, emulator):
        super().__init__(address, Handler)
        self.emulator = emulator
