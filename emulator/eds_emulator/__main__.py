"""Command line: python -m eds_emulator [--host H] [--port P] [--scenario FILE] ... (see docs/emulator.md)."""

import argparse
import os
import signal
import sys

from eds_emulator import scenario
from eds_emulator.server import Emulator, EmulatorServer
from eds_emulator.state import SITES


def _key(text, with_token):
    parts = text.split(":", 2 if with_token else 1)
    if len(parts) != (3 if with_token else 2) or not all(parts):
        form = "ID:SECRET:TOKEN" if with_token else "ID:SECRET"
        raise argparse.ArgumentTypeError(f"expected {form}, got {text!r}")
    return (parts[0], parts[1], parts[2] if with_token else None)


def _rate(text):
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("a rate is a number between 0 and 1")
    return value


def _fault(text):
    """ACTION:key=value[,key=value...] -> (action, rule)."""
    action, sep, rest = text.partition(":")
    if not sep or not action or not rest:
        raise argparse.ArgumentTypeError(f"expected ACTION:KEY=VALUE[,KEY=VALUE], got {text!r}")
    rule = {}
    for item in rest.split(","):
        key, eq, value = item.partition("=")
        if not eq:
            raise argparse.ArgumentTypeError(f"expected KEY=VALUE in {text!r}")
        if key.strip() == "busy_code":
            rule["busy_code"] = value.strip()
            continue
        try:
            rule[key.strip()] = float(value) if "." in value else int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{key}: not a number in {text!r}") from None
    return action, rule


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m eds_emulator",
                                     description="Local emulator of the Alibaba Cloud VPC/CEN/ECD APIs.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free port (default)")
    parser.add_argument("--scenario", metavar="FILE", help="scenario YAML (default: the built-in sample plan)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids, generated keys and faults (default 0)")
    parser.add_argument("--time-scale", type=float, default=None, metavar="FACTOR",
                        help="multiply every provisioning/update delay (0 = instant, default 1 or the scenario's)")
    parser.add_argument("--site", choices=SITES, default=os.environ.get("EDS_EMULATOR_SITE") or None,
                        help="the account's site: CreateVpnGateway billing and bandwidth rules (default: "
                             "$EDS_EMULATOR_SITE, else the scenario's settings.site, else international)")
    parser.add_argument("--state", metavar="FILE", help="load state from FILE if it exists and save it after every write")
    parser.add_argument("--access-key", action="append", default=[], type=lambda t: _key(t, False), metavar="ID:SECRET",
                        help="accept this access key pair (repeatable, added to the scenario's)")
    parser.add_argument("--sts-key", action="append", default=[], type=lambda t: _key(t, True), metavar="ID:SECRET:TOKEN",
                        help="accept this STS key pair with its security token (repeatable)")
    faults = parser.add_argument_group("fault injection (every action; --fault for one action)")
    faults.add_argument("--throttle-rate", type=_rate, metavar="RATE", help="share of requests throttled (400 Throttling.User)")
    faults.add_argument("--error-rate", type=_rate, metavar="RATE", help="share of requests failing with a 5xx")
    faults.add_argument("--error-status", type=int, choices=(500, 503), help="status of injected 5xx (default 503)")
    faults.add_argument("--drop-rate", type=_rate, metavar="RATE", help="share of connections closed without a response")
    faults.add_argument("--drop-after-rate", type=_rate, metavar="RATE",
                        help="share of requests executed whose response is then lost")
    faults.add_argument("--busy-rate", type=_rate, metavar="RATE",
                        help="share of requests answered 400 VpnGateway.Configuring (gateway busy), or --busy-code")
    faults.add_argument("--busy-code", metavar="CODE", help="the busy code --busy-rate answers (docs/emulator.md)")
    faults.add_argument("--latency-ms", type=float, metavar="MS", help="extra latency for every request")
    faults.add_argument("--jitter-ms", type=float, metavar="MS", help="random extra latency up to MS")
    faults.add_argument("--retry-after-ms", type=int, metavar="MS", help="x-acs-retry-after of throttled answers (default 1000)")
    faults.add_argument("--fault", action="append", default=[], type=_fault, metavar="ACTION:KEY=VALUE[,...]",
                        help="per-action rule, e.g. CreateVpnGateway:throttle=1,times=2 (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="do not log one line per request")
    parser.add_argument("--log-file", metavar="FILE", help="append the request log to FILE instead of stderr")
    return parser


def fault_config(args):
    default = {}
    for flag, key in (("throttle_rate", "throttle"), ("error_rate", "error"), ("error_status", "error_status"),
                      ("drop_rate", "drop"), ("drop_after_rate", "drop_after"), ("latency_ms", "latency_ms"),
                      ("jitter_ms", "jitter_ms"), ("retry_after_ms", "retry_after_ms"), ("busy_rate", "busy"),
                      ("busy_code", "busy_code")):
        value = getattr(args, flag)
        if value is not None:
            default[key] = value
    actions = {}
    for action, rule in args.fault:
        actions.setdefault(action, {}).update(rule)
    return {"default": default, "actions": actions}


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        data = scenario.load(args.scenario)
    except (OSError, ValueError) as exc:
        print(f"eds_emulator: cannot load the scenario: {exc}", file=sys.stderr)
        return 2
    log = None if args.quiet else (open(args.log_file, "a", encoding="utf-8") if args.log_file else sys.stderr)  # noqa: SIM115
    try:
        emulator = Emulator(data, seed=args.seed, time_scale=args.time_scale, state_path=args.state,
                            extra_keys=args.access_key + args.sts_key, fault_config=fault_config(args), log=log,
                            site=args.site)
    except (OSError, ValueError) as exc:
        print(f"eds_emulator: {exc}", file=sys.stderr)
        return 2
    if not len(emulator.keyring):
        print("eds_emulator: no access key is accepted: add access_keys to the scenario or --access-key", file=sys.stderr)
        return 2
    server = EmulatorServer((args.host, args.port), emulator)

    def stop(signum, frame):  # pylint: disable=unused-argument
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    print(f"READY http://{host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()
        emulator.save()
        if args.log_file and log is not None:
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
