"""The seed's whole path on this machine: `python -m seed_lab` (tests/e2e on PYTHONPATH), as scripts/demo runs it.

  demo [--until STEP] [--keep] [--connection ssh|podman] [--routing-mode MODE] [--transit-router]
        the whole path (seed_lab.scenario: up check site client again failover teardown); everything is removed
        at the end, also when a step fails, unless --keep; --until STEP stops after that step and keeps the lab;
        --transit-router then runs site.yml with vpc_access_attach_to=transit_router on the same lab
        (seed_lab.transit_router: tr-site tr-client tr-teardown)
  down  removes what a kept (or cut-off) run left, from its record in the work directory

--prefix names the lab's namespaces and container (eds-demo-: eds-demo-dcgw, eds-demo-client, ...); --workdir
holds its configuration, logs and the record (default /tmp/<prefix>lab, removed after a run that passed).
"""

import argparse
import os
import shutil
import signal
import sys
import traceback

from netns import list_namespaces, run

from seed_lab.checks import LabCheckFailed
from seed_lab.plan import DEFAULT_ROUTING_MODE, EDS_NAME, ROUTING_MODES
from seed_lab.scenario import STEPS, WholePath
from seed_lab.transit_router import TRANSIT_ROUTER_STEPS
from seed_lab.state import STATE_FILE, LabState, down

DEFAULT_PREFIX = "eds-demo-"


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m seed_lab", description=__doc__.split("\n", maxsplit=1)[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n", 1)[1])
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="name prefix of the lab's namespaces and container")
    parser.add_argument("--workdir", help="the lab's files (default /tmp/<prefix>lab)")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the whole path")
    demo.add_argument("--until", choices=STEPS + TRANSIT_ROUTER_STEPS, help="stop after this step and keep the lab")
    demo.add_argument("--keep", action="store_true", help="keep the lab at the end (also after a failure)")
    demo.add_argument("--connection", choices=("ssh", "podman"), default="ssh",
                      help="how ansible reaches the DNS/DHCP container (docs/testing.md compares them)")
    demo.add_argument("--routing-mode", choices=sorted(ROUTING_MODES), default=DEFAULT_ROUTING_MODE,
                      help="the connection's routing mode")
    demo.add_argument("--transit-router", action="store_true",
                      help="after teardown, the path again with vpc_access_attach_to=transit_router on the same lab "
                           "(protected_flows: the attachment site.yml makes routes by protected data flows)")
    commands.add_parser("down", help="remove a kept lab")
    args = parser.parse_args(argv)
    if args.command == "demo":
        if args.transit_router and args.routing_mode != "protected_flows":
            parser.error("--transit-router goes with --routing-mode protected_flows")
        if args.until in TRANSIT_ROUTER_STEPS and not args.transit_router:
            parser.error("--until %s needs --transit-router" % args.until)
    args.default_workdir = args.workdir is None
    args.workdir = os.path.abspath(args.workdir or "/tmp/%slab" % args.prefix)
    return args


def refuse_leftovers(args):
    """An error message when something of an earlier lab with these names is still there, else None."""
    if os.path.exists(os.path.join(args.workdir, STATE_FILE)):
        return "a lab is kept in %s (or its run was cut off): remove it first (scripts/demo --cleanup)" % args.workdir
    left = list_namespaces(args.prefix)
    container = args.prefix + "dcsrv"
    if run("podman", "container", "exists", container, check=False).returncode == 0:
        left.append("container " + container)
    if left:
        return "%s exist without a record of the lab that made them: remove them by hand" % ", ".join(left)
    return None


def demo(args):
    problem = refuse_leftovers(args)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if args.default_workdir:
        shutil.rmtree(args.workdir, ignore_errors=True)   # logs of an earlier run that failed
    os.makedirs(args.workdir, mode=0o700, exist_ok=True)
    state = LabState.create(args.workdir, args.prefix, remove_workdir=args.default_workdir)
    whole_path = WholePath(state, connection=args.connection, routing_mode=args.routing_mode, transit_router=args.transit_router)
    passed = False
    try:
        whole_path.run(until=args.until)
        passed = True
    except LabCheckFailed as exc:
        print("\nFAILED: %s" % exc, file=sys.stderr)
    except KeyboardInterrupt as exc:
        print("\nINTERRUPTED (%s)" % (exc or "Ctrl-C"), file=sys.stderr)
    except Exception:  # pylint: disable=broad-except  # reported, then the lab is removed all the same
        traceback.print_exc()
        print("\nFAILED: the lab broke (above)", file=sys.stderr)
    finally:
        if args.keep or (passed and args.until):
            print("\n" + whole_path.look_around() + "\nremove it: scripts/demo --cleanup (python -m seed_lab%s down)"
                  % ("" if args.default_workdir and args.prefix == DEFAULT_PREFIX else " --prefix %s --workdir %s" % (args.prefix, args.workdir)))
        else:
            if not passed:
                # the logs of a failed run stay for reading
                state.set(remove_workdir=False)
                print("logs: %s" % args.workdir, file=sys.stderr)
            down(state)
    if passed and not args.until:
        transit_router = "; the same through the CEN transit router, without a VPN gateway" if args.transit_router else ""
        print("\nPassed: the client resolved %s through the on-prem resolver and the IPsec tunnel; a second run changed "
              "nothing; the slave tunnel took over; teardown undid it all%s" % (EDS_NAME, transit_router))
    return 0 if passed else 1


def remove(args):
    if not os.path.exists(os.path.join(args.workdir, STATE_FILE)):
        print("nothing kept in %s" % args.workdir)
        return 0
    state = LabState.load(args.workdir)
    down(state)
    print("removed the lab %s*" % state["prefix"])
    return 0


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if os.geteuid() != 0:
        print("the lab needs root (network namespaces, podman)", file=sys.stderr)
        return 1

    # a SIGTERM (a timeout, a CI job cancelled) removes the lab like Ctrl-C does
    def terminate(signum, frame):  # pylint: disable=unused-argument
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGTERM, terminate)
    return demo(args) if args.command == "demo" else remove(args)
