"""What an IPsec-VPN tunnel's negotiation comes to, from the configuration the emulator holds.

The cloud side is the connection (or one tunnel of it); the data-center side is a *peer*: what the remote gateway
really sends, set with ``POST /_emulator/peers`` (docs/emulator.md "Peers"). Without a peer at the customer
gateway's address nothing answers, as before this existed: ``ike_sa_not_established``. With one, the outcome is
the first mismatch in the order a real exchange meets them (reachability, the address the packets come from,
IKE proposal, pre-shared key, ESP proposal, traffic selectors), each with the lines the gateway logs. The log
lines follow strongSwan's wording (the engine behind most IPsec gateways); Alibaba Cloud's exact text is
unconfirmed.

Peer keys (every one optional; an absent key mirrors the connection, so ``{"address": ip}`` is a healthy peer):
  address          the public address the peer's packets come from (required)
  reachable        false: UDP 500/4500 between the two never gets through (a firewall drops it)
  psk              its pre-shared key
  ike_config       {version, enc_alg, auth_alg, pfs}: its IKE proposal
  ipsec_config     {enc_alg, auth_alg, pfs}: its ESP proposal
  local_subnets    its own (data-center) traffic selectors: must be within the connection's RemoteSubnet
  remote_subnets   the cloud selectors it asks for: must be within the connection's LocalSubnet
"""

import collections
import ipaddress

PEERS = "vpn_peers"   # a global table (Store.globals): address -> peer
ESTABLISHED = "ipsec_sa_established"
IKE_KEYS = (("version", "IkeVersion"), ("enc_alg", "IkeEncAlg"), ("auth_alg", "IkeAuthAlg"), ("pfs", "IkePfs"))
ESP_KEYS = (("enc_alg", "IpsecEncAlg"), ("auth_alg", "IpsecAuthAlg"), ("pfs", "IpsecPfs"))
PEER_KEYS = frozenset(("address", "reachable", "psk", "ike_config", "ipsec_config", "local_subnets",
                       "remote_subnets"))


# status (the API's Status value), phase that failed (1, 2 or None), cause (a short code), log lines
Outcome = collections.namedtuple("Outcome", "status phase cause lines")


def check_peer(peer):
    """A peer from POST /_emulator/peers, checked -> the stored dict; ValueError names the bad key."""
    if not isinstance(peer, dict):
        raise ValueError("each peer must be an object")
    unknown = set(peer) - PEER_KEYS
    if unknown:
        raise ValueError(f"unknown peer keys {', '.join(sorted(unknown))} (known: {', '.join(sorted(PEER_KEYS))})")
    try:
        address = str(ipaddress.ip_address(str(peer.get("address"))))
    except ValueError:
        raise ValueError(f"peer address must be an IP address, not {peer.get('address')!r}") from None
    out = dict(peer, address=address)
    for key in ("local_subnets", "remote_subnets"):
        if key in out:
            try:
                out[key] = sorted(str(ipaddress.ip_network(c, strict=False)) for c in out[key])
            except (TypeError, ValueError):
                raise ValueError(f"peer {key} must be a list of CIDR blocks") from None
    for key, known in (("ike_config", IKE_KEYS), ("ipsec_config", ESP_KEYS)):
        block = out.get(key)
        names = [pair[0] for pair in known]
        if block is not None and (not isinstance(block, dict) or set(block) - set(names)):
            raise ValueError(f"peer {key} takes only {', '.join(names)}")
    return out


def _subnets(value):
    return [ipaddress.ip_network(c.strip(), strict=False) for c in (value or "").split(",") if c.strip()]


def _within(wanted, allowed):
    return all(any(w.subnet_of(a) for a in allowed if a.version == w.version) for w in wanted)


def _proposal(config, keys):
    return "-".join(str(config.get(wire, "")).lower() for key, wire in keys if key != "version")


def _peer_proposal(peer_block, config, keys):
    peer_block = peer_block or {}
    return "-".join(str(peer_block.get(key, config.get(wire, ""))).lower() for key, wire in keys if key != "version")


