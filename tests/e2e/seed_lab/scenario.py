"""The seed's whole path, step by step, with what a user relies on checked at each step (checks.expect): the
steps `scripts/demo` shows and `tests/e2e/test_site_whole_path.py` runs, one code for both.

  up        the emulator, the lab (seed_lab.lab), Unbound and Kea already serving the LAN
  check     site.yml --check from an empty account: no API write, no file changed on the DC hosts, changes reported
  site      one site.yml run converges both sides; the cloud stand-in is configured from the emulator's view of the
            connection while it runs (CloudWatcher); the dual tunnel comes up from vpn_connection_info's peer_config
  client    a DHCP lease with the on-prem resolver and the option-121 routes; the EDS endpoint resolved THROUGH the
            tunnel (the cloud DNS sees the on-prem resolver's address); the VPC host reached
  again     a second site.yml run changes nothing anywhere and makes no API write
  failover  the master's path goes, the slave tunnel carries the traffic
  teardown  teardown.yml: no cloud resource left, the DC hosts' configuration as before

and with transit_router=True (the protected_flows lab of the test) the transit_router variant on the same lab after
that: tr-site tr-client tr-teardown (seed_lab/transit_router.py).
"""

import os
import re

from dig_answer import dig
from emulator_process import start_emulator
from netns import Lab, wait_until
from strongswan import child_bytes_out, child_installed, ike_established

from seed_lab.checks import Timer, expect
from seed_lab.cloud import CloudWatcher, cloud_connection
from seed_lab.lab import FrrReloader, SeedLab
from seed_lab.plan import (CLOUD_DNS, DC_PUBLIC_IP, DCGW_LAN_IP, DCSRV_IP, DEFAULT_ROUTING_MODE, EDS_ADDRESS, EDS_NAME,
                           ROUTE_BASED, VPC_CIDR, VPC_HOST_IP, site_vars)
from seed_lab.playbooks import Site, changed, ssh_key, write_yaml
from seed_lab.transit_router import TRANSIT_ROUTER_STEPS, TransitRouterSteps


def eventually(predicate, timeout):
    """Whether predicate() holds within timeout seconds (the check that follows reports what was found)."""
    try:
        return wait_until(predicate, timeout, 0.5)
    except TimeoutError:
        return False


STEPS = ("up", "check", "site", "client", "again", "failover", "teardown")


