"""Property-based tests of the query path: any input gives a 2xx or 4xx, never a 5xx.

Hypothesis feeds arbitrary text (NUL, control characters, full-width forms, emoji, RTL marks,
whoosh operator soup, up to 5,000 characters) into every parameter of the search and listing
routes, percent-encoded byte by byte so that even lone surrogates reach the app as bytes. Raw
malformed request lines (``%zz``, ``%ff%fe``, overlong paths) go through Werkzeug unencoded.
Together the tests run well over 1,000 examples.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import make_app

OPERATORS = [
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "*", "?", "~", "~2", "^", "^3", ":", "(", ")",
    "[", "]", "{", "}", '"', "'", "name:x", "matter:*", "id:", "TO", "[a TO z]", "{1 TO}",
    "\\", "/", "-", "+", "!", "&&", "||", "%", "%00", "\x00", "<script>", "&amp;", "#",
]  # fmt: skip
SPECIAL = [
    "\x00", "\t", "\n", "\r", "\u200b", "\u200f", "\u202e", "\ufeff", "\uffff", "😀", "👨‍👩‍👧",
    "ｗｆｚｊｌ", "（）", "証明", "證明", "مرحبا", "שלום", "e\u0301", "\U0001f600" * 3,
]  # fmt: skip
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

any_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from(OPERATORS + SPECIAL), max_size=30).map(" ".join),
    st.lists(st.sampled_from(OPERATORS + SPECIAL + ["证明", "居住", "a"]), max_size=30).map(
        "".join
    ),
    st.integers(min_value=1, max_value=5000).map(lambda n: "证" * n),
    st.sampled_from(["", " ", "-1", "0", "1e9", "99999999999999999999", "1.5", "0x10", "１"]),
)
any_bytes = st.binary(max_size=200)
COUNT = {"requests": 0, "slowest": 0.0, "statuses": Counter()}


@pytest.fixture(scope="module")
def fuzz_client(seeded_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("fuzz") / "home"
    shutil.copytree(seeded_home, home, ignore=shutil.ignore_patterns("*.lock"))
    app = make_app(home)
    with app.app_context():
        yield app.test_client()


def _enc(value: str | bytes) -> str:
    data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote(data, safe="")


def _check(client, url: str):
    started = time.perf_counter()
    response = client.get(url, headers={"Accept": "application/json"})
    # Figures for the report (printed with -s), never asserted: no timed assertions in tests.
    COUNT["slowest"] = max(COUNT["slowest"], time.perf_counter() - started)
    COUNT["requests"] += 1
    COUNT["statuses"][response.status_code] += 1
    assert response.status_code < 500, (url[:300], response.status_code)
    if response.status_code >= 400 and url.startswith("/api/"):
        body = response.get_json()
        assert isinstance(body, dict), url[:300]
        assert body.get("error")
        assert body.get("message")
    return response


@SETTINGS
@given(
    q=any_text,
    params=st.dictionaries(
        st.sampled_from(["list", "department", "method", "page", "per_page"]), any_text
    ),
)
def test_api_search_never_fails(fuzz_client, q, params):
    query = "&".join(f"{k}={_enc(v)}" for k, v in {"q": q, **params}.items())
    _check(fuzz_client, f"/api/v1/search?{query}")


@SETTINGS
@given(raw=any_bytes, name=st.sampled_from(["q", "list", "page", "per_page", "method"]))
def test_api_search_raw_bytes(fuzz_client, raw, name):
    q = "" if name == "q" else "q=%E8%AF%81%E6%98%8E&"
    _check(fuzz_client, f"/api/v1/search?{q}{name}={_enc(raw)}")


@SETTINGS
@given(q=any_text)
def test_suggest_and_search_page(fuzz_client, q):
    _check(fuzz_client, f"/api/v1/suggest?q={_enc(q)}")
    response = _check(fuzz_client, f"/search?q={_enc(q)}")
    assert "<script>alert" not in response.get_data(as_text=True)


@SETTINGS
@given(
    segment=st.one_of(any_text, any_bytes),
    route=st.sampled_from(
        [
            "/api/v1/items/{}",
            "/items/{}",
            "/lists/{}",
            "/api/v1/lists/{}",
            "/api/v1/versions/{}/diff",
            "/mode/{}",
        ]
    ),
)
def test_path_segments(fuzz_client, segment, route):
    _check(fuzz_client, route.format(_enc(segment) or "x"))


@SETTINGS
@given(
    kind=st.sampled_from(["abolished", "retained", "nope"]),
    fmt=any_text,
    department=any_text,
    method=any_text,
)
def test_list_filters(fuzz_client, kind, fmt, department, method):
    _check(
        fuzz_client,
        f"/api/v1/lists/{kind}?format={_enc(fmt)}&department={_enc(department)}"
        f"&method={_enc(method)}",
    )
    _check(fuzz_client, f"/lists/{kind}?department={_enc(department)}&method={_enc(method)}")


MALFORMED = [
    "/api/v1/search?q=%zz",
    "/api/v1/search?q=%ff%fe",
    "/api/v1/search?q=%",
    "/api/v1/search?q=%E8%AF",
    "/api/v1/search?q=%00",
    "/api/v1/search?q=%ed%a0%80",
    "/api/v1/search?q=a&q=b&q=%zz",
    "/api/v1/search?q=x&page=%zz",
    "/api/v1/search?q=x&page=%00",
    "/api/v1/search?q=x&per_page=%ef%bc%91",
    "/api/v1/search?q=x&page=1%00",
    "/api/v1/search?=&&&q",
    "/api/v1/search?q[]=1&q[x]=2",
    "/api/v1/items/%zz",
    "/api/v1/items/%ff%fe",
    "/api/v1/items/%00",
    "/api/v1/items/" + "a" * 5000,
    "/api/v1/versions/%zz/diff",
    "/api/v1/versions/99999999999999999999999/diff",
    "/api/v1/versions/-1/diff",
    "/api/v1/lists/%ff",
    "/items/%ff%fe",
    "/items/" + "%ff" * 2000,
    "/search?q=%zz",
    "/search?q=" + "%e8%af%81" * 5000,
    "/search?q=%00%00&page=%zz",
    "/lists/abolished?department=%ff&method=%00",
    "/" + "a/" * 3000,
    "/api/v1/" + "%2e%2e/" * 50,
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/mode/elder?next=%ff",
    "/mode/elder?next=//evil.example",
]


@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_urls(fuzz_client, url):
    response = _check(fuzz_client, url)
    if url.startswith("/mode/elder"):
        assert response.headers["Location"] in ("/", "http://localhost/")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ("q=", "missing_query"),
        ("q=" + "证" * 5000, "query_too_long"),
        ("q=x&page=0", "invalid_page"),
        ("q=x&page=abc", "invalid_page"),
        ("q=x&per_page=1000", "invalid_per_page"),
        ("q=x&list=both", "invalid_list"),
        ("q=x&method=%00", "invalid_method"),
        ("q=x&department=" + "a" * 500, "invalid_department"),
    ],
)
def test_bad_parameters_are_explained(fuzz_client, params, code):
    response = fuzz_client.get(f"/api/v1/search?{params}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == code
    assert body["message"]


def test_long_query_page_is_cut_with_a_message(fuzz_client):
    response = fuzz_client.get("/search", query_string={"q": "无犯罪记录证明" + "证" * 5000})
    assert response.status_code == 200


def test_operator_soup_is_plain_text(fuzz_client):
    soup = 'name:无犯罪* OR (居住 AND NOT "亲属") ^2 ~ [a TO z]'
    response = fuzz_client.get("/api/v1/search", query_string={"q": soup})
    assert response.status_code == 200
    assert response.get_json()["query"] == soup


def test_enough_examples_ran():
    """Run last in this module: the properties above sent at least 1,000 requests."""
    if COUNT["requests"] == 0:
        pytest.skip("run together with the property tests")
    print(f"\nfuzz: {COUNT['requests']} requests, statuses {dict(COUNT['statuses'])}, "
          f"slowest {COUNT['slowest']:.2f} s")  # fmt: skip
    assert COUNT["requests"] >= 1000, COUNT
    assert not any(status >= 500 for status in COUNT["statuses"])
