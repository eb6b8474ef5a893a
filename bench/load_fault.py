"""Load and faults: N requests at concurrency C against a demo gunicorn on loopback, chosen sources down or slow.

    python bench/load_fault.py --requests 600 --concurrency 24 --latency-ms 600 --deadline-s 1 --routes procedures
    python bench/load_fault.py --requests 10000 --concurrency 50 --fail sharepoint

Starts gunicorn with the project's gunicorn.conf.py on 127.0.0.1 (the demo, AIND_DEMO_FAIL and AIND_DEMO_LATENCY_MS
set from the options), sends the requests from C keep-alive connections, and prints the statuses, p50/p99, each
worker's RSS before and after, and the source calls per second the demo served (counted in each worker by a
wrapper around the demo's transport, written when the worker exits). Source caches (sheets, prep lots, alleles)
are warmed first by one pass without latency, as in steady state (--cold skips it). `--root` serves another
checkout (e.g. main before a change) with the same script. Bounded: at most 100,000 requests and --max-seconds.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, free_port  # noqa: E402

SUBJECTS = ("775745", "632269", "545378", "689418")
ROUTES = {
    "procedures": ("/procedures/{}",),
    "mix": ("/procedures/{}", "/api/v2/procedures/{}", "/subject/{}", "/api/v2/subject/{}"),
}
TITLES = {"sharepoint": "SharePoint", "labtracks": "LabTracks", "slims": "SLIMS", "tars": "TARS", "mgi": "MGI"}
OK = {200, 300, 404, 406}

# Appended to the project's gunicorn settings: count the demo's source calls in each worker, write them at exit.
COUNTER = """
import json as _json, os as _os, threading as _threading
from collections import Counter as _Counter

_counts, _lock = _Counter(), _threading.Lock()
_previous_post_fork = globals().get("post_fork")


def post_fork(server, worker):
    try:
        from aind_metadata_service.demo.transport import Demo
    except ImportError:  # a checkout from before the re-house (--root) kept the demo's switches here
        from aind_metadata_service.sources import Demo

    original = Demo.call

    def counted(self, source, *args, **kwargs):
        with _lock:
            _counts[source] += 1
        return original(self, source, *args, **kwargs)

    Demo.call = counted
    if _previous_post_fork:
        _previous_post_fork(server, worker)


def worker_exit(server, worker):
    with open(_os.path.join({out!r}, f"calls-{{_os.getpid()}}.json"), "w") as f:
        _json.dump(dict(_counts), f)
"""


def _rss_kib(pid: int) -> int:
    """A process's resident set, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _workers(master: int) -> list[int]:
    """The gunicorn master's worker pids."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(c) for c in children)


def _cpu_s(pid: int) -> float:
    """User+system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _prewarm(args: argparse.Namespace, out: str, paths: list[str]) -> None:
    """Source caches warm, as in steady state: each distinct path asked once of a server without latency or
    deadline, sharing the measured server's cache directory (answers are not kept: their cache is off)."""
    quiet = argparse.Namespace(**{**vars(args), "latency_ms": 0, "deadline_s": 0, "no_answer_cache": True})
    process, base, _ = _serve(quiet, out)
    try:
        _load(base, sorted(set(paths)), 4, 120)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    for found in Path(out).glob("calls-*.json"):
        found.unlink()


