"""A schema-based fuzz of the API (schemathesis against the published OpenAPI): whatever
the generated parameters and bodies, no 500, and every error has the one shape.

Schemathesis' own pytest plugin does not run under this project's pytest (9.x), so the
operations are driven through its strategies with Hypothesis directly."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from .test_server_support import (  # noqa: F401 - fixtures by name
    fixture_base_url,
    fixture_server_db,
    fixture_small_pipeline,
)

EXAMPLES = 25
"""Examples per operation: about 600 requests in all, well under a minute on loopback."""


def check(case: Any, seen: dict[int, int]) -> None:
    response = case.call(timeout=30)
    seen[response.status_code] = seen.get(response.status_code, 0) + 1
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"status", "title", "detail"}, body
        assert body["status"] == response.status_code


def test_server_fuzz_no_server_error(base_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    seen: dict[int, int] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case: Any) -> None:
            check(case, seen)

        fuzz()
    assert sum(seen.values()) >= 5 * len(operations)
    assert seen.get(200, 0) > 0 and sum(n for s, n in seen.items() if 400 <= s < 500) > 0
