"""Schemathesis against the app's own OpenAPI document: no server errors, bodies and status
codes as documented, for valid and invalid parameters alike."""

from __future__ import annotations

import collections
import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from support import make_app

SEEN: collections.Counter = collections.Counter()
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture(scope="module")
def api_app(seeded_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("schemathesis") / "home"
    shutil.copytree(seeded_home, home, ignore=shutil.ignore_patterns("*.lock"))
    app = make_app(home)
    with app.app_context():
        yield app


@pytest.fixture(scope="module")
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


# schemathesis' own pytest plugin (``from_fixture``/``parametrize``) trips over pytest 9
# (``Function._nodeid``), so the schema's Hypothesis strategy is drawn from directly.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@given(data=st.data())
def test_api_conforms_to_its_document(api_schema, mode, data):
    case = data.draw(api_schema.as_strategy(mode))
    response = case.call_and_validate(checks=CHECKS)
    SEEN[(case.operation.label, response.status_code)] += 1


def test_every_operation_was_exercised():
    """Run after the property test: every documented operation answered, some with a 4xx."""
    if not SEEN:
        pytest.skip("run together with test_api_conforms_to_its_document")
    operations = {label for label, _ in SEEN}
    assert len(operations) >= 7, SEEN
    assert any(400 <= status < 500 for _, status in SEEN), SEEN
    assert sum(SEEN.values()) >= 200, SEEN
