"""ORCID helpers as tables: name tokens, queries, matches, check digits and iDs on Person and Funding dicts."""

from __future__ import annotations

from typing import Any

import pytest

from aind_metadata_service.sources.orcid import mappers, records, search
from aind_metadata_service.sources.orcid.records import ExpandedResult, Summary

ORCID = "Open Researcher and Contributor ID (ORCID)"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Jane Smith", ["Jane", "Smith"]),
        ('"Jane" Smith\\', ["Jane", "Smith"]),
        ("O'Brien  Ann", ["OBrien", "Ann"]),
        ("Madonna", ["Madonna"]),
        ("  ", []),
    ],
)
def test_quotes_and_backslashes_are_removed_before_splitting(name: str, words: list[str]) -> None:
    assert search.tokens(name) == words


@pytest.mark.parametrize(
    ("allen", "q"),
    [
        (True, '"Jane" AND "Smith" AND (affiliation-org-name:"Allen Institute" OR email:*@alleninstitute.org)'),
        (False, '"Jane" AND "Smith"'),
    ],
)
def test_the_two_searches_queries(allen: bool, q: str) -> None:
    assert search.query(["Jane", "Smith"], allen) == q


def hit(**fields: Any) -> ExpandedResult:
    """An expanded-search hit."""
    return ExpandedResult.model_validate({"orcid-id": "0000-0000-0000-0001", **fields})


@pytest.mark.parametrize(
    ("result", "name", "matched"),
    [
        (hit(**{"given-names": "Jane", "family-names": "Smith"}), "Jane Smith", True),
        (hit(**{"given-names": "Jane", "family-names": "Smith"}), "smith jane", True),
        (hit(**{"given-names": "Rafaël", "family-names": "Quintero"}), "Rafael Quintero", True),
        (
            hit(**{"given-names": "Lukas", "family-names": "Brandt", "other-name": ["Lucas Brandt"]}),
            "Lucas Brandt",
            True,
        ),
        (hit(**{"given-names": "J.", "family-names": "Smith", "credit-name": "Jane Smith"}), "Jane Smith", True),
        (hit(**{"given-names": "Jane A.", "family-names": "Smith"}), "Jane Smith", False),
        (hit(**{"given-names": None, "family-names": None}), "Jane Smith", False),
    ],
)
def test_a_hit_matches_when_one_of_its_names_is_the_name_word_for_word(
    result: ExpandedResult, name: str, matched: bool
) -> None:
    assert search.matches(result, name) is matched


@pytest.mark.parametrize(
    ("domains", "allen"),
    [
        ([{"value": "alleninstitute.org"}], True),
        ([{"value": "AllenInstitute.org"}], True),
        ([{"value": "example.org"}], False),
        (None, False),
    ],
)
def test_a_summary_is_at_allen_by_its_email_domain(domains: Any, allen: bool) -> None:
    assert search.at_allen(Summary.model_validate({"emailDomains": domains})) is allen


@pytest.mark.parametrize(
    ("orcid", "valid"),
    [
        ("0000-0002-1825-0097", True),
        ("0000-0001-5109-3700", True),
        ("0000-0002-1694-233X", True),
        ("0000-0002-1825-0098", False),
        ("0000-0002-1825-009", False),
        ("0000000218250097", False),
    ],
)
def test_orcid_check_characters_follow_iso_7064_mod_11_2(orcid: str, valid: bool) -> None:
    assert records.is_orcid(orcid) is valid


def test_people_get_orcid_only_where_the_match_was_definitive() -> None:
    people = [
        {"object_type": "Person", "name": "Jane Smith"},
        {"object_type": "Person", "name": "Bo Chen"},
        {"object_type": "Person", "name": "Al Kim", "registry_identifier": "kept"},
    ]
    found = mappers.with_orcids(people, {"Jane Smith": "0000-0002-1825-0097", "Bo Chen": None, "Al Kim": "x"})
    assert found == [
        {
            "object_type": "Person",
            "name": "Jane Smith",
            "registry": ORCID,
            "registry_identifier": "0000-0002-1825-0097",
        },
        {"object_type": "Person", "name": "Bo Chen"},
        {"object_type": "Person", "name": "Al Kim", "registry_identifier": "kept"},
    ]


def test_fundings_get_orcid_on_each_fundee_and_list_their_names_once() -> None:
    fundings = [
        {"object_type": "Funding", "fundee": [{"name": "Jane Smith"}, {"name": "Bo Chen"}]},
        {"object_type": "Funding", "fundee": [{"name": "Jane Smith"}]},
        {"object_type": "Funding", "fundee": None},
    ]
    assert mappers.names_in(fundings) == ["Jane Smith", "Bo Chen"]
    found = mappers.with_orcids(fundings, {"Jane Smith": "0000-0002-1825-0097"})
    assert found[1]["fundee"][0]["registry_identifier"] == "0000-0002-1825-0097"
    assert "registry" not in found[0]["fundee"][1]
