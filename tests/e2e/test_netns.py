"""The namespace helpers themselves: hosts on a switch talk; cleanup leaves nothing behind, also after a failure."""

import os

import pytest

from netns import Lab, list_namespaces, wait_until


def test_two_hosts_on_a_switch_ping_and_cleanup_removes_everything(tmp_path):
    lab = Lab(str(tmp_path))
    try:
        switch = lab.switch("sw")
        a = lab.namespace("a")
        b = lab.namespace("b")
        switch.attach(a, "eth0", "10.99.0.1/24")
        switch.attach(b, "eth0", "10.99.0.2/24")
        assert a.ping("10.99.0.2", count=2)
        assert b.ping("10.99.0.1", count=2)
        # the addresses exist only inside the lab: the host's namespace does not have them
        assert "10.99.0.1" not in os.popen("ip -4 addr show").read()
        assert not a.ping("10.99.0.3")
        sleeper = b.start("sleep", "600")
        assert sleeper.running()
        assert set(list_namespaces(lab.prefix)) == {lab.prefix + n for n in ("sw", "a", "b")}
    finally:
        lab.cleanup()
    assert list_namespaces(lab.prefix) == []
    assert not sleeper.running()
    with pytest.raises(ProcessLookupError):
        os.kill(sleeper.pid, 0)


def test_cleanup_after_a_failure_half_way(tmp_path):
    lab = Lab(str(tmp_path))
    try:
        a = lab.namespace("a")
        b = lab.namespace("b")
        daemon = a.start("sleep", "600")
        with pytest.raises(ValueError, match="15 characters"):
            lab.veth(a, "a-much-too-long-name", b, "x")
        with pytest.raises(RuntimeError, match="command failed"):
            a.addr("nosuchdev", "10.99.1.1/24")
    finally:
        lab.cleanup()
    assert list_namespaces(lab.prefix) == []
    assert not daemon.running()


def test_daemon_in_namespace_serves_only_there(lab):
    a = lab.namespace("a")
    b = lab.namespace("b")
    lab.veth(a, "v-a", b, "v-b")
    a.addr("v-a", "10.99.2.1/24")
    b.addr("v-b", "10.99.2.2/24")
    server = b.start("python3", "-m", "http.server", "--bind", "10.99.2.2", "8099")
    wait_until(lambda: "10.99.2.2:8099" in b.run("ss", "-ltn").stdout, 10, what="http server")
    assert a.run("python3", "-c", "import urllib.request as u; u.urlopen('http://10.99.2.2:8099/', timeout=5)",
                 check=False).returncode == 0
    server.stop()
    assert not server.running()
    assert a.run("python3", "-c", "import urllib.request as u; u.urlopen('http://10.99.2.2:8099/', timeout=2)",
                 check=False).returncode != 0