def negotiate(ike, esp, local_subnet, remote_subnet, cgw_ip, gateway_ip, peer, stray=()):
    """The outcome of one tunnel: ike/esp are the record's IkeConfig/IpsecConfig (TunnelIkeConfig/TunnelIpsecConfig),
    local/remote_subnet the connection's LocalSubnet/RemoteSubnet, peer the one at cgw_ip (or None), stray the
    addresses of peers that send to this gateway but match no customer gateway (a NAT in front of the peer)."""
    me, them = f"{gateway_ip}[500]", f"{cgw_ip}[500]"
    if peer is None:
        lines = [f"initiating IKE_SA to {cgw_ip}", f"sending packet: from {me} to {them}",
                 f"retransmit 5 of request with message ID 0, giving up: peer {cgw_ip} not responding"]
        for address in stray:
            lines.insert(0, f"received packet: from {address}[500] to {me}: no IKE config found for "
                            f"{gateway_ip}...{address}, sending NO_PROPOSAL_CHOSEN")
        cause = "peer_address" if stray else "no_response"
        return Outcome("ike_sa_not_established", 1, cause, lines)
    if peer.get("reachable", True) is False:
        return Outcome("ike_sa_not_established", 1, "no_response", [
            f"initiating IKE_SA to {cgw_ip}", f"sending packet: from {me} to {them}",
            f"retransmit 5 of request with message ID 0, giving up: peer {cgw_ip} not responding"])
    version = (peer.get("ike_config") or {}).get("version", ike.get("IkeVersion"))
    ours, theirs = _proposal(ike, IKE_KEYS), _peer_proposal(peer.get("ike_config"), ike, IKE_KEYS)
    if version != ike.get("IkeVersion") or ours != theirs:
        return Outcome("ike_sa_not_established", 1, "ike_proposal", [
            f"received packet: from {them} to {me}",
            f"received proposals: IKE:{theirs.upper()} ({version})",
            f"configured proposals: IKE:{ours.upper()} ({ike.get('IkeVersion')})",
            "received proposals unacceptable: no acceptable IKE proposal, sending NO_PROPOSAL_CHOSEN"])
    if peer.get("psk", ike.get("Psk")) != ike.get("Psk"):
        return Outcome("ike_sa_not_established", 1, "psk", [
            f"received packet: from {them} to {me}",
            f"authentication of '{cgw_ip}' with pre-shared key failed: tried 1 shared key for "
            f"'{gateway_ip}' - '{cgw_ip}', MAC mismatched",
            "sending AUTHENTICATION_FAILED"])
    established = f"IKE_SA established between {me}...{them}"
    ours, theirs = _proposal(esp, ESP_KEYS), _peer_proposal(peer.get("ipsec_config"), esp, ESP_KEYS)
    if ours != theirs:
        return Outcome("ipsec_sa_not_established", 2, "ipsec_proposal", [
            established, f"received proposals: ESP:{theirs.upper()}", f"configured proposals: ESP:{ours.upper()}",
            "no acceptable proposal found, sending NO_PROPOSAL_CHOSEN for CHILD_SA"])
    cloud, dc = _subnets(local_subnet), _subnets(remote_subnet)
    peer_local = [ipaddress.ip_network(c) for c in peer.get("local_subnets") or [str(n) for n in dc]]
    peer_remote = [ipaddress.ip_network(c) for c in peer.get("remote_subnets") or [str(n) for n in cloud]]
    if not (_within(peer_local, dc) and _within(peer_remote, cloud)):
        return Outcome("ipsec_sa_not_established", 2, "traffic_selectors", [
            established,
            "traffic selectors %s === %s unacceptable (configured %s === %s), sending TS_UNACCEPTABLE" % (
                ",".join(map(str, peer_remote)), ",".join(map(str, peer_local)),
                ",".join(map(str, cloud)), ",".join(map(str, dc)))])
    return Outcome(ESTABLISHED, None, None, [
        established, "CHILD_SA established with SPIs, TS %s === %s" % (
            ",".join(map(str, peer_remote)), ",".join(map(str, peer_local)))])


def peers(store):
    return store.table(PEERS)


def tunnel_outcome(ctx, record, tunnel=None):
    """The Outcome of a connection's single tunnel (tunnel=None) or of one tunnel of a dual-tunnel connection."""
    cgw_id = tunnel["CustomerGatewayId"] if tunnel else record["CustomerGatewayId"]
    cgw = ctx.region.table("customer_gateways").get(cgw_id) or {}
    cgw_ip = cgw.get("IpAddress", "")
    gateway_ip = tunnel["InternetIp"] if tunnel else record.get("InternetIp", "")
    table = peers(ctx.store)
    known = {c.get("IpAddress") for c in ctx.region.table("customer_gateways").values()}
    stray = sorted(a for a in table if a not in known)
    ike = tunnel["TunnelIkeConfig"] if tunnel else record["IkeConfig"]
    esp = tunnel["TunnelIpsecConfig"] if tunnel else record["IpsecConfig"]
    return negotiate(ike, esp, record["LocalSubnet"], record["RemoteSubnet"], cgw_ip, gateway_ip,
                     table.get(cgw_ip), stray)


def admin(store, method, payload):
    """GET/POST /_emulator/peers -> (HTTP status, body). POST {"peers": [...]} replaces them all; with
    "merge": true it adds or replaces only the addresses given; {"peers": []} removes them."""
    with store.lock:
        table = peers(store)
        if method == "POST":
            if not isinstance(payload, dict) or not isinstance(payload.get("peers"), list):
                return 400, {"error": 'POST /_emulator/peers takes {"peers": [{"address": ip, ...}], "merge": bool}'}
            try:
                checked = [check_peer(peer) for peer in payload["peers"]]
            except ValueError as exc:
                return 400, {"error": str(exc)}
            if not payload.get("merge"):
                table.clear()
            for peer in checked:
                table[peer["address"]] = peer
            store.table("vpn_peers_changed")["at"] = store.now()  # new attempts start now (vpn_connection_logs.py)
        return 200, {"peers": [table[a] for a in sorted(table)]}
