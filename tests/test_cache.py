"""The cache: per-key TTLs, one load per key at a time, and sharing through a real Redis when configured."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from aind_metadata_service.cache import MISS, REDIS_TIMEOUT_S, STRIPES, Cache


def test_a_value_expires_after_its_own_ttl() -> None:
    cache = Cache()
    cache.set("short", 1, ttl_s=0.05)
    cache.set("long", 2, ttl_s=60)
    time.sleep(0.1)
    assert (cache.get("short"), cache.get("long")) == (MISS, 2)


def test_concurrent_misses_for_one_key_load_it_once() -> None:
    cache, loads, start = Cache(), [], threading.Barrier(8)

    def load() -> str:
        loads.append(1)
        time.sleep(0.05)
        return "sheet"

    def ask() -> None:
        start.wait()
        assert cache.get_or_load("sheet:1", 60, load) == "sheet"

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1


def test_a_failed_load_is_not_cached() -> None:
    cache = Cache()

    def fail() -> None:
        raise RuntimeError("source down")

    with pytest.raises(RuntimeError):
        cache.get_or_load("k", 60, fail)
    assert cache.get_or_load("k", 60, lambda: "back") == "back"


def test_two_processes_share_values_through_redis(redis_url: str) -> None:
    key = f"test:{uuid.uuid4()}"
    worker_a, worker_b = Cache(redis_url), Cache(redis_url)
    worker_a.set(key, {"rows": [1, 2]}, ttl_s=30)
    assert worker_b.get(key) == {"rows": [1, 2]}


def test_values_in_redis_expire_too(redis_url: str) -> None:
    key = f"test:{uuid.uuid4()}"
    Cache(redis_url).set(key, "x", ttl_s=0.05)
    time.sleep(0.15)
    assert Cache(redis_url).get(key) is MISS


def test_redis_down_degrades_to_the_local_cache_and_never_fails_a_request() -> None:
    cache = Cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    cache.set("k", "v", ttl_s=30)
    assert cache.get("k") == "v"
    assert Cache("redis://127.0.0.1:1/0").get("k") is MISS


def test_a_stored_not_found_is_a_hit_not_a_miss() -> None:
    cache, loads = Cache(), []
    for _ in range(3):
        assert cache.get_or_load("mgi:nope", 60, lambda: loads.append(1)) is None
    assert len(loads) == 1 and cache.get("mgi:nope") is None and cache.get("mgi:other") is MISS


def test_single_flight_keeps_a_fixed_number_of_locks_however_many_keys() -> None:
    cache = Cache()
    for n in range(2000):
        cache.get_or_load(f"allele:{n}", 60, lambda: "x")
    assert len(cache._stripes) == STRIPES


def test_forked_workers_share_one_embedded_cache_without_redis() -> None:
    cache = Cache()
    cache.get("warm")  # the parent opens its handle before forking, as a preloaded gunicorn master does
    pid = os.fork()
    if pid == 0:  # the child: a worker answering first
        cache.set("answer", {"status": 200}, ttl_s=30)
        os._exit(0)
    os.waitpid(pid, 0)
    assert cache.get("answer") == {"status": 200}


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A server that accepts connections and never answers, like a wedged Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def test_a_silent_redis_is_asked_once_with_a_short_timeout_then_bypassed(silent_redis: str) -> None:
    cache = Cache(silent_redis)
    asked: list[str] = []
    real = cache._redis_call
    cache._redis_call = lambda call: asked.append("redis") or real(call)  # type: ignore[method-assign]
    cache.set("k", "v", ttl_s=30)
    for _ in range(20):
        assert cache.get("k") == "v"  # from this host's cache
    assert asked == ["redis"]  # one wait of REDIS_TIMEOUT_S, then Redis is paused
    assert cache._redis.connection_pool.connection_kwargs["socket_timeout"] == REDIS_TIMEOUT_S == 0.05