def _serve(args: argparse.Namespace, out: str) -> tuple[subprocess.Popen[bytes], str, float]:
    """gunicorn on a free loopback port with the counting config; the base URL and seconds to the first answer."""
    root = Path(args.root).resolve()
    config = Path(out) / "gunicorn_counting.py"
    config.write_text((root / "gunicorn.conf.py").read_text() + COUNTER.format(out=out))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "AIND_DEMO": "1",
        "AIND_DEMO_LATENCY_MS": str(args.latency_ms),
        "AIND_DEMO_FAIL": args.fail,
        "AIND_CACHE_DIR": str(Path(out) / "cache"),
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    if args.deadline_s:  # main before the change knew only the fan-out deadline; both names are set
        env["AIND_REQUEST_DEADLINE_S"] = env["AIND_SOURCE_DEADLINE_S"] = str(args.deadline_s)
    if args.no_answer_cache:
        env["AIND_ANSWER_CACHE_TTL_S"] = "0"
    command = [args.python, "-m", "gunicorn", "-c", str(config), "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", "/dev/null", "aind_metadata_service.app:create_app()"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=root, env=env)
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() - started < 60:
        try:
            urllib.request.urlopen(base + "/openapi.json", timeout=2).read()
            return process, base, time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def _load(base: str, paths: list[str], concurrency: int, max_seconds: float) -> list[tuple[int, float, bytes]]:
    """Each path requested once, from `concurrency` keep-alive connections: (status, seconds, body)."""
    host = base.split("//", 1)[1]
    queue = iter(paths)
    lock = threading.Lock()
    results: list[tuple[int, float, bytes]] = []
    stop = time.monotonic() + max_seconds

    def worker() -> None:
        connection = HTTPConnection(host, timeout=120)
        while time.monotonic() < stop:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                status, body = response.status, response.read()
            except OSError:
                connection.close()
                connection = HTTPConnection(host, timeout=120)
                status, body = 0, b""
            with lock:
                results.append((status, time.perf_counter() - started, body))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _error(status: int, body: bytes, failing: list[str]) -> bool:
    """Whether the faults do not explain an answer: no answer, a 500, or a 207/503 naming no failing source."""
    if status in OK:
        return False
    if status in (207, 503) and failing:
        text = body.decode("utf-8", "replace").lower()
        return not any(name.lower() in text for name in failing)
    return True


def _percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    """Run the load, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--routes", choices=sorted(ROUTES), default="mix")
    parser.add_argument("--fail", default="", help="demo sources switched off, e.g. sharepoint,tars")
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every demo source call")
    parser.add_argument("--deadline-s", type=float, default=0, help="the request deadline (0: the default)")
    parser.add_argument("--no-answer-cache", action="store_true", help="ANSWER_CACHE_TTL_S=0: every answer computed")
    parser.add_argument("--cold", action="store_true", help="skip warming the source caches before the run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--root", default=str(ROOT), help="the checkout to serve (default: this one)")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    count = min(args.requests, 100_000)
    routes = ROUTES[args.routes]
    paths = [r.format(s) for r, s in itertools.islice(itertools.cycle(itertools.product(routes, SUBJECTS)), count)]
    failing = [TITLES.get(s.strip().lower(), s.strip()) for s in args.fail.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="load-fault-") as out:
        if not args.cold:
            _prewarm(args, out, paths)
        process, base, first_s = _serve(args, out)
        try:
            workers = _workers(process.pid)
            boot_cpu = sum(_cpu_s(p) for p in [process.pid, *workers])
            before = {pid: _rss_kib(pid) for pid in workers}
            started = time.monotonic()
            results = _load(base, paths, args.concurrency, args.max_seconds)
            elapsed = time.monotonic() - started
            after = {pid: _rss_kib(pid) for pid in _workers(process.pid)}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        calls: collections.Counter[str] = collections.Counter()
        for found in Path(out).glob("calls-*.json"):
            calls.update(json.loads(found.read_text()))
    statuses = collections.Counter(status for status, _, _ in results)
    errors = sum(_error(status, body, failing) for status, _, body in results)
    seconds = [s for _, s, _ in results]
    print(
        f"{args.root}: {len(results)} requests at concurrency {args.concurrency}, routes {args.routes}, "
        f"latency {args.latency_ms} ms, deadline {args.deadline_s or 'default'} s, down: {args.fail or 'none'}"
    )
    print(f"start-up: /openapi.json answered after {first_s:.2f} s, CPU {boot_cpu:.1f} s (master and "
          f"{len(workers)} workers)")
    print(
        f"{elapsed:.1f} s, {len(results) / elapsed:.0f} req/s; p50 {statistics.median(seconds) * 1000:.0f} ms, "
        f"p99 {_percentile(seconds, 99) * 1000:.0f} ms"
    )
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"errors the faults do not explain: {errors} ({100 * errors / max(1, len(results)):.2f}%)")
    print(
        "worker RSS MiB before -> after: "
        + ", ".join(f"{before[p] / 1024:.0f} -> {after.get(p, 0) / 1024:.0f}" for p in sorted(before))
    )
    surviving = {k: v for k, v in calls.items() if k.lower() not in {f.lower() for f in args.fail.split(",")}}
    total, alive = sum(calls.values()) / elapsed, sum(surviving.values()) / elapsed
    print(
        f"source calls/s: {total:.0f} (surviving sources {alive:.0f}): "
        + ", ".join(f"{k} {v / elapsed:.0f}" for k, v in sorted(calls.items()))
    )


if __name__ == "__main__":
    main()