class WholePath(TransitRouterSteps):
    """One lab and the steps on it, in STEPS order (then TRANSIT_ROUTER_STEPS with transit_router=True); everything
    it starts is recorded in `state` (seed_lab.state)."""

    def __init__(self, state, connection="ssh", routing_mode=DEFAULT_ROUTING_MODE, transit_router=False):
        self.state = state
        self.workdir = state["workdir"]
        self.connection = connection
        self.routing_mode = routing_mode
        self.site_vars = site_vars(routing_mode)
        self.timer = Timer()
        self.route_based = routing_mode in ROUTE_BASED
        self.emulator = self.seed = self.site = self.before = self.fresh = self.peer = self.routing_before = None
        self.steps = STEPS + (TRANSIT_ROUTER_STEPS if transit_router else ())
        # the cloud DNS queries of the variant under test start there (the transit_router variant comes second)
        self.dns_mark = 0

    def run(self, until=None):
        for step in self.steps:
            print("\n=== %s" % step, flush=True)
            getattr(self, "step_" + step.replace("-", "_"))()
            if step == until:
                break
        print("\nwhole path: %.1f s" % self.timer.total(), flush=True)

    # --- the steps ---------------------------------------------------------------------------------------------
    def step_up(self):
        state = self.state
        self.emulator = start_emulator(os.path.join(self.workdir, "emulator.log"), detach=True, on_start=state.process)
        state.set(emulator_url=self.emulator.url, control_dir=os.path.join(self.workdir, "cp"))
        lab = Lab(os.path.join(self.workdir, "netns"), prefix=state["prefix"], journal=state)
        self.seed = seed = SeedLab(lab, self.workdir, self.routing_mode)
        state.set(container=seed.dcsrv.name)
        seed.start_dcsrv()                      # boots while the rest is set up
        seed.dc_charon.start()
        if seed.bgp:
            seed.dc_frr.start()             # frr.service, running before any playbook (bgpd without BGP yet)
        seed.start_cloud_dns()
        key = ssh_key(self.workdir) if self.connection == "ssh" else None
        seed.serve_lan()
        inventory = write_yaml(os.path.join(self.workdir, "hosts.yml"), seed.inventory(self.connection, key, state["control_dir"]))
        self.site = Site(self.emulator.url, self.workdir, inventory, self.site_vars, seed.dc_charon.conf)
        self.before = seed.dc_snapshot()
        self.routing_before = seed.dc_routing()
        self.fresh = self.emulator.resources()
        print("    emulator %s; namespaces %s*; container %s (Unbound and Kea serving 192.10.0.0/16)"
              % (self.emulator.url, state["prefix"], seed.dcsrv.name))
        expect(self.before["dcsrv"] and self.before["dcgw"],
               "the DC hosts' configuration before site.yml is recorded (%d files)" % sum(map(len, self.before.values())), self.before)
        self.timer.phase("lab up, Unbound and Kea serving the LAN (%s, %s)" % (self.connection, self.routing_mode))

    def step_check(self):
        emulator, seed = self.emulator, self.seed
        emulator.reset_stats()
        check = self.site.site(check=True)
        expect(emulator.writes() == {}, "check mode makes no API write", emulator.writes())
        expect(emulator.resources() == self.fresh, "check mode creates no cloud resource", emulator.resources())
        expect(seed.dc_snapshot() == self.before, "check mode changes no file on the DC hosts")
        rows = {" ".join(line.split()[:2]): line for line in check.summary}
        # with BGP the VPN gateway learns the data-center CIDRs: no VPN route, nothing to publish
        rows_changed = ("vpn gateway", "customer gateway", "ipsec connection") + (
            () if self.routing_mode == "bgp" else ("vpn route", "cen publish"))
        for row in rows_changed:
            expect(rows.get(row, "").endswith("would change"), "check mode reports the %s as 'would change'" % row, check.summary)
        # the gateway's play waits for a connection to exist
        expect(check.recap["dcsrv"]["changed"] >= 2 and check.recap["dcgw"]["changed"] == 0,
               "check mode: Unbound's forwarding and Kea's options would change, the gateway has nothing to plan yet", check.log)
        self.timer.phase("site.yml --check from empty")

    def step_site(self):
        seed = self.seed
        reloader = FrrReloader(seed) if seed.bgp else None
        if reloader:
            reloader.start()
        try:
            first = self.converge(cloud_connection, "the connection the emulator holds")
        finally:
            applied = reloader.finish() if reloader else None
        peer = self.peer
        counts = changed(first)
        # the VPN gateway's task and the site's one vpn_site task (customer gateway, connection and, but with BGP,
        # VPN route and CEN publication); the summary below has a row for each resource
        expect(counts["localhost"] >= 2 and counts["dcgw"] >= 1 and counts["dcsrv"] >= 2,
               "site.yml changes the cloud side, the IPsec gateway and the DNS/DHCP server", first.log)
        skipped_ok = (["vpn", "route"], ["cen", "publish"]) if self.routing_mode == "bgp" else ()
        expect(all(line.endswith(" changed") or (line.split()[:2] in skipped_ok and line.endswith(" skipped")) for line in first.summary),
               "every cloud resource of the summary is 'changed'%s" % (" (BGP: VPN route and CEN publication skipped)"
                                                                       if self.routing_mode == "bgp" else ""), first.summary)
        if self.routing_mode == "bgp":
            expect(applied, "bgp_peer wrote its block into the gateway's frr.conf (applied to the running FRR)", seed.dc_frr_conf())
            self.bgp_converges()
        routing = seed.dc_routing()
        if self.route_based:
            sas = seed.dc_charon.sas()
            expect("local  0.0.0.0/0" in sas and "remote 0.0.0.0/0" in sas, "route-based: the CHILD_SAs select 0.0.0.0/0", sas)
            # static routes: the VPC (destination routing; with BGP it is learned) and the cloud services (cloud_route)
            for cidr in ("100.64.0.0/10",) + (() if self.routing_mode == "bgp" else (VPC_CIDR,)):
                expect(re.search(r"(?m)^%s dev ipsec0 .*metric 100" % re.escape(cidr), routing)
                       and re.search(r"(?m)^%s dev ipsec0 .*metric 110" % re.escape(cidr), routing),
                       "the gateway routes %s over the tunnel, the master's route preferred (metric 100, slave 110)" % cidr, routing)
            main = seed.dcgw.ip("route").stdout
            expect(not re.search(r"(?m)^default ", main) and "fwmark 0x3e0c5 lookup 220" in routing,
                   "the main table has no default route into the tunnel; charon's table 220 is reached only by an unused mark", routing)
        self.timer.phase("site.yml, both sides (dual tunnel up)")

    def converge(self, read, what):
        """One site.yml run, the cloud stand-in configured while it runs from `what`, as read(url) of seed_lab.cloud
        gives it; and the checks every variant shares: a master and a slave tunnel ending at the data center, both
        up on the DC gateway, the verification resolving through dcsrv, the gateway's nftables table. The run."""
        seed = self.seed
        watcher = CloudWatcher(seed, self.emulator.url, read=read)
        watcher.start()
        try:
            first = self.site.site()
        finally:
            peer = watcher.finish()
        expect(peer, "the cloud stand-in is configured from %s" % what)
        print("    cloud stand-in configured from %s in %.1f s while site.yml ran" % (what, watcher.took))
        self.peer = peer
        expect(sorted(t["role"] for t in peer["tunnels"]) == ["master", "slave"], "the connection has a master and a slave tunnel",
               peer["tunnels"])
        expect({t["local"] for t in peer["tunnels"]} == {DC_PUBLIC_IP}, "both tunnels end at the data center's %s" % DC_PUBLIC_IP)
        expect(re.search(r"%s via dcsrv: %s" % (re.escape(EDS_NAME), re.escape(EDS_ADDRESS)), first.stdout),
               "site.yml's verification resolves %s via dcsrv to %s" % (EDS_NAME, EDS_ADDRESS), first.log)
        sas = seed.dc_charon.sas()
        for role in ("master", "slave"):
            conn = "%s-%s" % (peer["name"], role)
            expect(ike_established(sas, conn) and child_installed(sas, conn), "the %s tunnel is up on the DC gateway (%s)" % (role, conn), sas)
        routing = seed.dc_routing()
        expect("table inet eds_vpc_access_ipsec" in routing and "udp dport { 500, 4500 } accept" in routing,
               "the gateway's nftables table lets IKE and NAT-T in", routing)
        return first

    def bgp_converges(self):
        """BGP: both sessions up, the VPC learned over the master, the data center's CIDR learned by the cloud."""
        seed = self.seed
        peers = [t["bgp"]["local_bgp_ip"] for t in sorted(self.peer["tunnels"], key=lambda t: t["role"])]
        dc_peers = [t["bgp"]["peer_bgp_ip"] for t in sorted(self.peer["tunnels"], key=lambda t: t["role"])]
        eventually(lambda: seed.dc_frr.established(peers), 60)
        expect(seed.dc_frr.established(peers), "the gateway's BGP sessions with the cloud (ASN 45104) over both tunnels are Established",
               seed.dc_frr.neighbors())
        eventually(lambda: re.search(r"(?m)^%s (nhid \d+ )?via %s dev ipsec0 proto bgp" % (re.escape(VPC_CIDR), re.escape(peers[0])),
                                     seed.dcgw.ip("route").stdout), 30)
        routes = seed.dcgw.ip("route").stdout
        expect(re.search(r"(?m)^%s (nhid \d+ )?via %s dev ipsec0 proto bgp" % (re.escape(VPC_CIDR), re.escape(peers[0])), routes),
               "the gateway learned the VPC %s over BGP, via the master tunnel's cloud address %s" % (VPC_CIDR, peers[0]), routes)
        eventually(lambda: seed.cloud_frr.established(dc_peers), 30)
        # zebra installs its routes with a nexthop group: "192.10.0.0/16 nhid 17 via 169.254.10.2 dev ipsec0 proto bgp"
        learned = r"(?m)^192\.10\.0\.0/16 (nhid \d+ )?via %s " % re.escape(dc_peers[0])
        eventually(lambda: re.search(learned, seed.cloud.ip("route").stdout), 30)
        cloud_routes = seed.cloud.ip("route").stdout
        expect(re.search(learned, cloud_routes),
               "the cloud learned the data center's 192.10.0.0/16 over BGP, preferring the master (the slave's path is prepended)",
               cloud_routes)

    def step_client(self):
        self.reach_the_cloud()
        self.timer.phase("client: lease, dig through the tunnel, ping VPC")

    def reach_the_cloud(self):
        """A client's DHCP lease, the EDS endpoint resolved through the on-prem resolver and the tunnel, the VPC host
        reached."""
        seed = self.seed
        lease = seed.dhcp_lease()
        print("    lease: %s" % " ".join("%s=%s" % item for item in sorted(lease.items())))
        expect(lease["dns"].split() == [DCSRV_IP], "the DHCP lease names the on-prem resolver %s" % DCSRV_IP, lease)
        routes = lease["staticroutes"].split()
        routes = dict(zip(routes[::2], routes[1::2]))
        expect(routes.get("100.64.0.0/10") == DCGW_LAN_IP and routes.get("192.168.0.0/16") == DCGW_LAN_IP,
               "the lease routes 100.64.0.0/10 and 192.168.0.0/16 via the DC gateway (option 121)", lease)
        client_routes = seed.client.ip("route").stdout
        expect(re.search(r"(?m)^100\.64\.0\.0/10 via %s " % re.escape(DCGW_LAN_IP), client_routes),
               "the client has the route 100.64.0.0/10 via %s" % DCGW_LAN_IP, client_routes)
        answer = dig(seed.client, lease["dns"].split()[0], EDS_NAME)
        print("    %s: %s" % (EDS_NAME, answer.error or "%s, answered by %s" % (" ".join(answer.addresses), answer.server)))
        expect(answer.addresses == [EDS_ADDRESS] and answer.server == DCSRV_IP,
               "the client resolves %s to %s, answered by %s" % (EDS_NAME, EDS_ADDRESS, DCSRV_IP), (answer, seed.cloud_dns.log()))
        # the cloud DNS (either of its two addresses) saw the on-prem resolver's own address: the query came through
        # the tunnel from the resolver, not from the client
        seen = {(q[2], q[3]) for q in seed.cloud_dns_queries()[self.dns_mark:] if q[:2] == (EDS_NAME + ".", "A")}
        expect(seen and all(src == DCSRV_IP and dst in CLOUD_DNS for src, dst in seen),
               "the cloud DNS got the query from the on-prem resolver %s, through the tunnel" % DCSRV_IP, seed.cloud_dns.log())
        expect(seed.client.ping(VPC_HOST_IP, count=2, wait=2), "the client reaches the VPC host %s" % VPC_HOST_IP,
               seed.client.ip("route").stdout)

    def step_again(self):
        emulator = self.emulator
        emulator.reset_stats()
        second = self.site.site()
        expect(set(changed(second)) == {"localhost", "dcgw", "dcsrv"} and set(changed(second).values()) == {0},
               "a second site.yml run changes nothing on any host", second.log)
        expect(emulator.writes() == {}, "a second site.yml run makes no API write", emulator.writes())
        expect(emulator.stats()["reads"] > 0, "a second site.yml run reads the cloud side", emulator.stats())
        self.timer.phase("site.yml again: changed=0 everywhere, 0 writes")

    def step_failover(self):
        seed, name = self.seed, self.peer["name"]
        dc = seed.dc_charon
        seed.cloud.link_down(seed.tunnel_links["master"])
        print("    the master tunnel's link on the cloud side is down")
        wait_until(lambda: not ike_established(dc.sas(), name + "-master"), 30, 0.5, "the master's IKE_SA to go (DPD)")
        slave_before = child_bytes_out(dc.sas(), name + "-slave")
        wait_until(lambda: seed.client.ping(VPC_HOST_IP, wait=1), 30, 0.2, "traffic over the slave tunnel")
        expect(seed.client.ping(VPC_HOST_IP, count=3, wait=2), "the client reaches the VPC host again")
        expect(child_bytes_out(dc.sas(), name + "-slave") > slave_before, "the slave tunnel carries that traffic", dc.sas())
        if self.routing_mode == "bgp":
            slave = [t["bgp"]["local_bgp_ip"] for t in self.peer["tunnels"] if t["role"] == "slave"][0]
            moved = eventually(lambda: re.search(r"(?m)^%s (nhid \d+ )?via %s dev ipsec0 proto bgp" % (re.escape(VPC_CIDR), re.escape(slave)),
                                                 seed.dcgw.ip("route").stdout), 30)
            expect(moved, "the gateway's VPC route moved to the slave tunnel's BGP neighbour %s" % slave, seed.dcgw.ip("route").stdout)
        elif self.route_based:
            routing = seed.dcgw.ip("route").stdout
            expect("metric 100" not in routing and re.search(r"(?m)^%s dev ipsec0 .*metric 110" % re.escape(VPC_CIDR), routing),
                   "the master's routes went with its tunnel; the slave's carry the traffic", routing)
        self.timer.phase("failover: master path down, slave carries")

    def step_teardown(self):
        emulator, seed = self.emulator, self.seed
        self.site.run("eds.vpc_access.teardown", label="teardown.yml")
        left = emulator.resources()
        print("    cloud resources left in the emulator: %d" % sum(len(set(ids) - set(self.fresh.get(table, ()))) for table, ids in left.items()))
        expect(left == self.fresh, "teardown leaves no cloud resource", left)
        after = seed.dc_snapshot()
        expect(after == self.before, "teardown gives the DC hosts' configuration back (%d files and directories compared)"
               % sum(map(len, self.before.values())),
               {h: sorted(set(after[h].items()) ^ set(self.before[h].items())) for h in self.before})
        expect(self.peer["name"] not in seed.dc_charon.swanctl("--list-conns").stdout, "the gateway has no connection left")
        # charon's own table 220 (its rule, unreachable in route-based mode, stays while charon runs) and the lab's
        # host routes to the cloud's tunnel addresses (SeedLab.add_tunnel_addresses) aside
        lab_routes = tuple("%s dev " % t["remote"] for t in self.peer["tunnels"])

        def ours(text):
            return [line for line in text.splitlines() if "table 220" not in line and not line.startswith(lab_routes)]
        routing = seed.dc_routing()
        expect(ours(routing) == ours(self.routing_before), "the gateway's routes, rules and nftables ruleset are as before site.yml",
               sorted(set(ours(routing)) ^ set(ours(self.routing_before))))
        self.timer.phase("teardown.yml: nothing left")

    # --- for a lab kept after the run ----------------------------------------------------------------------------
    def look_around(self):
        """What a user can do with a kept lab."""
        state = self.state
        lines = ["the lab is kept: namespaces %s*, container %s, emulator %s, files in %s"
                 % (state["prefix"], state["container"], state["emulator_url"], self.workdir)]
        if self.seed:
            lines += ["  ip netns exec %s dig @%s %s" % (self.seed.client.name, DCSRV_IP, EDS_NAME),
                      "  podman exec -it %s bash" % state["container"],
                      "  swanctl --uri %s --list-sas" % self.seed.dc_charon.uri]
        if self.site:
            lines.append("  %s" % self.site.command_line())
        return "\n".join(lines)
