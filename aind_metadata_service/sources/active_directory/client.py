"""The Active Directory client: a connection per look-up, bound as the service account, with timeouts."""

from __future__ import annotations

import math
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit

from ldap3 import NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from aind_metadata_service import deadline
from aind_metadata_service.cache import Cache
from aind_metadata_service.sources.active_directory.records import ATTRIBUTES, DirectoryUser
from aind_metadata_service.sources.active_directory.settings import ActiveDirectorySettings
from aind_metadata_service.sources.base import SourceError, guarded, out_of_time

Connect = Callable[[float], Connection]  # a connection whose connect and receive timeouts are the seconds given
INVALID_CREDENTIALS = 49  # LDAP's resultCode for a rejected bind
# A search that is cut short still answers with what it found; anything else is the directory failing.
SEARCH_OK = {0: "success", 4: "sizeLimitExceeded"}
SIZE_LIMIT = 5  # enough to tell one match from several, never a dump of the directory


# Users only: in Active Directory a computer is a `user` too (its cn is its host name).
FILTER = "(&(objectClass=user)(!(objectClass=computer))(|(sAMAccountName={value})(cn={value})))"


def search_filter(name: str) -> str:
    """The LDAP filter for a login or a full name, the value escaped per RFC 4515 (`*`, `(`, `)`, `\\`, NUL)."""
    return FILTER.format(value=escape_filter_chars(name))


def matches(entries: Sequence[DirectoryUser], name: str) -> list[DirectoryUser]:
    """The entries the name means: the one whose login it is, else every one whose full name it is."""
    wanted = name.casefold()
    by_login = [e for e in entries if e.login.casefold() == wanted]
    return by_login or [e for e in entries if e.full_name.casefold() == wanted]


class ActiveDirectoryError(SourceError):
    """Active Directory could not answer."""

    source = "Active Directory"


def connector(settings: ActiveDirectorySettings) -> Connect:
    """Connections to the configured controller; each connects and receives within the time it is given."""
    url = settings.url if "://" in settings.url else f"ldap://{settings.url}"
    parts = urlsplit(url)
    tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.ca_file)

    def connect(timeout_s: float) -> Connection:
        server = Server(
            parts.hostname or "",
            port=parts.port,
            use_ssl=parts.scheme == "ldaps",
            tls=tls,
            get_info=NONE,
            connect_timeout=timeout_s,
        )
        return Connection(
            server,
            user=settings.username,
            password=settings.password.get_secret_value(),
            receive_timeout=max(1, math.ceil(timeout_s)),  # ldap3 packs it as whole seconds
            read_only=True,
            auto_referrals=False,
            raise_exceptions=False,
        )

    return connect


class ActiveDirectoryClient:
    """Looks users up by login (sAMAccountName) or full name (cn); answers are cached."""

    def __init__(
        self,
        search_base: str,
        connect: Connect,
        timeout_s: float,
        start_tls: bool = False,
        cache: Cache | None = None,
        cache_ttl_s: float = 3600.0,
    ) -> None:
        self.search_base = search_base
        self.timeout_s = timeout_s
        self._connect = connect
        self._start_tls = start_tls
        self._cache = cache or Cache()
        self._cache_ttl_s = cache_ttl_s

    @classmethod
    def from_settings(cls, settings: ActiveDirectorySettings, cache: Cache | None = None) -> ActiveDirectoryClient:
        """A client on the configured controller; pass the app's shared cache."""
        return cls(
            settings.search_base,
            connector(settings),
            settings.timeout_s,
            start_tls=settings.start_tls,
            cache=cache,
            cache_ttl_s=settings.cache_ttl_s,
        )

    def user(self, name: str) -> DirectoryUser | None:
        """The user entry a login or full name means; None when nobody is.

        :raises ActiveDirectoryError: 409 when a full name is several people's, 503 when the directory is
            unreachable or rejects the service account, 500 when it answers with an error.
        """
        key = name.strip()

        def load() -> list[dict[str, Any]]:
            return [e.model_dump(by_alias=True) for e in matches(self._search(search_filter(key)), key)]

        found = self._cache.get_or_load(f"ad:user:{key.casefold()}", self._cache_ttl_s, load)
        if len(found) > 1:
            raise ActiveDirectoryError(f"{len(found)} users are named {key!r}; ask by login instead", 409)
        return DirectoryUser.model_validate(found[0]) if found else None

    def ping(self) -> None:
        """Bind and read the search base itself, for /healthz."""
        self._run(lambda conn: conn.search(self.search_base, "(objectClass=*)", "BASE", attributes=["1.1"]))

    def _search(self, ldap_filter: str) -> list[DirectoryUser]:
        """The user entries under the search base that match the filter."""

        def search(conn: Connection) -> Any:
            return conn.search(
                self.search_base,
                ldap_filter,
                SUBTREE,
                attributes=ATTRIBUTES,
                size_limit=SIZE_LIMIT,
                time_limit=math.ceil(self.timeout_s),
            )

        response = self._run(search)
        entries = [item for item in response if item.get("type") == "searchResEntry"]  # not referrals
        try:
            return [DirectoryUser.from_entry(e) for e in entries if e["attributes"].get("sAMAccountName")]
        except (KeyError, ValueError):
            raise ActiveDirectoryError.failed("answered in an unexpected shape") from None

    def _run(self, operation: Callable[[Connection], Any]) -> list[dict[str, Any]]:
        """Run one operation on a bound connection and return its response entries.

        :raises ActiveDirectoryError: 503 unreachable or credentials rejected, 500 for an LDAP error result.
        """
        with guarded(ActiveDirectoryError):  # its circuit breaker, and the time left in the request
            timeout_s = deadline.timeout(self.timeout_s)
            if timeout_s is None:
                raise out_of_time(ActiveDirectoryError)
            with self._bound(timeout_s) as conn:
                operation(conn)
                if conn.result.get("result") not in SEARCH_OK:  # noSuchObject (32) here: a wrong search base
                    raise ActiveDirectoryError.failed(f"answered with an error ({conn.result.get('description')})")
                return list(conn.response or [])

    @contextmanager
    def _bound(self, timeout_s: float) -> Iterator[Connection]:
        """A connection opened, secured and bound as the service account; always unbound afterwards."""
        conn: Connection | None = None
        try:
            conn = self._connect(timeout_s)
            conn.open()
            if self._start_tls and not conn.start_tls():
                raise ActiveDirectoryError.unreachable("refused StartTLS")
            if not conn.bind():
                rejected = conn.result.get("result") == INVALID_CREDENTIALS
                raise ActiveDirectoryError.unreachable("credentials rejected" if rejected else "is unreachable")
            yield conn
        except LDAPException:
            raise ActiveDirectoryError.unreachable() from None
        finally:
            if conn is not None:
                with suppress(LDAPException, OSError):
                    conn.unbind()
                if getattr(conn, "socket", None) is not None:  # ldap3 leaves it open after a receive timeout
                    conn.socket.close()
