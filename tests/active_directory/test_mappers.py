"""The pure part of Active Directory: filters escaped per RFC 4515, which entries a name means, the answer's fields."""

from __future__ import annotations

import pytest

from aind_metadata_service.sources.active_directory.client import matches, search_filter
from aind_metadata_service.sources.active_directory.mappers import to_user
from aind_metadata_service.sources.active_directory.records import DirectoryUser


def _entry(login: str, cn: str, mail: str | None = None) -> DirectoryUser:
    attributes = {"sAMAccountName": [login], "cn": [cn], **({"mail": [mail]} if mail else {})}
    return DirectoryUser.from_entry({"dn": f"CN={cn},DC=example,DC=test", "attributes": attributes})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("jane.doe", "jane.doe"),
        ("Jane Doe", "Jane Doe"),
        ("*", r"\2a"),
        ("*)(uid=*", r"\2a\29\28uid=\2a"),
        ("a\\b", r"a\5cb"),
        ("nul\x00", r"nul\00"),
    ],
)
def test_the_filter_holds_the_name_only_as_an_escaped_value(name: str, value: str) -> None:
    assert search_filter(name) == (
        f"(&(objectClass=user)(!(objectClass=computer))(|(sAMAccountName={value})(cn={value})))"
    )


def test_a_login_wins_over_a_full_name_that_happens_to_be_the_same() -> None:
    entries = [_entry("kim", "Alex Kim"), _entry("alex.kim", "kim")]
    assert [e.login for e in matches(entries, "KIM")] == ["kim"]


def test_every_holder_of_a_full_name_is_a_match_when_no_login_is() -> None:
    entries = [_entry("alex.kim", "Alex Kim"), _entry("alex.kim2", "Alex Kim"), _entry("jane.doe", "Jane Doe")]
    assert [e.login for e in matches(entries, "alex kim")] == ["alex.kim", "alex.kim2"]


def test_an_entry_the_server_returned_for_another_reason_is_no_match() -> None:
    assert matches([_entry("jane.doe", "Jane Doe")], "Jane") == []


def test_the_answer_has_the_three_fields_and_a_missing_mail_is_null() -> None:
    assert to_user(_entry("jane.doe", "Jane Doe", "jane.doe@example.test")) == {
        "username": "jane.doe",
        "full_name": "Jane Doe",
        "email": "jane.doe@example.test",
    }
    assert to_user(_entry("svc", "svc"))["email"] is None
