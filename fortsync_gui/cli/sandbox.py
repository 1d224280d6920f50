"""``fortsync sandbox``: the local Fortnox and Upsales simulators, until stopped."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from fortsync_gui.messages import counted_kind


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sandbox", help="run the local Fortnox and Upsales simulators until stopped")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free port)")
    p.add_argument("--seed", default="demo", help="demo (default) or large:N")
    p.add_argument("--json", action="store_true", help="print only the JSON line on stdout")
    p.add_argument("--time-scale", type=float, default=1.0, help="rate-limit windows × this factor (tests)")
    p.add_argument("--tenants", type=int, default=1, metavar="M",
                   help="serve M companies, each on its own port with its own Fortnox tenant id and Upsales key "
                        "(one Fortnox app for all, as a bureau has); the JSON line lists them under \"tenants\"")
    p.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from fortsync_gui.sandbox import Tenants  # the sandbox is only loaded by the commands that serve it

    try:
        tenants = Tenants(args.tenants, seed=args.seed, time_scale=args.time_scale, port=args.port)
        sandbox = tenants.sandboxes[0]
    except ValueError as exc:
        print(f"fortsync sandbox: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"fortsync sandbox: kan inte lyssna på port {args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    info = sandbox.info.to_json()
    if args.tenants > 1:
        info["tenants"] = [s.info.to_json() for s in tenants]
    # The first stdout line is the JSON object (with --json nothing else goes to stdout).
    print(json.dumps(info, ensure_ascii=False), flush=True)
    if not args.json:
        print(_describe(sandbox), file=sys.stderr, flush=True)
        if args.tenants > 1:
            print(f"... och {args.tenants - 1} företag till, på egna portar (se \"tenants\" i JSON-raden).",
                  file=sys.stderr, flush=True)

    stop = threading.Event()

    def _stop(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    tenants.start()
    stop.wait()
    tenants.stop()
    return 0


def _describe(sandbox: object) -> str:
    from fortsync_gui.sandbox import Sandbox

    assert isinstance(sandbox, Sandbox)
    seed = sandbox.seed
    fx, up = seed.fortnox, seed.upsales
    info = sandbox.info
    return "\n".join([
        f"Fortsync-sandlåda ({seed.name}) på {sandbox.url}",
        f"  Fortnox API:   {info.fortnox_url}/3/   (OAuth: {info.fortnox_auth_url}/oauth-v1/)",
        f"  Upsales API:   {info.upsales_url}",
        f"  Fortnox:  {len(fx.customers)} kunder, {len(fx.articles)} artiklar, {len(fx.price_lists)} prislistor, "
        f"{counted_kind('invoice', len(fx.invoices))}, {counted_kind('order', len(fx.orders))}, "
        f"{counted_kind('offer', len(fx.offers))}",
        f"  Upsales:  {len(up.users)} användare, {len(up.stages)} faser, {len(up.accounts)} företag, "
        f"{counted_kind('order', len(up.orders))}/affärsmöjligheter",
        f"  API-kod (giltig 10 min): {info.fortnox_api_kod}   (ny kod: POST {sandbox.url}/_sandbox/fortnox/api-kod)",
        "Stoppa med Ctrl+C.",
    ])
