"""schemathesis against the demo app's own /openapi.json: every documented route of both dialects, in-process.

About 1,300 requests (each operation's coverage-phase edge values and undeclared methods, then up to
MAX_EXAMPLES generated ones), derandomized so that CI sees the same requests each run, against the demo and
against the demo with two sources down (207, and 503 answers, which are no server errors there). Every answer must be documented: its status, its
content type, its headers and its body. `positive_data_acceptance` is left out by design: a well-formed request
may rightly get 406 (root) or 400 (/api/v2) for data that fails aind-data-schema, SLIMS needs one of several
filters, and Dataverse checks its filter's grammar: rules a parameter's schema cannot say.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from aind_metadata_service.app import create_app
from tests.conftest import DEMO

MAX_EXAMPLES = 20
# In-process, nothing decodes gzip or br for schemathesis: ask for the body as it is.
IDENTITY = {"Accept-Encoding": "identity"}
CHECKS = {"excluded_checks": [positive_data_acceptance]}
SETTINGS = {"derandomize": True, "deadline": None, "suppress_health_check": list(HealthCheck)}
healthy = schemathesis.openapi.from_wsgi("/openapi.json", create_app(DEMO))
failing = schemathesis.openapi.from_wsgi("/openapi.json", create_app({**DEMO, "DEMO_FAIL": "sharepoint,mgi"}))


@healthy.parametrize()
@settings(max_examples=MAX_EXAMPLES, **SETTINGS)
def test_every_documented_route_answers_only_as_its_openapi_description_says(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=IDENTITY, **CHECKS)


@failing.parametrize()
@settings(max_examples=3, **SETTINGS)
def test_with_sources_down_every_answer_is_still_documented(case: schemathesis.Case) -> None:
    """503 is what a route whose source is down answers: documented, so only the other checks apply."""
    case.call_and_validate(headers=IDENTITY, excluded_checks=[*CHECKS["excluded_checks"], not_a_server_error])
