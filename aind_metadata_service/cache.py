"""The cache: diskcache on this host (shared by gunicorn's forked workers), or Redis across hosts when REDIS_URL is set.

diskcache keeps entries in SQLite files with expiry and a size bound, and several processes may read and write one
directory: a preloaded gunicorn master creates the directory, its workers share it, so 4 workers answer a question
once, not four times. Redis, when configured, is asked with 50 ms socket timeouts; a Redis that fails or stays
silent is bypassed for a while, so it costs a request at most one short wait.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import weakref
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import diskcache

T = TypeVar("T")
MISS: Any = object()  # what `get` returns for an absent key; a stored None is a value ("not found" is kept too)
REDIS_TIMEOUT_S = 0.05
REDIS_PAUSE_S = 10.0  # how long a failing Redis is left alone before it is asked again
SIZE_LIMIT = 256 * 2**20  # bytes on disk; the least recently stored entries go first
# What the cache may hold in a process's memory: SQLite's page cache (pages of 4 KiB) and its memory map.
SQLITE_MEMORY = {"sqlite_cache_size": 2**10, "sqlite_mmap_size": 2**24}  # 4 MiB and 16 MiB
STRIPES = 64  # single-flight locks, shared by keys: a fixed number, however many keys pass through


class Cache:
    """Keyed values that expire; a key is loaded by one thread of a process at a time, the others wait for it."""

    def __init__(self, redis_url: str | None = None, directory: Path | None = None, prefix: str = "aind-ms:") -> None:
        self._dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="aind-metadata-service-"))
        if directory is None:  # a directory of our own goes with us
            weakref.finalize(self, shutil.rmtree, self._dir, ignore_errors=True)
        self._disk_pid, self._disk_store = -1, None
        self._opening = threading.Lock()
        self._stripes = [threading.Lock() for _ in range(STRIPES)]
        self._prefix = prefix
        self._redis: Any = None
        self._redis_paused_until = 0.0
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(
                redis_url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S
            )

    def get(self, key: str) -> Any:
        """The value if it has not expired, else MISS."""
        if self._redis_usable():
            raw = self._redis_call(lambda r: r.get(self._prefix + key))
            if raw is not None:
                return _loads(raw)
            if self._redis_usable():
                return MISS
        return self._disk().get(key, default=MISS)

    def set(self, key: str, value: Any, ttl_s: float) -> None:
        """Keep the value for ttl_s seconds (in Redis when it is usable, else on this host)."""
        if self._redis_usable():
            self._redis_call(lambda r: r.set(self._prefix + key, _dumps(value), px=max(1, int(ttl_s * 1000))))
            if self._redis_usable():
                return
        self._disk().set(key, value, expire=ttl_s)

    def get_or_load(self, key: str, ttl_s: float, load: Callable[[], T]) -> T:
        """The cached value, or load it once (a process's concurrent callers for the key wait and share it)."""
        hit = self.get(key)
        if hit is not MISS:
            return hit
        with self._stripes[zlib.crc32(key.encode()) % STRIPES]:
            hit = self.get(key)
            if hit is not MISS:
                return hit
            value = load()
            self.set(key, value, ttl_s)
            return value

    def clear(self) -> None:
        """Forget every value on this host (tests, and after a configuration change)."""
        self._disk().clear()

    def _disk(self) -> diskcache.Cache:
        """This process's handle on the shared directory (SQLite connections must not cross a fork)."""
        if self._disk_pid != os.getpid():
            with self._opening:
                if self._disk_pid != os.getpid():
                    store = diskcache.Cache(str(self._dir), size_limit=SIZE_LIMIT, timeout=1, **SQLITE_MEMORY)
                    self._disk_store = store
                    self._disk_pid = os.getpid()
        return self._disk_store

    def _redis_usable(self) -> bool:
        """Whether Redis is configured and not paused after a failure."""
        return self._redis is not None and time.monotonic() >= self._redis_paused_until

    def _redis_call(self, call: Callable[[Any], Any]) -> Any:
        """A Redis call; a failure (or silence past the timeout) pauses Redis: a cache never fails a request."""
        import redis

        try:
            return call(self._redis)
        except redis.RedisError:
            self._redis_paused_until = time.monotonic() + REDIS_PAUSE_S
            return None


def _dumps(value: Any) -> bytes:
    """A value for Redis, as JSON (what every cached value is)."""
    import json

    return json.dumps(value, separators=(",", ":")).encode()


def _loads(raw: bytes) -> Any:
    """A value from Redis."""
    import json

    return json.loads(raw)
