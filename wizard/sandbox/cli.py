"""`acubiz-export sandbox`: run the local e-conomic stand-in until Ctrl+C.

Only argparse is imported at module level: the main CLI builds every sub-command's parser on
start, and `--help` must stay instant. The server is imported when the command runs.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8765,
                        help="TCP port (default 8765; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="keep state in DIR (survives restarts); default: in memory")
    parser.add_argument("--latency-ms", type=float, default=0, metavar="N",
                        help="milliseconds added to every API request")
    parser.add_argument("--fail-rate", type=float, default=0.0, metavar="F",
                        help="share of API requests answered 500/502/503 (0-1)")
    parser.add_argument("--drop-rate", type=float, default=0.0, metavar="F",
                        help="share of API requests processed and then cut off unanswered (0-1)")
    parser.add_argument("--rate-limit", type=float, default=None, metavar="N",
                        help="requests per second per grant before 429 Too Many Requests")
    parser.add_argument("--idempotency-ttl", type=float, default=3600.0, metavar="S",
                        help="seconds an Idempotency-Key is remembered (default 3600)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for random faults, to make them reproducible")
    parser.add_argument("--quiet", action="store_true", help="do not print each request")


def run(args: argparse.Namespace) -> int:
    import signal
    import sys

    from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
    from wizard.sandbox.server import SandboxServer, is_loopback_host

    if not is_loopback_host(args.host):
        print(f"Refusing to listen on {args.host}: the sandbox is for this machine only "
              "(use 127.0.0.1, ::1 or localhost).", file=sys.stderr)
        return 2
    try:
        server = SandboxServer(
            port=args.port, host=args.host, data_dir=args.data, latency_ms=args.latency_ms,
            fail_rate=args.fail_rate, drop_rate=args.drop_rate, rate_limit=args.rate_limit,
            idempotency_ttl=args.idempotency_ttl, seed=args.seed, quiet=args.quiet,
        ).start()  # fmt: skip
    except (OSError, ValueError) as exc:
        print(f"Cannot start the sandbox: {exc}", file=sys.stderr)
        return 1

    def on_terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM (a service manager, a test) stops cleanly like Ctrl+C; SIGINT is set explicitly
    # because a shell starting us in the background may have told us to ignore it.
    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGINT, on_terminate)
    print("e-conomic sandbox (demo company, agreement 1234567)", flush=True)
    print(f"  API base URL:      {server.base_url}")
    print(f"  Add-app page:      {server.add_app_url}")
    print(f"  App secret token:  {APP_SECRET_TOKEN}   (header X-AppSecretToken)")
    print(f"  Demo grant token:  {GRANT_TOKEN}   (header X-AgreementGrantToken)")
    print(f"  Admin:             {server.admin_url}")
    print(f"  Data:              {args.data or 'in memory (lost on exit)'}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("Sandbox stopped.", flush=True)
    return 0
