"""What the factory builds once per app and views share: source clients, the fan-out, breakers, the cache, the demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from aind_metadata_service import breakers, deadline
from aind_metadata_service.breakers import Breakers
from aind_metadata_service.cache import Cache
from aind_metadata_service.fanout import Fanout
from aind_metadata_service.sources.base import EXTENSION

if TYPE_CHECKING:
    from aind_metadata_service.demo.transport import Demo


@dataclass
class Services:
    """The app's services; `Source.client()` reads `clients` by the source's name."""

    clients: dict[str, Any]
    titles: dict[str, str]
    fanout: Fanout
    cache: Cache
    demo: Demo | None = None
    breakers: Breakers = field(default_factory=Breakers)
    extras: dict[str, Any] = field(default_factory=dict)

    def init_app(self, app: Flask) -> None:
        """Attach to the app, flask-extension style, and give each request its deadline and the breakers."""
        app.extensions[EXTENSION] = self
        seconds = float(app.config.get("REQUEST_DEADLINE_S", 30.0))

        @app.before_request
        def _scope() -> None:
            deadline.start(seconds)
            breakers.activate(self.breakers)

        @app.teardown_request
        def _unscope(_: BaseException | None) -> None:
            deadline.clear()
            breakers.activate(None)


def services() -> Services:
    """This app's services."""
    found: Services = current_app.extensions[EXTENSION]
    return found
