"""dig as the lab's checks use it: the full output read into the answer and the server that gave it, or the reason
there is none (dig +short prints its retry chatter, ";; communications error to ...: timed out", among the answers).
The same reading as the collection's dig_answer filter (plugins/plugin_utils/diagnosis/parsers.py), kept small here
so that the lab does not import the collection."""

import collections
import re

Answer = collections.namedtuple("Answer", "addresses server error")


def dig(ns, server, name, rtype="A"):
    """Ask `server` from namespace `ns` (a netns.Namespace) -> Answer."""
    proc = ns.run("dig", "+time=3", "+tries=2", "@" + server, name, rtype, check=False)
    text = proc.stdout
    status = re.search(r"->>HEADER<<- opcode: \w+, status: (\w+)", text)
    answered_by = re.search(r"^;; SERVER: ([^#\s]+)#", text, re.M)
    section = re.search(r"^;; ANSWER SECTION:\n(.*?)(?:\n\n|\Z)", text, re.M | re.S)
    addresses = [line.split()[4] for line in (section.group(1).splitlines() if section else [])
                 if len(line.split()) >= 5 and line.split()[3] in ("A", "AAAA")]
    if status is None:
        reason = re.search(r"^;; (connection timed out[^\n]*|communications error[^\n]*)", text, re.M)
        error = "no answer: " + (reason.group(1) if reason else "dig exited %d" % proc.returncode)
    elif status.group(1) != "NOERROR" or not addresses:
        error = "the server answered %s%s" % (status.group(1), "" if addresses else " with no address")
    else:
        error = None
    return Answer(addresses, answered_by.group(1) if answered_by else None, error)
