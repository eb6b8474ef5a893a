"""Requests/s of data routes on the demo against a bare Flask endpoint returning the same bytes.

Both run under the project's gunicorn settings in the same run. Each route is measured with the answer
cache on (the default) and off (every request reads its sources' data, cached or not, maps and validates).
"""

from __future__ import annotations

import argparse
import tempfile

from common import fetch, gunicorn, load

PATHS = ["/subject/775745", "/funding/Thalamus%20in%20the%20middle"]


def service_rates(path: str, seconds: float, workers: int) -> tuple[bytes, dict[str, float]]:
    """The route's bytes, and its requests/s with and without the answer cache."""
    rates, body = {}, b""
    for label, ttl in (("answer cache on", "30"), ("answer cache off", "0")):
        env = {"AIND_DEMO": "1", "AIND_ANSWER_CACHE_TTL_S": ttl}
        with gunicorn("aind_metadata_service.app:create_app()", env, workers) as base:
            status, body = fetch(base + path)
            assert status == 200, (path, status)
            load(base + path, 1)  # warm every worker: connections, tokens, sheets
            rates[label] = load(base + path, seconds)
    return body, rates


def bare_rate(body: bytes, path: str, seconds: float, workers: int) -> float:
    """Requests/s of a bare Flask endpoint returning the same bytes."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        f.write(body)
        f.flush()
        with gunicorn("bare_app:create_bare()", {"BENCH_BODY_FILE": f.name, "PYTHONPATH": "bench"}, workers) as b:
            load(b + path, 1)
            return load(b + path, seconds)


def main() -> None:
    """Print each route's rates and their ratio to the bare endpoint."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("paths", nargs="*", default=PATHS)
    args = parser.parse_args()
    for path in args.paths:
        body, rates = service_rates(path, args.seconds, args.workers)
        bare = bare_rate(body, path, args.seconds, args.workers)
        print(f"{path}\n  bare Flask, same {len(body)} bytes: {bare:8.0f} req/s")
        for label, rate in rates.items():
            print(f"  {label:27s}: {rate:8.0f} req/s  ratio {rate / bare:.2f}")


if __name__ == "__main__":
    main()
