"""An account whose quotas were raised, through the site playbook (docs/site_playbook.md "Several data centers").

One site converged, its connection cloned in the emulator's store until the shared VPN gateway holds the default
quota of 10 connections; then a second site: refused before its create call while vpc_access_quotas is not set
(the message names the variable's key), converged once vpc_access_quotas and the emulator's (the account's) quota
are raised. The modules' own tests of the option are the integration targets (docs/modules.md "Quotas").
"""

import json

from test_multisite import REGION, SITES, assert_ok, cloud, inventory, playbook


def fill_gateway(emu, connections):
    """Clones of the one connection on the gateway until it holds `connections`."""
    state = emu.state()
    table = state["store"]["regions"][REGION]["tables"]["vpn_connections"]
    (seed,) = table.values()
    for n in range(connections - len(table)):
        clone_id = f"vco-quotaclone{n:010d}"
        table[clone_id] = dict(seed, VpnConnectionId=clone_id, Name=f"clone-{n}")
    assert "http_status" not in emu.admin("/state", {"store": state["store"]})


def test_a_raised_connection_quota_reaches_the_module(emu, tmp_path):
    assert_ok(*playbook("site", inventory(tmp_path, "one", sites=SITES[:1]), emu), "converge of one site")
    fill_gateway(emu, 10)
    two = inventory(tmp_path, "two", sites=SITES[:2])

    # the default quota: the second site's connection is refused before the call, naming the option
    emu.admin("/stats/reset", {})
    proc, _seconds = playbook("site", two, emu)
    assert proc.returncode != 0
    assert "already has 10 IPsec-VPN connections, the quota (10, the account's default)" in proc.stdout, \
        proc.stdout[-3000:]
    assert "give it in quotas.connections_per_gateway" in proc.stdout
    assert "CreateVpnConnection" not in emu.stats()["by_action"]

    # the account's quota raised, and the run told so
    emu.admin("/settings", {"quotas": {"vpn_connections": 11}})
    raised = {"vpc_access_quotas": {"connections_per_gateway": 11, "routes_per_gateway": 30}}
    assert_ok(*playbook("site", two, emu, "-e", json.dumps(raised)), "converge of two sites with raised quotas")
    connections = cloud(emu)["vpn_connections"]
    assert len(connections) == 11 and {"eds-dc01", "eds-dc02"} <= set(connections)
