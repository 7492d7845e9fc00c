"""The cloud DNS stand-in, run in its lab namespace: `python stub_dns.py NAME ADDRESS LISTEN...` answers NAME with
ADDRESS (A), NXDOMAIN for other names, and logs who asked which of its addresses ("query NAME TYPE from SRC to DST").
"""

import selectors
import socket
import sys

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


def serve(name, answer, addresses):
    name = name.rstrip(".") + "."
    sel = selectors.DefaultSelector()
    for addr in addresses:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((addr, 53))
        sel.register(s, selectors.EVENT_READ)
    print("listening", flush=True)
    while True:
        for key, _mask in sel.select():
            s = key.fileobj
            data, peer = s.recvfrom(4096)
            q = dns.message.from_wire(data)
            r = dns.message.make_response(q)
            qname, qtype = q.question[0].name.to_text(), q.question[0].rdtype
            if qname == name and qtype == dns.rdatatype.A:
                r.answer.append(dns.rrset.from_text(qname, 60, "IN", "A", answer))
            elif qname != name:
                r.set_rcode(dns.rcode.NXDOMAIN)
            print("query %s %s from %s to %s" % (qname, dns.rdatatype.to_text(qtype), peer[0], s.getsockname()[0]), flush=True)
            s.sendto(r.to_wire(), peer)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], sys.argv[3:])
