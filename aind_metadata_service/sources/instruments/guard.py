"""Who may write instruments: one bearer token from the settings, compared in constant time."""

from __future__ import annotations

import hmac

from pydantic import SecretStr

from aind_metadata_service.sources.base import SourceError


class WriteRefused(SourceError):
    """A write this deployment does not allow; the status says why (401, 403 or 503)."""

    source = "Instrument writes"


def require_writer(authorization: str | None, token: SecretStr | None) -> None:
    """Let the request write, or refuse it.

    :raises WriteRefused: 503 when no token is configured (writes are never open), 401 without a bearer
        token, 403 with a wrong one.
    """
    if token is None:
        raise WriteRefused("Instrument writes are not configured", 503)
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise WriteRefused("Writing instruments needs an 'Authorization: Bearer <token>' header", 401)
    if not hmac.compare_digest(given.strip().encode(), token.get_secret_value().encode()):
        raise WriteRefused("This token may not write instruments", 403)
