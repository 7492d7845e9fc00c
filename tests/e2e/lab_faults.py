"""Faults for the seed lab (seed_lab.lab.SeedLab), one at a time: inject, then repair to exactly what was there.

A tunnel fault changes the data-center gateway for real (its swanctl files or its nftables ruleset; the cloud
stand-in's charon then fails the negotiation for real) and tells the emulator, in the same definition, what that
gateway now sends (POST /_emulator/peers), so that the cloud API reports the state and the log lines the real VPN
gateway would. DNS and DHCP faults change the DNS/DHCP container's configuration and restart the daemon.
"""

import base64
import glob
import json
import re
import urllib.request

from netns import wait_until
from strongswan import child_installed, ike_established

from seed_lab.plan import DC_PUBLIC_IP

WRONG_PSK = "not-the-connection-key"
NFT_DROP_IKE = "table inet eds_fault {\n  chain output {\n    type filter hook output priority 0;\n    udp dport 500 drop\n  }\n}\n"
# a default-drop output chain that lets everything out but IKE and NAT-T: no rule names them, the policy drops them
NFT_POLICY_DROP_IKE = ("table inet eds_fault {\n  chain output {\n    type filter hook output priority 0; policy drop;\n"
                       "    meta l4proto != udp accept\n    udp dport != { 500, 4500 } accept\n  }\n}\n")
KEA_DROPINS = "/etc/kea/eds-dhcp-options"   # the dhcp_options role's (roles/dhcp_options/vars/Debian.yml)


