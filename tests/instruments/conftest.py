"""The DocDB gateway at the transport: a store from settings, fake AWS credentials, and `responses`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from aind_metadata_service.app import DEMO_DATA

BASE = "https://docdb.test/v1/metadata_files/instruments"
TOKEN = "a-long-enough-write-token-for-tests"
SETTINGS = {"DOCDB_API_HOST": "docdb.test", "DOCDB_AWS_REGION": "us-west-2", "INSTRUMENT_WRITE_TOKEN": TOKEN}


def demo_instrument(name: str = "440_SmartSPIM1_20240327") -> dict[str, Any]:
    """One of the demo's instruments, valid against aind-data-schema's Instrument."""
    return dict(json.loads((Path(DEMO_DATA) / "instruments" / f"{name}.json").read_text()))


@pytest.fixture(autouse=True)
def fake_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials that sign requests (SigV4) and reach nothing; no shared files, no instance metadata."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def gateway() -> Iterator[responses.RequestsMock]:
    """The DocDB gateway; every expected call must happen, and an unexpected one fails."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
