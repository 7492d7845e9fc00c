"""strongSwan (charon-systemd + swanctl) inside a network namespace, and the cloud side's mirrored configuration.

Each charon gets its own directory: strongswan.conf, a vici socket, a swanctl directory (swanctl.conf including
conf.d/*.conf, as the Debian package ships it) and a strongswan.d directory for drop-ins (the ipsec_peer role writes
its userspace-ESP setting there). Debian's plugin settings in /etc/strongswan.d/charon/ are read as usual.
"""

import base64
import os
import re

from netns import run, wait_until

# Alibaba Cloud's algorithm names as strongSwan proposal keywords, written down here independently of the role:
# the cloud side accepts exactly these, so a wrong mapping in the role fails the negotiation.
ALIBABA_TO_STRONGSWAN = {
    "aes": "aes128", "aes192": "aes192", "aes256": "aes256", "des": "des", "3des": "3des",
    "md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512",
    "group1": "modp768", "group2": "modp1024", "group5": "modp1536", "group14": "modp2048",
}

# IKEv2 dead-peer detection gives up after the retransmissions: short ones make a dead tunnel visible in ~2 s
STRONGSWAN_CONF = """\
charon {{
  load_modular = yes
  retransmit_timeout = 0.5
  retransmit_tries = 2
  retransmit_base = 1.4
  plugins {{
    include /etc/strongswan.d/charon/*.conf
    vici {{
      socket = {uri}
    }}
    # never touch the host's /etc/resolv.conf; no multicast/ARP/DHCP/HA helpers from libcharon-extra-plugins
    resolve {{
      load = no
    }}
    forecast {{
      load = no
    }}
    farp {{
      load = no
    }}
    dhcp {{
      load = no
    }}
    ha {{
      load = no
    }}
{extra_plugins}  }}
  filelog {{
    charon {{
      path = {dir}/charon.log
      time_format = %T
      default = 1
      ike = 2
      flush_line = yes
    }}
  }}
}}
charon-systemd {{
  journal {{
    default = -1
  }}
}}
swanctl {{
  load = pem pkcs1 x509 random nonce
  socket = {uri}
}}
include {dir}/strongswan.d/*.conf
"""

LIBIPSEC = """\
    kernel-libipsec {
      load = 10
    }
"""
# route-based with userspace ESP (as the ipsec_peer role sets it): kernel-libipsec's routes for 0.0.0.0/0
# selectors go to table 220, whose rule then only matches a mark no packet carries
ROUTE_BASED = """\
    kernel-netlink {
      fwmark = 0x3e0c5
    }
"""


