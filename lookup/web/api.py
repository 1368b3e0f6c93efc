"""The JSON API (``/api/v1``) and the health check, as described by ``lookup/openapi.py``."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, request

from lookup.core import fields, limits
from lookup.core.errors import BadRequest, NotFound
from lookup.core.limits import MAX_DB_INT, MAX_ITEM_ID
from lookup.lists import store
from lookup.lists.db import UNAVAILABLE
from lookup.office.engines import follower
from lookup.web import openapi, params, published, searching

bp = Blueprint("api", __name__, url_prefix="/api/v1")

FORMATS = ("json", "csv", "xlsx")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _with_url(item: dict) -> dict:
    if item.get("url"):  # search results come with theirs
        return item
    return {**item, "url": searching.item_url(item["id"])}


def _list_kind_from_path(list_kind: str) -> str:
    if list_kind not in fields.LISTS:
        raise NotFound(
            "unknown_list", "没有这个清单：只有 abolished（取消清单）和 retained（保留清单）"
        )
    return list_kind


@bp.get("/search")
def search_items():
    """Search both lists; the answer says whether the certificate is still required."""
    args = request.args
    result = searching.search(
        params.query(args.get("q")),
        list_kind=params.list_kind(args.get("list")),
        department=params.text_filter(args.get("department"), "department"),
        method=params.method(args.get("method")),
        page=params.bounded_int(args.get("page"), "page", 1, 1, limits.MAX_PAGE),
        per_page=params.bounded_int(args.get("per_page"), "per_page", 10, 1, limits.MAX_PER_PAGE),
    )
    result["results"] = [_with_url(r) for r in result["results"]]
    return jsonify(result)


@bp.get("/suggest")
def suggest():
    """Completions for a half-typed query (an empty query has none)."""
    q = params.query(request.args.get("q"), required=False)
    return jsonify(query=q, suggestions=searching.suggestions(q) if q else [])


@bp.get("/items/<item_id>")
def item(item_id: str):
    """One item of the current version, with the address of its page."""
    found = published.get_item(item_id) if len(item_id) <= MAX_ITEM_ID else None
    if found is None:
        raise NotFound("unknown_item", "找不到这条证明事项")
    coming = published.change_for(found["id"])
    if coming is not None:
        v = coming["version"]
        coming = {
            "kind": coming["kind"],
            "fields": coming.get("fields", []),
            "version": v["number"],
            "effective_at": v["effective_at"],
            "doc_number": v["doc_number"],
        }
    return jsonify({**_with_url(found), "coming_change": coming})


@bp.get("/lists/<list_kind>")
def list_items(list_kind: str):
    """A whole list as JSON, or as a CSV/XLSX download in the published layout."""
    kind = _list_kind_from_path(list_kind)
    fmt = request.args.get("format") or "json"
    if fmt not in FORMATS:
        raise BadRequest("invalid_format", "格式只能是 json、csv 或 xlsx")
    department = params.text_filter(request.args.get("department"), "department")
    method = params.method(request.args.get("method"))
    version = published.current_version()
    info = published.version_info(version) if version else None
    items = published.list_items(kind, department=department, method=method)
    if fmt == "json":
        return jsonify(
            list=kind,
            version=version,
            publication=_publication(info),
            total=len(items),
            items=[_with_url(i) for i in items],
        )
    from lookup.lists import exporter

    if fmt == "csv":
        body = exporter.export_csv(items, kind, publication=info)
    else:
        body = exporter.export_xlsx(items, kind, version=version, publication=info)
    response = current_app.response_class(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = _attachment(
        f"平湖市{fields.LIST_LABELS[kind]}-v{version}.{fmt}", f"pinghu-{kind}-v{version}.{fmt}"
    )
    return response


def _publication(info: dict | None) -> dict | None:
    """The official details of the version a list comes from (文号, 发布机关, dates)."""
    if info is None:
        return None
    keys = ("doc_number", "issuer", "issued_on", "effective_at")
    return {"version": info["number"], **{k: info[k] or None for k in keys}}


def _attachment(filename: str, ascii_fallback: str) -> str:
    """RFC 6266/5987: an ASCII name for old clients, the Chinese one for the rest."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"


@bp.get("/versions")
def versions():
    """Every published version (announced ones included), with the number of the current one
    and of those announced but not yet in effect."""
    return jsonify(
        current=store.current_version(),
        scheduled=[v["number"] for v in store.scheduled_versions()],
        versions=store.versions(),
    )


@bp.get("/versions/<int:number>/diff")
def version_diff(number: int):
    """What version ``number`` added, removed and changed against the one before."""
    # A number past any real version would overflow the database integer: just unknown.
    if number > MAX_DB_INT or published.version_info(number) is None:
        raise NotFound("unknown_version", f"没有第 {number} 版清单")
    before = store.previous_version(number)  # withdrawn versions were never public
    changes = store.diff(before, number)
    return jsonify({"from": before, "to": number, **changes, "summary": store.summarise(changes)})


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document())


def healthz():
    """Liveness and the published version; `degraded` (with the reason) while the database is
    away and searches are answered from this node's index, `unavailable` (503) without one."""
    try:
        return jsonify(status="ok", version=store.current_version())
    except UNAVAILABLE as exc:
        current_app.logger.warning("health check: database unavailable: %s", exc)
        engine = follower().engine
    if engine is None:
        reason = "database unreachable and no search index loaded on this node"
        return jsonify(status="unavailable", version=None, reason=reason), 503
    reason = (
        f"database unreachable: searches, item and list pages answer from version "
        f"{engine.version} in this node's memory; office pages and reports answer 503"
    )
    return jsonify(status="degraded", version=engine.version, reason=reason)


@bp.record_once
def _register_healthz(state) -> None:
    # /healthz lives outside /api/v1 where load balancers expect it.
    state.app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
