"""The client for notebooks: strict answers that name what failed, and aind-data-schema models from `data`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
import responses
from aind_data_schema.components.identifiers import Person
from aind_data_schema.core.data_description import Funding
from aind_data_schema.core.instrument import Instrument
from aind_data_schema.core.procedures import Procedures
from aind_data_schema.core.subject import Subject
from flask import Flask

from aind_metadata_service import client_models
from aind_metadata_service.client import AindMetadataServiceClient, MetadataServiceError, check, data, models

PROJECT = "Thalamus in the middle - Project 1"
TEST_DOMAIN = "http://metadata.test"


@pytest.fixture
def strict(make_app: Callable[..., Flask], serve: Callable[[Flask], str]) -> Callable[..., AindMetadataServiceClient]:
    """strict(**demo_settings): a strict client of a demo app served on loopback."""

    def build(**config: Any) -> AindMetadataServiceClient:
        return AindMetadataServiceClient(domain=serve(make_app(**config)), timeout=10, strict=True)

    return build


def test_a_strict_client_raises_on_207_naming_the_failed_source(
    strict: Callable[..., AindMetadataServiceClient],
) -> None:
    with pytest.raises(MetadataServiceError, match=r"207 \(partial\) from /procedures/775745: .*SharePoint") as e:
        strict(DEMO_FAIL="sharepoint").get_procedures("775745")
    assert e.value.status_code == 207 and e.value.data["subject_id"] == "775745"


def test_a_406_lists_the_validation_errors_by_field(strict: Callable[..., AindMetadataServiceClient]) -> None:
    with pytest.raises(MetadataServiceError) as e:
        strict().get_subject("640003")
    assert e.value.errors == [
        {"loc": ["subject_details", "Mouse subject", "genotype"], "msg": "Field required", "type": "missing"}
    ]
    assert "subject_details.Mouse subject.genotype: Field required" in str(e.value)


def test_a_long_error_list_is_cut_to_the_first_few(strict: Callable[..., AindMetadataServiceClient]) -> None:
    with pytest.raises(MetadataServiceError, match=r"\.\.\. and \d+ more") as e:
        strict().get_procedures("640010")
    assert len(e.value.errors) > 5


@pytest.mark.parametrize(
    ("subject_id", "says"),
    [("640005", r"300 \(ambiguous\).*2 subject records"), ("abc", r"400 \(error\).*digits"), ("999999", "404")],
)
def test_several_records_bad_input_and_nothing_found_raise_too(
    strict: Callable[..., AindMetadataServiceClient], subject_id: str, says: str
) -> None:
    with pytest.raises(MetadataServiceError, match=says):
        strict().get_subject(subject_id)


def test_a_clean_answer_passes_and_data_is_the_model_not_the_envelope(
    app: Flask, serve: Callable[[Flask], str]
) -> None:
    client = AindMetadataServiceClient(domain=serve(app), timeout=10)
    subject = data(client.get_subject("775745"))
    assert subject["subject_id"] == "775745" and "message" not in subject


def test_the_default_client_still_returns_a_207_as_it_comes(
    make_app: Callable[..., Flask], serve: Callable[[Flask], str]
) -> None:
    client = AindMetadataServiceClient(domain=serve(make_app(DEMO_FAIL="sharepoint")), timeout=10)
    response = client.get_procedures("775745")
    assert response.status_code == 207
    with pytest.raises(MetadataServiceError, match="SharePoint"):
        check(response)


def test_models_gives_aind_data_schema_objects_one_or_a_list(app: Flask, serve: Callable[[Flask], str]) -> None:
    client = AindMetadataServiceClient(domain=serve(app), timeout=10)
    assert isinstance(models(client.get_subject("775745")), Subject)
    assert isinstance(models(client.get_procedures("775745")), Procedures)
    funding = models(client.get_funding(PROJECT))
    assert funding and all(isinstance(f, Funding) for f in funding)
    assert all(isinstance(p, Person) for p in models(client.get_investigators(PROJECT)))


def test_models_refuses_a_route_that_holds_no_schema_model(app: Flask, serve: Callable[[Flask], str]) -> None:
    client = AindMetadataServiceClient(domain=serve(app), timeout=10)
    with pytest.raises(ValueError, match="/project_names answers plain data"):
        models(client.get_project_names())


def test_models_without_aind_data_schema_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(client_models, "import_module", missing)
    with pytest.raises(ImportError, match=r'pip install "\./\[client,models\]"'):
        client_models.model_for("subject")


def test_v2_answers_are_read_from_their_bare_bodies_and_their_detail() -> None:
    client = AindMetadataServiceClient(domain=TEST_DOMAIN, strict=True)
    with responses.RequestsMock() as mocked:
        mocked.get(f"{TEST_DOMAIN}/api/v2/orcid/Ana%20Ruiz", json={"orcid": "0000-0002-1825-0097"})
        mocked.get(f"{TEST_DOMAIN}/api/v2/active_directory/nobody", json={"detail": "Not found"}, status=404)
        assert data(client.get_orcid("Ana Ruiz")) == {"orcid": "0000-0002-1825-0097"}
        with pytest.raises(MetadataServiceError, match="404 .*active_directory/nobody: Not found"):
            client.get_active_directory_user("nobody")


def test_v2_validation_errors_are_read_from_the_x_error_message_header(
    app: Flask, serve: Callable[[Flask], str]
) -> None:
    with pytest.raises(MetadataServiceError) as e:
        check(requests.get(f"{serve(app)}/api/v2/subject/640003", timeout=10))
    assert e.value.status_code == 400 and e.value.data["subject_id"] == "640003"
    assert e.value.errors == [
        {"type": "missing", "loc": ["subject_details", "Mouse subject", "genotype"], "msg": "Field required"}
    ]


def test_models_reads_an_instrument_and_a_strict_client_refuses_several(
    app: Flask, serve: Callable[[Flask], str]
) -> None:
    client = AindMetadataServiceClient(domain=serve(app), timeout=10)
    assert isinstance(models(client.get_instrument("440_SmartSPIM1_20240327")), Instrument)
    with pytest.raises(MetadataServiceError, match=r"300 \(ambiguous\).*2 instrument records"):
        models(client.get_instrument("SmartSPIM", partial_match=True))
