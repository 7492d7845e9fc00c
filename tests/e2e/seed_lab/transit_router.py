"""The transit_router variant of the whole path: site.yml with `vpc_access_attach_to: transit_router` (no VPN
gateway; an IPsec-VPN attachment bound to the CEN's transit router, docs/site_playbook.md) on the same lab, after
the VPN gateway path's teardown, so it costs three steps and no second lab:

  tr-site      the account as the first variant left it; one site.yml run with transit_router; the cloud stand-in
               configured from the attachment as the emulator holds it (DescribeVpnAttachments,
               DescribeVpnConnection: cloud.cloud_attachment), the data-center side from vpn_attachment_info's
               peer_config, unchanged; the dual tunnel up over userspace ESP; no VPN gateway made
  tr-client    the same lease, resolution through the tunnel and ping as the client step, over the attachment's tunnels
  tr-teardown  teardown.yml with transit_router: nothing left in the cloud, the DC hosts as before, and no VPN gateway
               was created or deleted at any point of the variant
"""

from strongswan import child_bytes_out

from seed_lab.checks import expect
from seed_lab.cloud import cloud_attachment
from seed_lab.playbooks import changed

TRANSIT_ROUTER_STEPS = ("tr-site", "tr-client", "tr-teardown")
TRANSIT_ROUTER_VARS = {"vpc_access_attach_to": "transit_router"}
# what the API calls to make, change or delete a VPN gateway
VPN_GATEWAY_WRITES = ("CreateVpnGateway", "ModifyVpnGatewayAttribute", "DeleteVpnGateway")


class TransitRouterSteps:
    """The steps of TRANSIT_ROUTER_STEPS, for seed_lab.scenario.WholePath (its lab, emulator, site and checks)."""

    def step_tr_site(self):
        emulator, seed = self.emulator, self.seed
        expect(emulator.resources() == self.fresh, "the VPN gateway variant left the account as it was", emulator.resources())
        seed.clear_cloud(self.peer)
        self.dns_mark = len(seed.cloud_dns_queries())
        self.site.use_vars(dict(self.site_vars, **TRANSIT_ROUTER_VARS), "vars-transit_router.yml")
        emulator.reset_stats()
        first = self.converge(cloud_attachment, "the IPsec-VPN attachment on the transit router")
        peer = self.peer
        counts = changed(first)
        expect(counts["localhost"] >= 3 and counts["dcgw"] >= 1 and counts["dcsrv"] >= 2,
               "site.yml changes the cloud side (customer gateway, IPsec-VPN attachment, transit router attachment), "
               "the IPsec gateway and the DNS/DHCP server", first.log)
        rows = {" ".join(line.split()[:2]): line for line in first.summary}
        expect(rows.get("vpn gateway", "").endswith(" skipped") and rows.get("customer gateway", "").endswith(" changed")
               and peer["vpn_connection_id"] in rows.get("ipsec connection", "") and rows["ipsec connection"].endswith(" changed")
               and rows.get("transit router", "").endswith(" changed"),
               "the summary: VPN gateway skipped; customer gateway, IPsec-VPN attachment %s and transit router attachment "
               "changed" % peer["vpn_connection_id"], first.summary)
        made = emulator.resources()
        gateways = [t for t in made if t.endswith("/vpn_gateways")]
        expect(all(made[t] == self.fresh.get(t) for t in gateways), "no VPN gateway exists in this variant", made)
        writes = emulator.writes()
        expect("CreateVpnAttachment" in writes and "CreateTransitRouterVpnAttachment" in writes
               and not set(writes) & set(VPN_GATEWAY_WRITES),
               "site.yml made an IPsec-VPN attachment and bound it to the transit router %s; no VPN gateway call"
               % peer["transit_router_id"], writes)
        self.timer.phase("site.yml with transit_router, both sides (dual tunnel up, no VPN gateway)")

    def step_tr_client(self):
        dc, name = self.seed.dc_charon, self.peer["name"]

        def carried():
            sas = dc.sas()
            return sum(child_bytes_out(sas, "%s-%s" % (name, role)) for role in ("master", "slave"))
        before = carried()
        self.reach_the_cloud()
        expect(carried() > before, "that traffic went through the attachment's tunnels", dc.sas())
        self.timer.phase("client over the transit router attachment: lease, dig through the tunnel, ping VPC")

    def step_tr_teardown(self):
        self.step_teardown()
        writes = self.emulator.writes()
        expect("DeleteTransitRouterVpnAttachment" in writes and "DeleteVpnAttachment" in writes
               and not set(writes) & set(VPN_GATEWAY_WRITES),
               "teardown.yml detached and deleted the attachment; no VPN gateway was created or deleted in this variant",
               writes)
