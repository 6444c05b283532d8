"""The observatory's pages: the staff's indicators (page, CSV, XLSX, PDF) and unmet needs.

/moderation/indicateurs is for the staff only; professionals record a need nobody answers from
the partner directory (/partenaires/besoin-non-couvert).
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate, is_professional, permission_required
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.observatory import charts, exports, periods, queries
from directory.observatory import operations as observatory
from directory.observatory.forms import PeriodForm, UnmetNeedForm
from directory.printing.pdf import render_pdf

bp = Blueprint("observatory", __name__)

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))
professional_only = permission_required(lambda user, **kwargs: is_professional(user))


def _period() -> periods.Period:
    today = today_paris()
    value = request.args.get("periode")
    if not value:
        return periods.current(today)
    period = periods.parse(value, today)
    if period is None:
        abort(400)
    return period


def _file_stem(period: periods.Period) -> str:
    return f"indicateurs-{period.value or 'periode'}"


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.get("/moderation/indicateurs")
@staff_only
def indicators():
    period = _period()
    form = PeriodForm(today_paris(), data={"periode": period.value})
    report = queries.cached_report(period, fresh="recalculer" in request.args)
    return render_template("observatory/indicators.html", report=report, form=form,
                           chart=charts.chart, needs=queries.unmet_needs(period))


@bp.get("/moderation/indicateurs/<key>.csv")
@staff_only
def table_csv(key: str):
    period = _period()
    table = queries.cached_report(period).table(key)
    if table is None:
        abort(404)
    return _download(exports.table_csv(table), "text/csv",
                     f"{_file_stem(period)}-{key}.csv")


@bp.get("/moderation/indicateurs/<key>.xlsx")
@staff_only
def table_xlsx(key: str):
    period = _period()
    report = queries.cached_report(period)
    tables = report.tables() if key == "tout" else [t for t in [report.table(key)] if t]
    if not tables:
        abort(404)
    return _download(exports.tables_xlsx(tables, period.label), exports.XLSX_MIMETYPE,
                     f"{_file_stem(period)}-{key}.xlsx")


@bp.get("/moderation/indicateurs/bilan.pdf")
@staff_only
def report_pdf():
    period = _period()
    html = render_template("observatory/report.html", report=queries.cached_report(period),
                           chart=charts.chart, made_on=today_paris())
    return _download(render_pdf(html), "application/pdf", f"bilan-{period.value}.pdf")


@bp.route("/partenaires/besoin-non-couvert", methods=["GET", "POST"])
@professional_only
def unmet_need():
    """A professional found no service for a need: it is kept, without anyone's data."""
    form = UnmetNeedForm(data={"need": request.args.get("q", ""),
                               "commune": request.args.get("commune", ""),
                               "theme": request.args.get("theme", ""),
                               "public": request.args.get("public", "")})
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("observatory/unmet_need.html", form=form), status
    observatory.record_unmet_need(form.need.data, theme=form.theme.data or None,
                                  commune=form.commune.data or None,
                                  public=form.public.data or None, author=current_user)
    db.session.commit()
    flash("Merci : le besoin non couvert est enregistré pour l'observatoire du territoire.",
          "success")
    return redirect(url_for("partners.index"))
