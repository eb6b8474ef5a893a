"""Azure AD client-credentials tokens (Microsoft Graph, TARS): one msal app per client, on our session."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import msal
import requests
from msal.exceptions import MsalServiceError

from aind_metadata_service import deadline
from aind_metadata_service.sources.base import SourceError, translated

log = logging.getLogger(__name__)

LOGIN = "https://login.microsoftonline.com"
REJECTED = {"invalid_client", "unauthorized_client"}  # Azure AD refusing our client id or secret


@dataclass
class _TimedHttp:
    """Our session for msal, with our timeout on each call (msal sets none on a session it is given): the
    source's own, or the time left in the request."""

    session: requests.Session
    timeout_s: float

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """A token request."""
        return self.session.post(url, **{"timeout": self._timeout(), **kwargs})

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        """A tenant discovery request."""
        return self.session.get(url, **{"timeout": self._timeout(), **kwargs})

    def _timeout(self) -> float:
        """The source's timeout, or the time the request has left."""
        return deadline.timeout(self.timeout_s) or deadline.MIN_TIMEOUT_S

    def close(self) -> None:
        """The session is ours, not msal's, to close."""


class AzureToken:
    """Tokens for one app registration; msal keeps each until it expires, then asks Azure AD again."""

    def __init__(
        self,
        error: type[SourceError],
        session: requests.Session,
        timeout_s: float,
        *,
        authority: str,
        client_id: str,
        secret: str,
        scope: str,
        scope_key: str,
    ) -> None:
        self._error, self._session, self._timeout_s = error, session, timeout_s
        self._authority, self._client_id, self._secret = authority, client_id, secret
        self._scope, self._scope_key = scope, scope_key
        self._lock = threading.Lock()
        self._app: msal.ConfidentialClientApplication | None = None

    @classmethod
    def client_credentials(
        cls, error: type[SourceError], session: requests.Session, timeout_s: float, settings: Any, scope: str, key: str
    ) -> AzureToken:
        """Tokens for an app registration whose settings hold tenant_id, client_id and client_secret."""
        return cls(
            error,
            session,
            timeout_s,
            authority=f"{LOGIN}/{settings.tenant_id}",
            client_id=settings.client_id,
            secret=settings.client_secret.get_secret_value(),
            scope=scope,
            scope_key=key,
        )

    def bearer(self) -> str:
        """A valid access token.

        :raises SourceError: the source's 503: credentials rejected, scope rejected, or Azure AD unavailable.
        """
        try:
            with translated(self._error, self._timeout_s):
                result = self._msal().acquire_token_for_client(scopes=[self._scope])
        except MsalServiceError:  # Azure AD answered 5xx
            raise self._error.unreachable("sign-in failed (Azure AD is unavailable)") from None
        if "access_token" not in result:
            error = str(result.get("error"))
            log.warning("%s sign-in refused: %s", self._error.source, error)
            raise self._error.unreachable(self._refusal(error))
        return str(result["access_token"])

    def _refusal(self, error: str) -> str:
        """What to say about Azure AD's refusal, without echoing its description."""
        if error in REJECTED:
            return "credentials rejected"
        if error == "invalid_scope":
            return f"rejected the configured scope ({self._scope_key})"
        return f"sign-in failed (Azure AD error {error})"

    def _msal(self) -> msal.ConfidentialClientApplication:
        """The msal app, built once (building it reads the tenant's configuration from Azure AD)."""
        with self._lock:
            if self._app is None:
                with translated(self._error, self._timeout_s):
                    try:
                        self._app = msal.ConfidentialClientApplication(
                            self._client_id,
                            authority=self._authority,
                            client_credential=self._secret,
                            http_client=_TimedHttp(self._session, self._timeout_s),
                            instance_discovery=False,  # else msal asks Azure AD for aliases after every refusal
                        )
                    except ValueError:  # msal's word for "Azure AD does not know this tenant"
                        raise self._error.unreachable("credentials rejected") from None
            return self._app


def demo_sign_in(url: str, token: str) -> tuple[int, dict[str, Any]] | None:
    """Azure AD's answer to msal's discovery or token request on a demo transport; None for other hosts."""
    parts = urlsplit(url)
    if parts.netloc != urlsplit(LOGIN).netloc:
        return None
    if parts.path.endswith("/token"):
        return 200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token}
    tenant = parts.path.strip("/").split("/")[0]
    return 200, {
        "issuer": f"{LOGIN}/{tenant}/v2.0",
        "authorization_endpoint": f"{LOGIN}/{tenant}/oauth2/v2.0/authorize",
        "token_endpoint": f"{LOGIN}/{tenant}/oauth2/v2.0/token",
    }
