"""Relevance floors: a quality regression fails CI (assertions on answers, never on time).

The project's own set (tests/relevance) is asked of the shipped lists; the held-out set
(tests/holdout: another county's lists and questions, made without looking at the search
code) is imported through `lookup import` and asked through GET /api/v1/search.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lookup.evaluation.lists import publish_folder
from lookup.evaluation.metrics import evaluate, single_list_accuracy
from lookup.evaluation.questions import load
from lookup.evaluation.report import service_runner

HOLDOUT = Path(__file__).parents[1] / "holdout"

# Floors below the measured figures (README), above the goals.
OWN_FLOORS = {"recall5": 0.95, "single_list": 0.95, "not_listed": 0.9, "category_recall5": 0.85}
HOLDOUT_FLOORS = {"recall5": 0.90, "single_list": 0.90, "not_listed": 0.75}


def api_runner(client):
    def run(query: str) -> dict:
        response = client.get("/api/v1/search", query_string={"q": query, "per_page": 10})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return run


def test_own_set_holds_its_floors(app):
    questions = load()
    assert len(questions) >= 150
    result = evaluate(questions, service_runner(app))
    by_category = result["by_category"]
    assert result["overall"]["recall5"] >= OWN_FLOORS["recall5"]
    assert by_category["not_listed"]["answer"] >= OWN_FLOORS["not_listed"]
    for category, part in by_category.items():
        if part["recall5"] is not None:
            assert part["recall5"] >= OWN_FLOORS["category_recall5"], category
    assert single_list_accuracy(questions, service_runner(app)) >= OWN_FLOORS["single_list"]


@pytest.fixture
def holdout_client(app, runner):
    if not (HOLDOUT / "questions.tsv").exists():
        pytest.skip("tests/holdout is not there")
    publish_folder(app, HOLDOUT)
    return app.test_client()


def test_held_out_lists_and_questions_through_the_api(holdout_client):
    questions = load(HOLDOUT / "questions.tsv")
    run = api_runner(holdout_client)
    result = evaluate(questions, run)
    assert result["overall"]["recall5"] >= HOLDOUT_FLOORS["recall5"]
    assert result["by_category"]["not_listed"]["answer"] >= HOLDOUT_FLOORS["not_listed"]
    assert single_list_accuracy(questions, run) >= HOLDOUT_FLOORS["single_list"]
