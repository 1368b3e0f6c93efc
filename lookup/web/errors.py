"""Client errors raised by the services and the one handler that answers every error.

The handler speaks JSON (``{"error": code, "message": text, "request_id": id}``) to API
clients and renders a Chinese page (with the request id) for people. A database that cannot
be reached is a 503 that says so. Unexpected exceptions are logged and answered with a generic 500:
never a traceback.
"""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lookup.core.errors import LookupServiceError
from lookup.lists.db import UNAVAILABLE
from lookup.web import requestid

# Codes and Chinese messages for the HTTP errors Werkzeug raises itself.
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求有误，请检查后重试"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "您没有权限访问此页面"),
    404: ("not_found", "找不到您要的页面或内容"),
    405: ("method_not_allowed", "不支持此请求方式"),
    406: ("not_acceptable", "无法提供所需的格式"),
    408: ("request_timeout", "请求超时，请重试"),
    413: ("payload_too_large", "上传文件过大"),
    414: ("uri_too_long", "网址过长"),
    415: ("unsupported_media_type", "不支持的文件或数据格式"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
    431: ("headers_too_large", "请求头过大"),
}
INTERNAL_ERROR = ("internal_error", "系统暂时出了点问题，请稍后再试，或拨打 12345 咨询")
# The database is away (stopped, restarting, unreachable): searches go on from this node's
# index, what needs the database answers this until it is back.
DATABASE_AWAY = (
    "database_unavailable",
    "数据库暂时无法连接，管理页面和提交功能暂停使用，恢复后会自动可用，请稍后刷新重试。"
    "查询证明事项不受影响。",
)
RETRY_AFTER_DATABASE = 10


def wants_json() -> bool:
    """Answer in JSON for the API (and health check) and for clients that ask for JSON."""
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    return best == "application/json"


def _describe(error: Exception) -> tuple[int, str, str]:
    if isinstance(error, LookupServiceError):
        return error.status, error.code, error.message
    if isinstance(error, UNAVAILABLE):
        current_app.logger.warning(
            "database unavailable on %s %s: %s", request.method, request.path, error.__class__
        )
        return 503, *DATABASE_AWAY
    if isinstance(error, CSRFError):
        return 400, "csrf_failed", "页面已过期，请刷新页面后重新提交"
    if isinstance(error, HTTPException):
        status = error.code or 500
        if status >= 500:
            return status, *INTERNAL_ERROR
        code, message = HTTP_ERRORS.get(status, ("http_error", "请求无法完成"))
        return status, code, message
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return 500, *INTERNAL_ERROR


def handle_error(error: Exception):
    """Turn any exception into a JSON error body or a Chinese error page."""
    status, code, message = _describe(error)
    request_id = requestid.current()
    if wants_json():
        response = jsonify(error=code, message=message, request_id=request_id)
        response.status_code = status
    else:
        try:
            body = render_template(
                "errors/error.html",
                status=status,
                code=code,
                message=message,
                request_id=request_id,
            )
        except Exception:  # the page itself failed: fall back to plain text, not a traceback
            current_app.logger.exception("error page failed to render")
            body = f'<!doctype html><html lang="zh-CN"><title>出错了</title><p>{message}</p></html>'
        response = current_app.response_class(body, status=status, mimetype="text/html")
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    retry_after = getattr(error, "retry_after", None)
    if status == 429 and retry_after:
        response.headers["Retry-After"] = str(retry_after)
    if code == DATABASE_AWAY[0]:
        response.headers["Retry-After"] = str(RETRY_AFTER_DATABASE)
    return response


def init_app(app: Flask) -> None:
    """Register the single handler for service errors, HTTP errors and everything else."""
    app.register_error_handler(Exception, handle_error)
