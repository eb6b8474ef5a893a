"""The `aind-metadata-service` command: `serve` runs the app factory under gunicorn."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from aind_metadata_service.settings import ConfigError


def _parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="aind-metadata-service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the service under gunicorn")
    serve.add_argument("--demo", action="store_true", help="serve the embedded demo sources; no credentials needed")
    serve.add_argument("--demo-data", metavar="DIR", help="a directory of demo source files (implies --demo)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    serve.add_argument("--workers", type=int, help="gunicorn worker processes (default from serving.py)")
    return parser


def serve(args: argparse.Namespace) -> None:
    """Build the app once, before gunicorn forks (bad settings fail here, in one line), and serve it."""
    from gunicorn.app.base import BaseApplication

    from aind_metadata_service.serving import SETTINGS, metrics_dir

    metrics_dir()  # before the app imports prometheus_client, so every worker writes where /metrics reads
    from aind_metadata_service.app import create_app

    if args.demo or args.demo_data:
        os.environ["AIND_DEMO"] = "1"
    if args.demo_data:
        os.environ["AIND_DEMO_DATA"] = os.path.abspath(args.demo_data)
    app = create_app()  # raises ConfigError with one line before gunicorn forks
    options: dict[str, Any] = {**SETTINGS, "bind": f"{args.host}:{args.port}"}
    if args.workers:
        options["workers"] = args.workers

    class Service(BaseApplication):
        """Gunicorn serving the app built in the master (preloaded: workers share its imports and cache)."""

        def load_config(self) -> None:
            """Our gunicorn settings, with the command line's bind and workers."""
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            """The app built above."""
            return app

    Service().run()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        serve(args)
    except ConfigError as e:
        sys.exit(f"aind-metadata-service: cannot start: {e}")
