"""Sources' HTTP sessions: reused, and reading the environment's proxy settings as requests does, once per host."""

from __future__ import annotations

import pytest
import requests
import responses

from aind_metadata_service.sources.base import http_session


def test_a_session_reads_the_environments_proxy_settings_once_per_host(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = requests.sessions.get_environ_proxies
    monkeypatch.setattr(requests.sessions, "get_environ_proxies", lambda url, **kw: read.append(url) or original(url, **kw))
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("NO_PROXY", "inside.test")
    session = http_session()
    with responses.RequestsMock() as mocked:
        for host in ("outside.test", "outside.test", "inside.test", "outside.test"):
            mocked.get(f"https://{host}/x", json={})
        for host in ("outside.test", "outside.test", "inside.test", "outside.test"):
            session.get(f"https://{host}/x", timeout=1)
        sent = [call.request for call in mocked.calls]
    assert len(read) == 2  # once per host, however many calls
    outside = session.merge_environment_settings("https://outside.test/y", {}, None, None, None)["proxies"]
    inside = session.merge_environment_settings("https://inside.test/y", {}, None, None, None)["proxies"]
    assert (outside.get("https"), inside.get("https"), len(sent)) == ("http://proxy.test:3128", None, 4)
