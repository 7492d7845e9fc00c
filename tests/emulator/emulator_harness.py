"""Test harness: the emulator as a real subprocess on a free port, and real SDK clients pointed at it."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR_DIR = os.path.join(REPO, "emulator")
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)
# the SDK sends everything to HTTP(S)_PROXY and ignores NO_PROXY (docs/emulator.md, "Running it")
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_var, None)

AK, SK = "testid", "testsecret"
STS_AK, STS_SK, STS_TOKEN = "STS.testid", "testsecret-sts", "testtoken-sts"
REGION = "cn-shanghai"
SINGLE_REGION = "cn-hangzhou"
# ids of the default scenario (emulator/eds_emulator/scenarios/default.yml)
USER_VPC = "vpc-uf6uservpc00000000001"
USER_VSW_E = "vsw-uf6uservpc000000000e1"
USER_VSW_F = "vsw-uf6uservpc000000000f1"
OFFICE_VPC = "vpc-uf6officenetwork00001"
SINGLE_VPC = "vpc-bp1singletunnel000001"
SINGLE_VSW = "vsw-bp1singletunnel0000h1"
START_TIMEOUT = 20


class Emulator:
    """A running emulator process: URL, admin calls and SDK client factories."""

    def __init__(self, args=(), env=None):
        self.log = tempfile.NamedTemporaryFile(prefix="eds-emulator-", suffix=".log", delete=False)  # noqa: SIM115
        environ = dict(os.environ)
        environ["PYTHONPATH"] = EMULATOR_DIR + os.pathsep + environ.get("PYTHONPATH", "")
        environ.update(env or {})
        self.args = list(args)
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "eds_emulator", "--port", "0", *self.args],
            stdout=subprocess.PIPE, stderr=self.log, env=environ, text=True)
        line = self._first_line()
        if not line.startswith("READY http://"):
            self.stop()
            raise RuntimeError(f"emulator did not start: {line!r}; log: {self.read_log()}")
        self.url = line.split()[1]
        self.endpoint = self.url[len("http://"):]
        self.port = int(self.endpoint.rsplit(":", 1)[1])

    def _first_line(self):
        box = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        return box[0].strip() if box else ""

    def read_log(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self):
        """SIGTERM by PID, then wait; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc.stdout.close()
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        os.unlink(self.log.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cleanup()

    # -- admin endpoints ---------------------------------------------------------------------------------------
    def admin(self, path, payload=None, method=None):
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.url + "/_emulator" + path, data=data,
                                         method=method or ("POST" if data is not None else "GET"))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return {"http_status": exc.code, **json.loads(exc.read() or b"{}")}

    def reset(self):
        """Back to the scenario: state, statistics and faults. Returns the emulator."""
        self.admin("/reset", {})
        self.admin("/stats/reset", {})
        self.admin("/faults", {})
        return self

    def stats(self):
        return self.admin("/stats")

    def state(self):
        return self.admin("/state")

    def faults(self, config):
        return self.admin("/faults", config)

    def advance(self, seconds):
        return self.admin("/clock", {"advance": seconds})

    # -- SDK clients ---------------------------------------------------------------------------------------------
    def config(self, access_key_id=AK, secret=SK, security_token=None, **extra):
        from alibabacloud_tea_openapi import models as open_api_models
        return open_api_models.Config(access_key_id=access_key_id, access_key_secret=secret,
                                      security_token=security_token, endpoint=self.endpoint, protocol="HTTP",
                                      region_id=REGION, read_timeout=10000, connect_timeout=5000, **extra)

    def vpc(self, **kwargs):
        from alibabacloud_vpc20160428.client import Client
        return Client(self.config(**kwargs))

    def cbn(self, **kwargs):
        from alibabacloud_cbn20170912.client import Client
        return Client(self.config(**kwargs))

    def ecd(self, **kwargs):
        from alibabacloud_ecd20200930.client import Client
        return Client(self.config(**kwargs))
