"""The per-process response cache in front of the search API (installed by create_app)."""

from __future__ import annotations

from support import make_app

from lookup.office.engines import follower
from lookup.web import respcache


def test_create_app_builds_the_production_stack(app, tmp_path):
    cache = respcache.installed(app)
    assert isinstance(cache, respcache.ResponseCache)
    assert cache.max_entries == app.config["RESPONSE_CACHE_ENTRIES"]
    plain = make_app(tmp_path / "plain", RESPONSE_CACHE=False)
    assert respcache.installed(plain) is None


def test_a_repeated_search_is_answered_from_the_cache(app, client):
    layers = app.wsgi_app
    respcache.install(app)
    respcache.install(app)  # idempotent
    assert app.wsgi_app is layers
    cache = respcache.installed(app)
    first = client.get("/api/v1/search?q=亲属关系证明")
    assert first.status_code == 200
    assert len(cache.entries) == 1
    again = client.get("/api/v1/search?q=亲属关系证明")
    assert again.data == first.data
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert len(cache.entries) == 1


def test_errors_and_other_paths_are_not_cached(app, client):
    respcache.install(app)
    assert client.get("/api/v1/search?page=x").status_code == 400
    assert client.get("/healthz").status_code == 200
    assert len(respcache.installed(app).entries) == 0


def test_a_new_version_is_a_new_key(app, client):
    respcache.install(app)
    client.get("/api/v1/search?q=亲属关系证明")
    (key,) = respcache.installed(app).entries
    assert key[0] == follower(app).get().version


def test_a_cached_search_is_still_counted_for_insights(app, client, monkeypatch):
    from lookup.office import insights

    respcache.install(app)
    counted = []
    monkeypatch.setattr(insights, "record", lambda *args: counted.append(args))
    for _ in range(3):
        client.get("/api/v1/search?q=亲属关系证明")
    assert len(counted) == 3
    assert counted[0] == counted[2]
    assert counted[2][0] == "亲属关系证明"
