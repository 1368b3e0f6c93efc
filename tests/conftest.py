"""Fixtures: an app on a temporary LOOKUP_HOME holding the shipped lists as version 1.

The seeded home (database and index) is built once per session and copied for each test, so
every test starts from the same published state and may change it freely.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import make_app, office_app

from lookup.office import setup

os.environ.pop("DATABASE_URL", None)


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "office(**config): settings for the `office` fixture's app (e.g. JOBS_SYNC)"
    )


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes():
    """Passwords hashed at the lowest argon2id cost inside this test process: at the production
    cost a hash or a check takes 0.2 s here, and a few hundred tests sign in. Servers the tests
    start in other processes keep the production cost; tests/office/test_accounts.py checks it."""
    from argon2 import PasswordHasher

    from lookup.office import accounts

    production = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    accounts._hasher = production


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("seeded-home")
    app = make_app(home)
    with app.app_context():
        setup.init(app)
    return home


@pytest.fixture
def home(seeded_home, tmp_path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(seeded_home, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def app(home):
    app = make_app(home)
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def empty_app(tmp_path):
    """An app whose store has nothing published yet."""
    app = make_app(tmp_path / "empty-home")
    with app.app_context():
        yield app


@pytest.fixture
def office(request, home):
    """An app with an editor and a publisher and no app context pushed (see office_app);
    `@pytest.mark.office(JOBS_SYNC=True)` passes settings to it."""
    marker = request.node.get_closest_marker("office")
    return office_app(home, **(marker.kwargs if marker else {}))


@pytest.fixture
def office_client(office):
    return office.test_client()
