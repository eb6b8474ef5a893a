"""What a worker does once it is forked and before it serves: sign in to the sources that need a token."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from aind_metadata_service.sources.base import EXTENSION, SourceError

log = logging.getLogger(__name__)
WARM_S = 10.0  # a worker waits no longer than this for its tokens; a source still signing in finishes later


def warm(app: Any, within_s: float = WARM_S) -> dict[str, str]:
    """Each configured client's `warm()` (its tokens), concurrently; what happened to each, by source name.

    Runs in the worker, never in the preloaded master: tokens and connections made here stay in this process.
    A failure is logged and left for the first request to report.
    """
    services = getattr(app, "extensions", {}).get(EXTENSION)
    if services is None:
        return {}
    calls = {name: c.warm for name, c in services.clients.items() if c is not None and hasattr(c, "warm")}
    if not calls:
        return {}
    pool = ThreadPoolExecutor(len(calls), thread_name_prefix="warm")
    futures = {name: pool.submit(call) for name, call in calls.items()}
    wait(futures.values(), timeout=within_s)
    pool.shutdown(wait=False)
    found: dict[str, str] = {}
    for name, future in futures.items():
        if not future.done():
            found[name] = "still signing in"
        elif isinstance(future.exception(), SourceError):
            found[name] = future.exception().message  # type: ignore[union-attr]
            log.warning("%s could not sign in at start-up: %s", name, found[name])
        elif future.exception() is not None:
            found[name] = "failed"
            log.error("%s could not sign in at start-up", name, exc_info=future.exception())
        else:
            found[name] = "ok"
    return found
