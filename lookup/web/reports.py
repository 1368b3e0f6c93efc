"""Residents' reports: the public form at /report and POST /api/v1/reports.

A stored report is a case: the resident is shown its number and check code once (the thanks
page reads them from the session, so they never appear in a URL or a server log) and looks
the case up later at /report/status (`lookup.web.case_status`).
"""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from lookup.core import clock, metrics
from lookup.core.errors import BadRequest, LookupServiceError
from lookup.lists import store
from lookup.office import ratelimit, reports
from lookup.office.report_rules import LIMITS, ReportInvalid
from lookup.web import case_status

bp = Blueprint("reports", __name__)
api_bp = Blueprint("reports_api", __name__, url_prefix="/api/v1")

RECEIPT = "report_receipt"  # the session key of the last case number and code shown
# (hits, seconds): per client address, and for everyone together (a flood from many addresses).
DEFAULT_LIMITS = {"address": [[5, 600], [20, 86400]], "global": [[300, 3600]]}


class TooManyReports(LookupServiceError):
    code = "too_many_reports"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("提交过于频繁，请稍后再试；紧急情况请拨打 12345 政务服务便民热线")
        self.retry_after = retry_after


class ReportForm(FlaskForm):
    # The fields only carry text; reports.create() validates, so the form and the API agree.
    item_id = HiddenField()
    certificate = StringField("被要求提供的证明", render_kw={"maxlength": LIMITS["certificate"]})
    office = StringField("要求提供证明的单位", render_kw={"maxlength": LIMITS["office"]})
    # Most residents report on the day it happened: today (Beijing time) unless they change it.
    happened_on = StringField(
        "日期", default=lambda: clock.today().isoformat(), render_kw={"type": "date"}
    )
    description = TextAreaField("情况说明（选填）", render_kw={"maxlength": LIMITS["description"]})
    contact = StringField(
        "联系方式（选填）", render_kw={"maxlength": LIMITS["contact"], "autocomplete": "tel"}
    )


@bp.url_value_preprocessor
@api_bp.url_value_preprocessor
def small_bodies(_endpoint, _values) -> None:
    """A report is a few fields: refuse large bodies (413) before anything reads them. (URL
    value preprocessors run before every before_request function, the CSRF check included.)"""
    request.max_content_length = int(current_app.config["REPORT_MAX_BYTES"])


def _check_rate() -> None:
    """Count this submission against the per-address and global limits (all nodes share them)."""
    limits = current_app.config["REPORT_LIMITS"]
    address = request.remote_addr or "unknown"
    # Counters are keyed by a keyed hash: the table never holds a resident's address.
    secret = current_app.config["SECRET_KEY"].encode()
    tag = hashlib.sha256(secret + address.encode()).hexdigest()[:24]
    checks = [(f"report:addr:{tag}:{w}", n, w) for n, w in limits["address"]]
    checks += [(f"report:all:{w}", n, w) for n, w in limits["global"]]
    for key, limit, window in checks:
        if not ratelimit.allow(key, int(limit), int(window)):
            raise TooManyReports(retry_after=int(window))


@bp.route("/report", methods=["GET", "POST"])
def report_page():
    """The form on which a resident reports being asked for a certificate."""
    form = ReportForm()
    item = None
    if request.method == "GET":
        item_id = (request.args.get("item") or "")[:64]
        item = store.get_item(item_id) if item_id else None
        if item is not None:
            form.item_id.data, form.certificate.data = item["id"], item["name"]
    status, problem = 200, None
    if form.validate_on_submit():
        data = {name: form[name].data or "" for name in LIMITS if name in form}
        data["happened_on"] = form.happened_on.data or ""
        try:
            reports.check(data)
            _check_rate()
            created = reports.create(data)
            metrics.REPORTS.inc()
        except ReportInvalid as exc:
            for field, message in exc.problems.items():  # every wrong field at once
                form[field].errors = [message]
            status = 422
        except TooManyReports as exc:
            status, problem = 429, exc.message
        else:
            session[RECEIPT] = {k: created[k] for k in ("case_number", "check_code", "due_on")}
            return redirect(url_for("reports.thanks"), code=303)
    elif form.errors:
        status = 400
    return render_template("reports/form.html", form=form, problem=problem), status


@bp.get("/report/thanks")
def thanks():
    """Confirmation after a report was received: its case number and check code."""
    return render_template("reports/thanks.html", receipt=session.get(RECEIPT))


@api_bp.post("/reports")
def create_report():
    """Store a resident's report (JSON); 201 with its case number and check code."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("invalid_json", "请求内容应为 JSON 对象（Content-Type: application/json）")
    reports.check(data)
    _check_rate()
    created = reports.create(data)
    metrics.REPORTS.inc()
    created["status_url"] = url_for("case_status.status_page", _external=True)
    response = jsonify(created)
    response.status_code = 201
    return response


def init_app(app: Flask) -> None:
    """Register the form and the API route; the API is exempt from CSRF (no cookie authority)."""
    from lookup.web.security import csrf

    app.config.setdefault("REPORT_LIMITS", DEFAULT_LIMITS)
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
    case_status.init_app(app)
