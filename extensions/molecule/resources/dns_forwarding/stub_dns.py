"""Stub DNS server for the dns_forwarding Molecule scenarios.

Stands in for the Alibaba Cloud DNS (100.100.2.136/138) for aliyuncs.com and for the public
Internet for wuying.com. Answers UDP and TCP on every address given on the command line.
"""
import socketserver
import struct
import sys
import threading

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset

ZONES = {
    dns.name.from_text("aliyuncs.com."): {
        "ecd-vpc.cn-hangzhou.aliyuncs.com.": "100.100.1.1",
        "ecd-gw.cn-hangzhou.aliyuncs.com.": "100.101.5.5",
    },
    # the "public" wuying.com: private.wuying.com must be overridden by the role's record
    dns.name.from_text("wuying.com."): {
        "www.wuying.com.": "203.0.113.80",
        "private.wuying.com.": "203.0.113.99",
    },
}


def answer(wire):
    query = dns.message.from_wire(wire)
    resp = dns.message.make_response(query)
    resp.flags |= dns.flags.AA
    qname, qtype = query.question[0].name, query.question[0].rdtype
    zone = next((z for z in ZONES if qname.is_subdomain(z)), None)
    if zone is None:
        resp.set_rcode(dns.rcode.REFUSED)
        return resp.to_wire()
    addr = ZONES[zone].get(qname.to_text())
    if addr and qtype == dns.rdatatype.A:
        resp.answer.append(dns.rrset.from_text(qname, 60, "IN", "A", addr))
    else:
        if not addr and qname != zone:
            resp.set_rcode(dns.rcode.NXDOMAIN)
        soa = "ns1.%s hostmaster.%s 1 3600 600 86400 60" % (zone, zone)
        resp.authority.append(dns.rrset.from_text(zone, 60, "IN", "SOA", soa))
    return resp.to_wire()


class UDPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request[1].sendto(answer(self.request[0]), self.client_address)


class TCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        size = struct.unpack("!H", self.request.recv(2))[0]
        out = answer(self.request.recv(size))
        self.request.sendall(struct.pack("!H", len(out)) + out)


def main():
    servers = []
    for addr in sys.argv[1:]:
        servers.append(socketserver.ThreadingUDPServer((addr, 53), UDPHandler))
        servers.append(socketserver.ThreadingTCPServer((addr, 53), TCPHandler))
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
