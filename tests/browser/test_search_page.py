"""The search page in a browser: colours by the status-code contract, shared links that fill their form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

GREEN, AMBER, RED = "rgba(26, 127, 55, 1)", "rgba(154, 103, 0, 1)", "rgba(207, 34, 46, 1)"


def open_link(browser: Any, base: str, link: str) -> tuple[str, str]:
    """Open a shared link to the page and wait for its answer: (status line, its colour)."""
    browser.get("about:blank")  # a new hash on the same page would not reload it
    browser.get(f"{base}/#/{link}")
    status = browser.find_element(By.ID, "status")
    WebDriverWait(browser, 20).until(lambda _: status.text)
    return status.text, status.value_of_css_property("color")


def form_values(browser: Any, path: str) -> dict[str, str]:
    """The inputs of the form for a route, by name."""
    form = browser.find_element(By.CSS_SELECTOR, f'form[data-path="{path}"]')
    return {i.get_attribute("name"): i.get_attribute("value") for i in form.find_elements(By.TAG_NAME, "input")}


def test_a_207_renders_amber_and_names_the_failed_source(
    make_app: Callable[..., Flask], browser: Any, serve: Callable[[Flask], str]
) -> None:
    base = serve(make_app(DEMO_FAIL="sharepoint"))
    status, colour = open_link(browser, base, "procedures/775745")
    assert status.startswith("207") and colour == AMBER
    assert "SharePoint" in browser.find_element(By.ID, "message").text


@pytest.mark.parametrize(
    ("link", "code", "colour"),
    [
        ("subject/775745", "200", GREEN),
        ("subject/640005", "300", AMBER),
        ("subject/999999", "404", RED),
        ("subject/abc", "400", RED),
    ],
)
def test_statuses_are_coloured_as_the_contract_says(
    app: Flask, browser: Any, serve: Callable[[Flask], str], link: str, code: str, colour: str
) -> None:
    status, shown = open_link(browser, serve(app), link)
    assert status.startswith(code) and shown == colour


def test_a_shared_link_fills_its_form_path_and_query(app: Flask, browser: Any, serve: Callable[[Flask], str]) -> None:
    base = serve(app)
    open_link(browser, base, "funding/Thalamus%20in%20the%20middle%20-%20Project%201")
    assert form_values(browser, "funding/{project_name}") == {"project_name": "Thalamus in the middle - Project 1"}
    open_link(browser, base, "slims/histology?subject_id=775745&start_date_gte=2025-01-01")
    assert form_values(browser, "slims/histology") == {
        "subject_id": "775745",
        "start_date_gte": "2025-01-01",
        "end_date_lte": "",
    }


def test_a_v2_link_sets_the_switch_and_a_v2_search_calls_api_v2(
    app: Flask, browser: Any, serve: Callable[[Flask], str]
) -> None:
    base = serve(app)
    open_link(browser, base, "api/v2/subject/775745")
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="dialect"][value="api/v2/"]').is_selected()
    assert form_values(browser, "subject/{subject_id}") == {"subject_id": "775745"}
    browser.find_element(By.CSS_SELECTOR, 'input[name="dialect"][value=""]').click()
    browser.find_element(By.CSS_SELECTOR, 'form[data-path="investigators/{project_name}"] input').send_keys("A/B")
    browser.find_element(By.CSS_SELECTOR, 'form[data-path="investigators/{project_name}"] button').click()
    WebDriverWait(browser, 20).until(lambda b: "investigators" in b.find_element(By.ID, "url").text)
    assert browser.find_element(By.ID, "url").text == "GET investigators/A%2FB"
    assert browser.current_url.endswith("#/investigators/A%2FB")


def test_a_form_of_a_route_only_v2_has_asks_in_v2_whatever_the_switch(
    app: Flask, browser: Any, serve: Callable[[Flask], str]
) -> None:
    browser.get(serve(app) + "/")
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="dialect"][value=""]').is_selected()  # V1 by default
    browser.find_element(By.CSS_SELECTOR, 'form[data-path="orcid/{name}"] input').send_keys("Sofia Marchetti")
    browser.find_element(By.CSS_SELECTOR, 'form[data-path="orcid/{name}"] button').click()
    WebDriverWait(browser, 20).until(lambda b: "orcid" in b.find_element(By.ID, "url").text)
    assert browser.find_element(By.ID, "url").text == "GET api/v2/orcid/Sofia%20Marchetti"
    assert "0000-0000-0000-1012" in browser.find_element(By.ID, "body").text