class Charon:
    """charon-systemd in namespace `ns` with its configuration under `directory`."""

    def __init__(self, ns, directory, userspace_esp=False, route_based=False):
        self.ns = ns
        self.dir = directory
        self.uri = "unix://%s/charon.vici" % directory
        self.swanctl_dir = os.path.join(directory, "swanctl")
        self.strongswan_dir = os.path.join(directory, "strongswan.d")
        self.conf = os.path.join(directory, "strongswan.conf")
        self.daemon = None
        os.makedirs(os.path.join(self.swanctl_dir, "conf.d"), exist_ok=True)
        os.makedirs(self.strongswan_dir, exist_ok=True)
        with open(os.path.join(self.swanctl_dir, "swanctl.conf"), "w", encoding="utf-8") as f:
            f.write("include conf.d/*.conf\n")
        with open(self.conf, "w", encoding="utf-8") as f:
            plugins = (LIBIPSEC if userspace_esp else "") + (ROUTE_BASED if route_based else "")
            f.write(STRONGSWAN_CONF.format(uri=self.uri, dir=directory, extra_plugins=plugins))

    def env(self):
        return dict(os.environ, STRONGSWAN_CONF=self.conf)

    def start(self):
        self.daemon = self.ns.start("/usr/sbin/charon-systemd", env=self.env(), log_name=os.path.basename(self.dir) + "-charon.out")
        wait_until(lambda: os.path.exists(self.uri[len("unix://"):]) or not self.daemon.running(), 10, what="charon's vici socket")
        if not self.daemon.running():
            raise RuntimeError("charon exited: " + self.daemon.log() + self.log())
        return self

    def swanctl(self, *args, check=True, timeout=60):
        return run("swanctl", *args, "--uri", self.uri, check=check, timeout=timeout, env=self.env())

    def write(self, name, text):
        with open(os.path.join(self.swanctl_dir, "conf.d", name), "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(os.path.join(self.swanctl_dir, "conf.d", name), 0o600)

    def load(self):
        return self.swanctl("--load-all", "--noprompt", "--file", os.path.join(self.swanctl_dir, "swanctl.conf"))

    def sas(self, ike=None):
        args = ["--list-sas"] + (["--ike", ike] if ike else [])
        return self.swanctl(*args).stdout

    def log(self):
        try:
            with open(os.path.join(self.dir, "charon.log"), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""


def child_installed(sas_text, child):
    return re.search(r"(?m)^\s+%s: #\d+, reqid \d+, INSTALLED" % re.escape(child), sas_text) is not None


def ike_established(sas_text, conn):
    return re.search(r"(?m)^%s: #\d+, ESTABLISHED" % re.escape(conn), sas_text) is not None


def child_bytes_out(sas_text, child):
    """Bytes sent through the CHILD_SA named `child` (0 when not installed); the SPI is followed by
    "(mark|if_id)" when the SA has an XFRM interface ID."""
    block = re.search(r"(?ms)^\s+%s: #\d+, reqid \d+, INSTALLED.*?^\s+out\s+\w+(?: \([^)]*\))?,\s+(\d+) bytes" % re.escape(child), sas_text)
    return int(block.group(1)) if block else 0


def cloud_swanctl_conf(peer_config, extra_local_subnets=(), dpd_delay=1):
    """The Alibaba side of `peer_config`, mirrored: the cloud's swanctl configuration (connections + secrets).

    One swanctl connection per tunnel, named like the role names the data-center side (<name> or <name>-<role>),
    responder only (start_action none), strict proposals from ALIBABA_TO_STRONGSWAN, UDP encapsulation.
    One CHILD_SA per tunnel with all subnets: enough for IKEv2 and for IKEv1 with one subnet on each side.
    """
    name = peer_config["name"]
    dual = len(peer_config["tunnels"]) > 1
    local_ts = ",".join(list(peer_config["remote_subnets"]) + list(extra_local_subnets))
    remote_ts = ",".join(peer_config["local_subnets"])
    conns, secrets = [], []
    for t in peer_config["tunnels"]:
        ike, esp = t["ike_config"], t["ipsec_config"]
        conn = "%s-%s" % (name, t["role"]) if dual else name
        proposal = "-".join(ALIBABA_TO_STRONGSWAN[ike[k]] for k in ("ike_enc_alg", "ike_auth_alg", "ike_pfs"))
        esp_proposal = "-".join(ALIBABA_TO_STRONGSWAN[esp[k]] for k in ("ipsec_enc_alg", "ipsec_auth_alg"))
        if esp["ipsec_pfs"] != "disabled":
            esp_proposal += "-" + ALIBABA_TO_STRONGSWAN[esp["ipsec_pfs"]]
        local_id = ike.get("remote_id") or t["remote"]
        remote_id = ike.get("local_id") or t["local"]
        conns.append(
            """  %(conn)s {
    version = %(version)d
    local_addrs = %(local)s
    remote_addrs = %(remote)s
    proposals = %(proposal)s
    encap = yes
    mobike = no
    dpd_delay = %(dpd)ds
    local {
      auth = psk
      id = %(local_id)s
    }
    remote {
      auth = psk
      id = %(remote_id)s
    }
    children {
      %(conn)s {
        local_ts = %(local_ts)s
        remote_ts = %(remote_ts)s
        esp_proposals = %(esp)s
        start_action = none
        dpd_action = clear
      }
    }
  }
"""
            % dict(conn=conn, version=1 if ike["ike_version"] == "ikev1" else 2, local=t["remote"], remote=t["local"],
                   proposal=proposal, dpd=dpd_delay, local_id=local_id, remote_id=remote_id, local_ts=local_ts,
                   remote_ts=remote_ts, esp=esp_proposal)
        )
        secrets.append(
            "  ike-%s {\n    id-a = %s\n    id-b = %s\n    secret = 0s%s\n  }\n"
            % (conn, local_id, remote_id, base64.b64encode(ike["psk"].encode()).decode())
        )
    return "connections {\n%s}\nsecrets {\n%s}\n" % ("".join(conns), "".join(secrets))
