"""/procedures latency on the demo as a ratio to one source call, and CPU per Procedures mapped and validated.

Latency: AIND_DEMO_LATENCY_MS (300 by default) is added to every source call. "First" is a worker's first request
once it has booted (its tokens fetched by gunicorn's post_worker_init hook, its caches empty). "Cold" is a running
service asked about a subject for the first time: no cached answer, sheet, prep lot or allele, but connections and
tokens warm, as in steady state. "Warm" asks again with only the answer cache off. The original service
called its sources one after another: about 7 times one call before TARS and protocols, more than 10 with them.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from aind_data_schema.core.procedures import Procedures

from aind_metadata_service.app import create_app
from aind_metadata_service.boot import warm as boot
from aind_metadata_service.compose import procedures as compose_procedures
from aind_metadata_service.extension import services

SUBJECTS = ["775745", "632269", "545378", "689418"]


def first(subject_id: str, latency_ms: int) -> float:
    """Seconds of a booted worker's first /procedures: tokens fetched at boot (post_worker_init), nothing else."""
    app = create_app({"DEMO": True, "DEMO_LATENCY_MS": latency_ms, "ANSWER_CACHE_TTL_S": 0})
    boot(app)
    started = time.perf_counter()
    response = app.test_client().get(f"/procedures/{subject_id}")
    assert response.status_code in (200, 406), response.json["message"]
    return time.perf_counter() - started


def latency(subject_id: str, latency_ms: int, samples: int, workers: int = 32) -> tuple[list[float], list[float]]:
    """Cold and warm seconds per /procedures request, each sample on a fresh app."""
    cold, warm = [], []
    for _ in range(samples):
        config = {"DEMO": True, "DEMO_LATENCY_MS": latency_ms, "ANSWER_CACHE_TTL_S": 0, "FANOUT_WORKERS": workers}
        app = create_app(config)
        client = app.test_client()
        client.get("/healthz")  # connections and tokens, as a running service has them
        with app.app_context():
            services().cache.clear()
        for series in (cold, warm):
            started = time.perf_counter()
            response = client.get(f"/procedures/{subject_id}")
            series.append(time.perf_counter() - started)
            assert response.status_code in (200, 406), response.json["message"]
    return cold, warm


def cpu_per_procedures(subject_id: str, rounds: int) -> tuple[float, float]:
    """CPU milliseconds to merge and map one Procedures, and to validate and serialise it."""
    app = create_app({"DEMO": True, "ANSWER_CACHE_TTL_S": 0})
    with app.test_request_context():
        compose_procedures(subject_id)  # warm the source caches: what follows is CPU, not I/O
        started = time.process_time()
        for _ in range(rounds):
            record = compose_procedures(subject_id).records[0]
        composing = (time.process_time() - started) / rounds
        started = time.process_time()
        for _ in range(rounds):
            Procedures.model_validate(record).model_dump(mode="json")
        validating = (time.process_time() - started) / rounds
    return composing * 1000, validating * 1000


def main() -> None:
    """Print the ratios and CPU figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    one = args.latency_ms / 1000
    print(f"one source call = {args.latency_ms} ms")
    for subject_id in SUBJECTS:
        cold, warm = (statistics.median(s) for s in latency(subject_id, args.latency_ms, args.samples))
        print(
            f"/procedures/{subject_id}: cold {cold * 1000:6.0f} ms = {cold / one:.2f} calls;"
            f" warm {warm * 1000:6.0f} ms = {warm / one:.2f} calls"
        )
    print(f"a booted worker's first /procedures/775745: {first('775745', args.latency_ms) / one:.2f} calls")
    cold, warm = (statistics.median(s) for s in latency("775745", args.latency_ms, 1, workers=1))
    print(f"before (one source call at a time, as the original): cold {cold / one:.2f}, warm {warm / one:.2f} calls")
    composing, validating = cpu_per_procedures("775745", 50)
    print(f"CPU per Procedures (775745): gather+map+merge {composing:.1f} ms (demo I/O parsing included), "
          f"validate+serialise {validating:.1f} ms")


if __name__ == "__main__":
    main()
