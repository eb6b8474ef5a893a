"""Start-up and a worker's first answer, as the deployment command runs the service (gunicorn -c gunicorn.conf.py).

    python bench/startup.py                      # this checkout
    python bench/startup.py --root ../before --python ../before/.venv/bin/python

Start-up: seconds from launching gunicorn (4 workers, the demo) to the first 200 of /subject/775745, and the CPU
seconds master and workers have used once every worker has answered. First answer: a freshly booted one-worker
server's first /procedures/775745 with AIND_DEMO_LATENCY_MS on every source call, as a multiple of one call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, free_port  # noqa: E402


def _cpu_s(pid: int) -> float:
    """User+system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """A process's children (gunicorn's workers)."""
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _status(url: str) -> int:
    """The status of one GET; 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError:
        return 0


def _launch(args: argparse.Namespace, workers: int, latency_ms: int) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with the checkout's own gunicorn.conf.py on a free loopback port, serving the demo."""
    root = Path(args.root).resolve()
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "AIND_DEMO": "1",
        "AIND_DEMO_LATENCY_MS": str(latency_ms),
        "AIND_ANSWER_CACHE_TTL_S": "0",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [args.python, "-m", "gunicorn", "-c", str(root / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", "/dev/null", "--workers", str(workers), "aind_metadata_service.app:create_app()"]
    process = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}"


def start_up(args: argparse.Namespace) -> tuple[float, float]:
    """Seconds to the first answer, and CPU seconds of master and workers once each worker has answered."""
    started = time.monotonic()
    process, base = _launch(args, 4, 0)
    try:
        while _status(base + "/subject/775745") != 200:
            if time.monotonic() - started > 60:
                raise SystemExit("no answer within 60 s")
            time.sleep(0.02)
        first = time.monotonic() - started
        time.sleep(3)  # every worker booted; then each answers once (the answer cache is off)
        for _ in range(16):
            _status(base + "/subject/775745")
        cpu = sum(_cpu_s(p) for p in [process.pid, *_children(process.pid)])
        return first, cpu
    finally:
        process.terminate()
        process.wait(timeout=30)


def first_procedures(args: argparse.Namespace) -> float:
    """A booted one-worker server's first /procedures, in source calls."""
    process, base = _launch(args, 1, args.latency_ms)
    try:
        deadline = time.monotonic() + 60
        while _status(base + "/no-such-route") == 0:  # booted: tokens fetched, nothing asked of a source yet
            if time.monotonic() > deadline:
                raise SystemExit("no answer within 60 s")
            time.sleep(0.05)
        time.sleep(1)
        began = time.perf_counter()
        status = _status(base + "/procedures/775745")
        assert status in (200, 406), status
        return (time.perf_counter() - began) / (args.latency_ms / 1000)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """Print the medians of a few runs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=str(ROOT), help="the checkout to serve (default: this one)")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=300)
    args = parser.parse_args()
    runs = [start_up(args) for _ in range(args.runs)]
    firsts = [first_procedures(args) for _ in range(args.runs)]
    print(f"{args.root}: median of {args.runs} runs")
    print(f"start-up (4 workers): first answer {statistics.median(r[0] for r in runs):.2f} s, "
          f"CPU {statistics.median(r[1] for r in runs):.2f} s (master and workers)")
    print(f"a booted worker's first /procedures/775745 at {args.latency_ms} ms a call: "
          f"{statistics.median(firsts):.2f} calls")


if __name__ == "__main__":
    main()
