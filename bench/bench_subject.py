"""Requests/s of GET /subject/775745 on the demo against a bare Flask endpoint returning the same bytes."""

from __future__ import annotations

import argparse
import tempfile

from common import fetch, gunicorn, load


def main() -> None:
    """Serve both under the same gunicorn settings, load each, print both rates and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rates = {}
    for label, ttl in (("cached answers (default)", "30"), ("no answer cache", "0")):
        env = {"AIND_DEMO": "1", "AIND_ANSWER_CACHE_TTL_S": ttl}
        with gunicorn("aind_metadata_service.app:create_app()", env, args.workers) as base:
            status, body = fetch(base + "/subject/775745")
            assert status == 200, status
            load(base + "/subject/775745", 1)  # warm every worker
            rates[label] = load(base + "/subject/775745", args.seconds)
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        f.write(body)
        f.flush()
        with gunicorn("bare_app:create_bare()", {"BENCH_BODY_FILE": f.name, "PYTHONPATH": "bench"}, args.workers) as b:
            load(b + "/subject/775745", 1)
            bare = load(b + "/subject/775745", args.seconds)
    print(f"bare Flask, same bytes:                     {bare:8.0f} req/s")
    for label, rate in rates.items():
        print(f"/subject/775745, {label:26s}: {rate:8.0f} req/s  ratio {rate / bare:.2f} (aim >= 0.4)")


if __name__ == "__main__":
    main()