def set_peer(emulator_url, **sends):
    """What the data-center gateway sends, as the emulator's peer at its public address."""
    body = json.dumps({"peers": [dict({"address": DC_PUBLIC_IP}, **sends)]}).encode()
    req = urllib.request.Request(emulator_url + "/_emulator/peers", data=body, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


class Faults:
    """The seven faults of the lab; each name maps to (inject, repair) and the cause diagnose.yml must name."""

    EXPECTED = {
        "wrong_psk": "psk_mismatch",
        "ike_proposal_mismatch": "ike_proposal_mismatch",
        "udp_500_dropped": "udp_blocked",
        "udp_dropped_by_policy": "udp_blocked",
        "remote_subnet_not_mirrored": "subnets_not_mirrored",
        "dns_forwarder_removed": "dns_not_forwarding",
        "dhcp_option_missing": "dhcp_dns_missing",
    }
    # the nftables faults: the rule diagnose.yml must name as the evidence (read from the gateway's ruleset)
    RULES = {
        "udp_500_dropped": "inet eds_fault output: udp dport 500 drop",
        "udp_dropped_by_policy": "inet eds_fault output: policy drop, no rule accepts udp 500/4500",
    }

    def __init__(self, seed, emulator_url, conn_name):
        self.seed = seed
        self.url = emulator_url
        self.conn_name = conn_name
        self.saved = {}

    # --- the data-center gateway ------------------------------------------------------------------------------
    def _gateway_files(self):
        return sorted(glob.glob(self.seed.dc_charon.swanctl_dir + "/conf.d/*.conf"))

    def _edit_gateway(self, pattern, replacement):
        for path in self._gateway_files():
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.saved.setdefault(path, text)
            new = re.sub(pattern, replacement, text, flags=re.M)
            if new != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)

    def renegotiate(self):
        """Load the gateway's files and negotiate again (the running SAs were made with the old settings)."""
        charon = self.seed.dc_charon
        charon.load()
        for role in ("master", "slave"):
            charon.swanctl("--terminate", "--ike", "%s-%s" % (self.conn_name, role), "--timeout", "5", check=False)
        for role in ("master", "slave"):
            charon.swanctl("--initiate", "--child", "%s-%s" % (self.conn_name, role), "--timeout", "3", check=False)

    def tunnels_up(self):
        sas = self.seed.dc_charon.sas()
        return all(ike_established(sas, "%s-%s" % (self.conn_name, r)) and child_installed(sas, "%s-%s" % (self.conn_name, r))
                   for r in ("master", "slave"))

    def _restore_gateway(self):
        for path, text in self.saved.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        self.saved = {}

    # --- the faults -------------------------------------------------------------------------------------------
    def inject(self, name):
        getattr(self, "inject_" + name)()

    def repair(self, name):
        """Back to the healthy lab: what the fault changed restored, the peer healthy, both tunnels up."""
        if name in ("dns_forwarder_removed", "dhcp_option_missing"):
            getattr(self, "repair_" + name)()
            return
        if name in ("udp_500_dropped", "udp_dropped_by_policy"):
            self.seed.dcgw.run("nft", "delete", "table", "inet", "eds_fault")
        self._restore_gateway()
        set_peer(self.url)
        self.renegotiate()
        wait_until(self.tunnels_up, 40, 0.5, "both tunnels up again after %s" % name)

    def inject_wrong_psk(self):
        secret = base64.b64encode(WRONG_PSK.encode()).decode()
        self._edit_gateway(r"^(\s*secret = )0s\S+$", r"\g<1>0s" + secret)
        set_peer(self.url, psk=WRONG_PSK)
        self.renegotiate()

    def inject_ike_proposal_mismatch(self):
        self._edit_gateway(r"^(\s+)proposals = .*$", r"\g<1>proposals = aes128-sha1-modp1024")
        set_peer(self.url, ike_config={"enc_alg": "aes128", "auth_alg": "sha1", "pfs": "group2"})
        self.renegotiate()

    def inject_remote_subnet_not_mirrored(self):
        self._edit_gateway(r"^(\s+local_ts = ).*$", r"\g<1>10.99.0.0/16")
        set_peer(self.url, local_subnets=["10.99.0.0/16"])
        self.renegotiate()

    def inject_udp_500_dropped(self):
        self.seed.dcgw.run("nft", "-f", "-", input_text=NFT_DROP_IKE)
        set_peer(self.url, reachable=False)
        self.renegotiate()

    def inject_udp_dropped_by_policy(self):
        self.seed.dcgw.run("nft", "-f", "-", input_text=NFT_POLICY_DROP_IKE)
        set_peer(self.url, reachable=False)
        self.renegotiate()

    def _unbound_forward_file(self):
        out = self.seed.dcsrv.exec("sh", "-c", "grep -l 'forward-zone' /etc/unbound/unbound.conf.d/*.conf").stdout.split()
        return out[0]

    def inject_dns_forwarder_removed(self):
        path = self._unbound_forward_file()
        self.saved[path] = self.seed.dcsrv.exec("cat", path).stdout
        self.seed.dcsrv.exec("rm", path)
        self.seed.dcsrv.exec("systemctl", "restart", "unbound")

    def _restore_saved(self, service):
        """Writes back the files an inject_* method saved, then restarts the daemon that reads them."""
        for path, text in self.saved.items():
            self.seed.dcsrv.write(path, text)
        self.saved = {}
        self.seed.dcsrv.exec("systemctl", "restart", service)

    def repair_dns_forwarder_removed(self):
        self._restore_saved("unbound")

    def inject_dhcp_option_missing(self):
        """The dhcp_options role's Kea drop-in without the domain-name-servers entry (option 121 stays)."""
        paths = self.seed.dcsrv.exec("sh", "-c", "grep -l domain-name-servers %s/*.json" % KEA_DROPINS).stdout.split()
        for path in paths:
            text = self.seed.dcsrv.exec("cat", path).stdout
            self.saved[path] = text
            self.seed.dcsrv.write(path, "".join(line for line in text.splitlines(True) if "domain-name-servers" not in line))
        self.seed.dcsrv.exec("systemctl", "restart", "kea-dhcp4-server")

    def repair_dhcp_option_missing(self):
        self._restore_saved("kea-dhcp4-server")
