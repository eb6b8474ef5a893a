"""/subjects/775745 on the demo: page weight (HTML with its inline SVG and CSS) and time to serve from a warm cache.

Warm: both answers the page is built from (/subject and /procedures) are in the answer cache, as after
anyone's first look within ANSWER_CACHE_TTL_S; what is timed is two in-process dispatches that replay
them, the view model, and the template. Targets: under 100 KB and under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from aind_metadata_service.app import create_app


def main() -> None:
    """Print the page's size and the median and 95th percentile time of warm requests."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subject", default="775745")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    app = create_app({"DEMO": True, "ANSWER_CACHE_TTL_S": 3600})
    client = app.test_client()
    path = f"/subjects/{args.subject}"
    first = client.get(path)  # cold: fills the answer cache
    assert first.status_code == 200, first.status_code
    timings = []
    for _ in range(args.samples):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.headers.get("Content-Type", "").startswith("text/html")
    size = len(first.get_data())
    timings.sort()
    print(f"{path}: {size / 1024:.1f} KB of HTML (SVG and CSS inline; target < 100 KB)")
    median, p95 = statistics.median(timings), timings[int(0.95 * len(timings)) - 1]
    print(f"warm cache: median {median:.1f} ms, p95 {p95:.1f} ms over {len(timings)} requests (target < 50 ms)")


if __name__ == "__main__":
    main()
