"""The subject page in a real browser: headless Chromium renders 775745 from the demo served on a loopback port."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import served

ARTIFACTS = Path(__file__).resolve().parents[2] / ".ci" / "artifacts"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
FLAGS = [
    "--headless",
    "--disable-gpu",
    "--no-sandbox",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium on this machine (CI requires it)"
)


@pytest.fixture
def base(make_app: Any) -> Iterator[str]:
    """The demo app on a loopback port, in a thread, for as long as the test runs."""
    yield from served(make_app(TESTING=False))


def chromium(*args: str) -> str:
    """Run headless Chromium and return what it wrote on stdout."""
    assert CHROMIUM, "CI requires Chromium: apt-get install -y chromium"
    done = subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=90, check=True)
    return done.stdout


def test_chromium_renders_the_card_five_timeline_items_with_badges_and_the_svg_sites(
    base: str, tmp_path: Path
) -> None:
    url = f"{base}/subjects/775745"
    dom = chromium(f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url)
    assert re.search(r'<table class="card" id="card">.*?Date of birth.*?2025-01-08', dom, re.S)
    items = re.findall(r'<li class="item" data-kind="(\w+)">.*?<span class="badge b-\w+">([^<]+)</span>', dom, re.S)
    assert len(items) >= 5 and {"surgery", "perfusion", "water", "specimen"} <= {kind for kind, _ in items}
    assert {"SharePoint NSB", "Smartsheet", "SLIMS"} <= {source for _, source in items}
    assert len(re.findall(r'<g class="site" data-kind="(?:injection|implant)">', dom)) == 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "subject-775745.png"
    chromium(f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert shot.stat().st_size > 10_000
