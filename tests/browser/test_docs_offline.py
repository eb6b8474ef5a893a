"""/docs and /redoc render in a browser that cannot reach anything but the service itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

# ReDoc's "API docs by Redocly" footer always asks for its logo and hides it when that fails; nothing else
# may leave loopback.
DECORATION = {"https://cdn.redoc.ly/redoc/logo-mini.svg"}


def off_site(urls: list[str], base: str) -> list[str]:
    """The requests that went anywhere but the service (or stayed in the page: data:, blob:)."""
    return [url for url in urls if not url.startswith((base, "data:", "blob:"))]


def test_swagger_ui_lists_the_operations_with_no_network(
    app: Flask, browser: Any, serve: Callable[[Flask], str], requested: Callable[[], list[str]]
) -> None:
    base = serve(app)
    browser.get(f"{base}/docs")
    WebDriverWait(browser, 30).until(seen.presence_of_element_located((By.CSS_SELECTOR, ".opblock-summary-path")))
    paths = {e.get_attribute("data-path") for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/subject/{subject_id}", "/procedures/{subject_id}", "/slims/histology"} <= paths
    assert off_site(requested(), base) == []


def test_redoc_renders_the_description_with_no_network(
    app: Flask, browser: Any, serve: Callable[[Flask], str], requested: Callable[[], list[str]]
) -> None:
    base = serve(app)
    browser.get(f"{base}/redoc")
    # ReDoc lays out the whole description (2 MB) in one task, which takes tens of seconds on a busy machine;
    # the page's scripts cannot be asked anything meanwhile.
    browser.set_script_timeout(240)
    items = "return [...document.querySelectorAll('li[data-item-id]')].map(e => e.getAttribute('data-item-id'))"
    menu = WebDriverWait(browser, 240, poll_frequency=1).until(lambda b: b.execute_script(items))
    assert any("~1subject~1{subject_id}" in item for item in menu)
    assert "aind-metadata-service" in browser.execute_script("return document.querySelector('h1').textContent")
    assert set(off_site(requested(), base)) <= DECORATION
