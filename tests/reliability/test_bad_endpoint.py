"""Wrong credentials, wrong region, unknown endpoint: one clean failure each, no retry storm, no hang."""

import socket
import threading

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


# A failure after the connection was open (here: accepted, then closed without an answer) may have reached the
# API: retried within retry_timeout, with exponential backoff: bounded, a handful of attempts rather than a storm.
RETRY_TIMEOUT = 8


def test_endpoint_that_is_not_an_api_is_bounded():
    listener = CountingListener()
    try:
        proc, seconds = run_playbook(PLAY, base_env(f"http://127.0.0.1:{listener.port}"),
                                     {"rel_retry_timeout": RETRY_TIMEOUT}, timeout=120)
    finally:
        listener.close()
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "NetworkError" in proc.stdout, proc.stdout[-3000:]
    # retry_timeout plus the process start-up of one task; generous for a loaded 2-core CI host
    assert seconds < RETRY_TIMEOUT + 60, f"{seconds:.1f}s"
    assert 1 <= listener.connections <= 10, f"{listener.connections} connections in {RETRY_TIMEOUT}s: a retry storm"
    print(f"not-an-api: failed in {seconds:.1f}s after {listener.connections} connections")


# Nothing listens / the name does not resolve: the request never left this host, a misconfiguration rather than
# a blip. With the default retry_timeout (120 s) the task must still fail in seconds, saying what to check.
UNREACHABLE = {
    "closed-port": (lambda: f"http://127.0.0.1:{closed_port()}", "cannot connect to 127.0.0.1:"),
    # .invalid never resolves (RFC 6761)
    "unresolvable-host": (lambda: "http://eds-vpc-access-test.invalid:8080",
                          "cannot resolve eds-vpc-access-test.invalid:8080"),
}


@pytest.mark.parametrize("case", sorted(UNREACHABLE))
def test_unreachable_endpoint_fails_fast_with_default_retry_timeout(case):
    url_of, expected = UNREACHABLE[case]
    proc, seconds = run_playbook(PLAY, base_env(url_of()), timeout=120)
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"DescribeVpnGateways failed: NetworkError: {expected}" in proc.stdout, proc.stdout[-3000:]
    assert "check endpoint_url" in proc.stdout
    # a few seconds of attempts (connect) or none (DNS) plus one ansible-playbook start-up on a loaded host;
    # the retry_timeout default of 120 s would be far above this
    assert seconds < 45, f"{case}: {seconds:.1f}s"
    print(f"{case}: failed in {seconds:.1f}s")
