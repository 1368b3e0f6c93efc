"""Settings from the environment (DESIGN, "Environment")."""

from __future__ import annotations

from lookup import create_app


def test_secret_key_is_generated_into_the_home(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("LOOKUP_SECRET_KEY", raising=False)
    home = tmp_path / "home"
    app = create_app({"LOOKUP_HOME": str(home), "DATABASE_URL": "sqlite://"})
    key = (home / "secret_key").read_text().strip()
    assert app.config["SECRET_KEY"] == key
    assert len(key) == 64
    assert (home / "secret_key").stat().st_mode & 0o077 == 0
    again = create_app({"LOOKUP_HOME": str(home), "DATABASE_URL": "sqlite://"})
    assert again.config["SECRET_KEY"] == key


def test_secret_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    home = tmp_path / "home"
    app = create_app({"LOOKUP_HOME": str(home), "DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (home / "secret_key").exists()


def test_lookup_home_and_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LOOKUP_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LOOKUP_VERSION_CHECK_INTERVAL", "0.5")
    app = create_app()
    assert app.config["LOOKUP_HOME"] == str(tmp_path / "elsewhere")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'elsewhere' / 'lookup.sqlite3'}"
    assert app.config["VERSION_CHECK_INTERVAL"] == 0.5
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/other.sqlite3")
    assert create_app().config["DATABASE_URL"] == "sqlite:////tmp/other.sqlite3"
