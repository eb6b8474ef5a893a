"""Requests/s of data routes on the demo against a bare Flask endpoint returning the same bytes.

All three servers run at once under the project's gunicorn settings: the service with the answer cache on
(the default), the service with it off (every request reads its sources' data, cached or not, then maps and
validates), and a bare Flask app. Loads are interleaved over several rounds and medians reported, so that the
machine's drift affects all three alike.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from contextlib import ExitStack
from urllib.parse import unquote

from common import fetch, gunicorn, load

PATHS = ["/subject/775745", "/funding/Thalamus%20in%20the%20middle"]
SERVICE = "aind_metadata_service.app:create_app()"


def measure(path: str, seconds: float, rounds: int, workers: int) -> dict[str, float]:
    """Median requests/s of each server for one route."""
    with ExitStack() as stack:
        on = stack.enter_context(gunicorn(SERVICE, {"AIND_DEMO": "1", "AIND_ANSWER_CACHE_TTL_S": "30"}, workers))
        off = stack.enter_context(gunicorn(SERVICE, {"AIND_DEMO": "1", "AIND_ANSWER_CACHE_TTL_S": "0"}, workers))
        status, body = fetch(on + path)
        assert status == 200, (path, status)
        body_file = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".json"))
        body_file.write(body)
        body_file.flush()
        bare = stack.enter_context(
            gunicorn("bare_app:create_bare()", {"BENCH_BODY_FILE": body_file.name, "PYTHONPATH": "bench"}, workers)
        )
        servers = {"bare Flask, same bytes": bare, "answer cache on": on, "answer cache off": off}
        for base in servers.values():
            load(base + path, 1)  # warm every worker: connections, tokens, sheets
        rates: dict[str, list[float]] = {name: [] for name in servers}
        for _ in range(rounds):
            for name, base in servers.items():
                rates[name].append(load(base + path, seconds))
    return {name: statistics.median(values) for name, values in rates.items()}


def main() -> None:
    """Print each route's rates and their ratio to the bare endpoint."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("paths", nargs="*", default=PATHS)
    args = parser.parse_args()
    for path in args.paths:
        rates = measure(path, args.seconds, args.rounds, args.workers)
        bare = rates["bare Flask, same bytes"]
        print(unquote(path))
        for name, rate in rates.items():
            print(f"  {name:24s}: {rate:8.0f} req/s  ratio {rate / bare:.2f}")


if __name__ == "__main__":
    main()
