"""Each busy code the client layer retries, through the real modules, SDK and HTTP: the emulator answers one write
with the code twice (a busy fault rule), the module retries, the play succeeds and leaves one of each resource; the
same code on a write it does not apply to fails the task at once, after one request
(plugins/module_utils/client/busy_codes.py, docs/client_layer.md "Busy codes").
"""

import pytest

from harness import base_env, json_results, run_playbook

PLAY = "busy_codes.yml"
REGION = "cn-hangzhou"   # the region the playbook works in
TIMES = 2                # the write fails this many times before it goes through
# code -> (write it is injected on, the task that makes that write); one write the code applies to, each family
CASES = {
    "OperationConflict": ("CreateCustomerGateway", "Customer gateway"),
    "Appliance.Configuring": ("CreateVpnConnection", "IPsec connection"),
    "VpnConnection.Configuring": ("CreateVpnConnection", "IPsec connection"),
    "VpnTask.CONFLICT": ("CreateVpnRouteEntry", "Destination-based VPN route"),
    "TaskConflict": ("CreateVpnPbrRouteEntry", "Policy-based VPN route"),
    "VpnRouteEntry.Configuring": ("DeleteVpnRouteEntry", "Remove the destination-based VPN route"),
    "IncorrectInstanceStatus": ("CreateRouteEntry", "VPC route to the data center"),
    "IncorrectStatus": ("DeleteRouteEntry", "Remove the VPC route"),
    "LastTokenProcessing": ("CreateRouteEntry", "VPC route to the data center"),
    "SystemBusy": ("DeleteRouteEntry", "Remove the VPC route"),
    "OperationFailed.DistibuteLock": ("CreateRouteEntry", "VPC route to the data center"),
}
# table -> (field, value) of the playbook's own record: the connection adds policy-based routes of its own
MINE = {"vpn_gateways": None, "customer_gateways": None, "vpn_connections": None,
        "vpn_route_entries": ("RouteDest", "192.20.0.0/16"), "vpn_pbr_route_entries": ("RouteDest", "192.30.0.0/16"),
        "route_entries": ("DestinationCidrBlock", "192.10.0.0/16")}


def counts(emu):
    """How many of each resource the playbook writes the emulator holds."""
    tables = emu.state()["store"]["regions"][REGION]["tables"]
    return {name: sum(1 for record in tables.get(name, {}).values() if mine is None or record.get(mine[0]) == mine[1])
            for name, mine in MINE.items()}


def run(emu, action, code, times, delete):
    emu.faults({"actions": {action: {"busy": 1, "busy_code": code, "times": times}}})
    env = base_env(emu.url, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json")
    proc, seconds = run_playbook(PLAY, env, extra_vars={"rel_delete": delete}, timeout=240)
    return proc, json_results(proc.stdout), emu.stats(), seconds


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_write_is_retried_and_succeeds_once(emu, code):
    action, task = CASES[code]
    delete = action.startswith("Delete")
    proc, results, stats, seconds = run(emu, action, code, TIMES, delete)
    assert proc.returncode == 0, f"{code} on {action}\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    assert stats["faults"] == TIMES, stats
    retried = [r for r in results[task]["retries"] if (r["action"], r["code"]) == (action, code)]
    assert [(r["kind"], r["attempt"]) for r in retried] == [("busy", n + 1) for n in range(TIMES)], results[task]
    # TIMES refusals and one write that went through: the refused requests changed nothing, no second resource
    assert stats["by_action"][action] == {"count": TIMES + 1, "errors": TIMES, "write": True}, stats["by_action"]
    assert counts(emu) == {"vpn_gateways": 1, "customer_gateways": 1, "vpn_connections": 1,
                           "vpn_route_entries": 0 if delete else 1, "vpn_pbr_route_entries": 1,
                           "route_entries": 0 if delete else 1}
    print(f"{code} on {action}: retried {TIMES} times, play {seconds:.1f}s")


def test_a_busy_code_of_another_write_is_returned_at_once(emu):
    """SystemBusy is a VPC route-table code: a customer gateway write that gets it fails without a retry."""
    proc, results, stats, _seconds = run(emu, "CreateCustomerGateway", "SystemBusy", 1, False)
    assert proc.returncode == 2, proc.stdout[-3000:]
    failed = results["Customer gateway"]
    assert failed["failed"] and failed["error"]["code"] == "SystemBusy", failed
    assert failed["retries"] == [], failed
    assert stats["by_action"]["CreateCustomerGateway"] == {"count": 1, "errors": 1, "write": True}
    assert counts(emu)["customer_gateways"] == 0
