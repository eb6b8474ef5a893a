"""How a name is searched in ORCID and which results it means: tokens, the two queries, the match rule."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from aind_metadata_service.sources.orcid.records import ExpandedResult, Summary

ALLEN_CLAUSE = '(affiliation-org-name:"Allen Institute" OR email:*@alleninstitute.org)'
ALLEN_DOMAIN = "alleninstitute.org"
MAX_SUMMARIES = 10  # search 2 checks summaries only for a handful of name matches


def tokens(name: str) -> list[str]:
    """The words of a name as typed, quotes and backslashes removed (they would break out of the query)."""
    return "".join(c for c in name if c not in "\"'\\").split()


def _key(text: str) -> tuple[str, ...]:
    """A name's comparable form: unaccented (NFKD), lower-case words, sorted."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(sorted(plain.lower().split()))


def query(words: Iterable[str], allen: bool) -> str:
    """The expanded-search query: every word quoted, AND-ed, with the Allen clause for search 1."""
    terms = " AND ".join(f'"{w}"' for w in words)
    return f"{terms} AND {ALLEN_CLAUSE}" if allen else terms


def matches(result: ExpandedResult, name: str) -> bool:
    """Whether a hit's given and family names, credit name or any other name is the name, word for word."""
    names = [f"{result.given_names or ''} {result.family_names or ''}", result.credit_name or ""]
    wanted = _key(" ".join(tokens(name)))
    return any(_key(n) == wanted for n in [*names, *(result.other_name or [])] if n.strip())


def at_allen(summary: Summary) -> bool:
    """Whether a record's summary lists a verified alleninstitute.org e-mail domain."""
    return any((d.value or "").lower() == ALLEN_DOMAIN for d in summary.email_domains or [])
