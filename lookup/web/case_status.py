"""/report/status: a resident looks up their case with its number and check code.

The page is a POST form (the code never lands in a URL, a history or a log) and
`POST /api/v1/reports/status` answers the same in JSON. Wrong numbers and codes are refused
alike and rate-limited by `lookup.office.report_status`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request

from lookup.core.errors import BadRequest
from lookup.office import report_status
from lookup.office.report_status import CaseNotFound, TooManyLookups
from lookup.web.case_forms import StatusForm

bp = Blueprint("case_status", __name__)
api_bp = Blueprint("case_status_api", __name__, url_prefix="/api/v1")


@bp.route("/report/status", methods=["GET", "POST"])
def status_page():
    """The form for a case number and check code, and the case it opens."""
    form = StatusForm()
    case, problem, status = None, None, 200
    headers = {"Cache-Control": "no-store"}
    if form.validate_on_submit():
        try:
            case = report_status.look_up(
                form.number.data or "", form.code.data or "", request.remote_addr or ""
            )
        except (CaseNotFound, TooManyLookups, BadRequest) as exc:
            problem, status = exc.message, exc.status
            if isinstance(exc, TooManyLookups):
                headers["Retry-After"] = str(exc.retry_after)
        form.code.data = ""  # the code is not written back into the page
    elif form.errors:
        problem, status = "页面已过期，请刷新页面后重新查询", 400
    page = render_template("reports/status.html", form=form, case=case, problem=problem)
    return page, status, headers


@api_bp.post("/reports/status")
def status_api():
    """A case by number and check code (JSON); 404 for a wrong one, 429 after too many."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("invalid_json", "请求内容应为 JSON 对象（Content-Type: application/json）")
    case = report_status.look_up(
        data.get("case_number"), data.get("check_code"), request.remote_addr or ""
    )
    response = jsonify(case)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the page and the API route (the API is exempt from CSRF: no cookie authority)."""
    from lookup.web.security import csrf

    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
