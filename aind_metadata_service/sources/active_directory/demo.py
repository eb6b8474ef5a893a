"""The demo directory: ldap3's mock strategy holding demo/data/active_directory/*.json, no LDAP on the wire."""

from __future__ import annotations

import requests
from ldap3 import MOCK_SYNC, NONE, Connection, Server
from ldap3.core.exceptions import LDAPSocketOpenError

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.active_directory.client import ActiveDirectoryClient

SOURCE = "active_directory"
SEARCH_BASE = "DC=corp,DC=example,DC=org"
BIND_DN = "CN=svc-metadata,OU=Service Accounts,DC=corp,DC=example,DC=org"
BIND_PASSWORD = "demo"  # the demo account's password, stored with it in the demo directory


def _server(demo: Demo) -> Server:
    """A mock server holding every demo entry (dn plus raw attribute lists, as `response_to_json` writes them)."""
    server = Server("ad.demo", get_info=NONE)
    loader = Connection(server, user=BIND_DN, password=BIND_PASSWORD, client_strategy=MOCK_SYNC)
    for path in sorted((demo.data_dir / SOURCE).glob("*.json")):
        for entry in demo.load_json(f"{SOURCE}/{path.name}")["entries"]:
            loader.strategy.add_entry(entry["dn"], entry["raw"])
    return server


def demo_client(demo: Demo, cache: Cache | None = None) -> ActiveDirectoryClient:
    """The real client and mapper over the demo directory; AIND_DEMO_FAIL=active_directory makes it unreachable."""
    server = _server(demo)

    def connect(timeout_s: float) -> Connection:
        try:
            demo.call(SOURCE, timeout_s)
        except requests.RequestException as e:
            raise LDAPSocketOpenError(str(e)) from None
        return Connection(server, user=BIND_DN, password=BIND_PASSWORD, client_strategy=MOCK_SYNC)

    return ActiveDirectoryClient(SEARCH_BASE, connect, timeout_s=5.0, cache=cache)
