"""A TTL cache for slow-changing source data: in-process, or shared through Redis when REDIS_URL is set."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import TLRUCache

T = TypeVar("T")


class Cache:
    """Keyed values that expire; a key is loaded by one thread at a time, the others wait for it."""

    def __init__(self, redis_url: str | None = None, maxsize: int = 4096, prefix: str = "aind-ms:") -> None:
        self._local: TLRUCache[str, tuple[float, Any]] = TLRUCache(maxsize, ttu=lambda _k, v, _now: v[0])
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._prefix = prefix
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> Any | None:
        """The value if it has not expired, else None."""
        with self._lock:
            hit = self._local.get(key)
        if hit is not None:
            return hit[1]
        if self._redis is not None:
            raw = self._redis_call(lambda r: r.get(self._prefix + key))
            if raw is not None:
                return json.loads(raw)
        return None

    def set(self, key: str, value: Any, ttl_s: float) -> None:
        """Keep the value for ttl_s seconds (in Redis too, as JSON, when configured)."""
        with self._lock:
            self._local[key] = (time.monotonic() + ttl_s, value)
        if self._redis is not None:
            self._redis_call(lambda r: r.set(self._prefix + key, json.dumps(value), px=int(ttl_s * 1000)))

    def get_or_load(self, key: str, ttl_s: float, load: Callable[[], T]) -> T:
        """The cached value, or load it once (concurrent callers for the same key wait and share it)."""
        hit = self.get(key)
        if hit is not None:
            return hit
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            hit = self.get(key)
            if hit is not None:
                return hit
            value = load()
            self.set(key, value, ttl_s)
            return value

    def clear(self) -> None:
        """Forget every local value (tests, and after a configuration change)."""
        with self._lock:
            self._local.clear()

    def _redis_call(self, call: Callable[[Any], Any]) -> Any:
        """A Redis call that degrades to the local cache when Redis is down: a cache never fails a request."""
        import redis

        try:
            return call(self._redis)
        except redis.RedisError:
            return None
