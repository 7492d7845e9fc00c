"""Wrong credentials, wrong region, unknown endpoint: one clean failure each, no retry storm, no hang."""

import socket
import threading
import time

import pytest

from harness import base_env, run_playbook

PLAY = "one_read.yml"
# a final error (credentials, region) must not be retried at all
FINAL_CASES = {
    "wrong-secret": ({"ALICLOUD_SECRET_KEY": "not-the-secret"}, "SignatureDoesNotMatch"),
    "unknown-key": ({"ALICLOUD_ACCESS_KEY": "nobody", "ALICLOUD_SECRET_KEY": "x"}, "InvalidAccessKeyId.NotFound"),
    "wrong-region": ({"ALICLOUD_REGION": "xx-nowhere-1"}, "InvalidRegionId.NotFound"),
}


@pytest.mark.parametrize("case", sorted(FINAL_CASES))
def test_final_error_fails_once(emu, case):
    env_changes, code = FINAL_CASES[case]
    proc, seconds = run_playbook(PLAY, base_env(emu.url, **env_changes), timeout=120)
    stats = emu.stats()
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert code in proc.stdout, proc.stdout[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert stats["requests"] == 1, f"{case}: {stats['requests']} requests for one final error: {stats['by_action']}"
    assert stats["writes"] == 0
    print(f"{case}: failed in {seconds:.1f}s after {stats['requests']} request ({code})")


class CountingListener:
    """A local port that accepts connections and closes them at once (an endpoint that is not the API)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.sock.close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]   # nothing listens there once the socket is closed


# Network errors are retried (they are transient on a real network) within retry_timeout, with exponential
# backoff: bounded, and a handful of attempts rather than a storm.
RETRY_TIMEOUT = 8


@pytest.mark.parametrize("kind", ["closed-port", "not-an-api"])
def test_unknown_endpoint_is_bounded(kind):
    listener = CountingListener() if kind == "not-an-api" else None
    port = listener.port if listener else closed_port()
    try:
        started = time.monotonic()
        proc = run_playbook(PLAY, base_env(f"http://127.0.0.1:{port}"), {"rel_retry_timeout": RETRY_TIMEOUT},
                            timeout=120)[0]
        seconds = time.monotonic() - started
    finally:
        if listener:
            listener.close()
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"127.0.0.1:{port}" in proc.stdout or "NetworkError" in proc.stdout, proc.stdout[-3000:]
    # retry_timeout plus the process start-up of one task; generous for a loaded 2-core CI host
    assert seconds < RETRY_TIMEOUT + 60, f"{kind}: {seconds:.1f}s"
    if listener:
        assert 1 <= listener.connections <= 10, f"{listener.connections} connections in {RETRY_TIMEOUT}s: a retry storm"
    print(f"{kind}: failed in {seconds:.1f}s" + (f" after {listener.connections} connections" if listener else ""))
