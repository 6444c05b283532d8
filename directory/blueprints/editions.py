"""Quarterly agenda editions: the staff's pages and the public PDFs of finalised editions.

The quarterly agenda editions: the staff's pages (under /moderation/editions/) and the
finalised PDFs, public once printed (under /editions/agenda/).
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.forms import ConfirmForm
from directory.accounts.permissions import can_moderate, permission_required
from directory.blueprints import printing as printing_views
from directory.core.extensions import db
from directory.editions import jobs as edition_jobs
from directory.editions import layout as quarterly
from directory.editions import operations as editions
from directory.editions.forms import (
    EditionItemsForm,
    EditionSettingsForm,
    FinaliseForm,
    NewEditionForm,
)
from directory.editions.models import Edition

bp = Blueprint("editions", __name__)

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _edition(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        abort(404)
    return edition


def _settings_form(edition: Edition) -> EditionSettingsForm:
    form = EditionSettingsForm(obj=edition)
    if not form.is_submitted():
        form.reminders.data = ", ".join(str(d) for d in edition.reminder_days)
    return form


def _editor(edition: Edition, settings=None, items=None, finalise=None, errors=None,
            submitted=None, status: int = 200):
    """The editor; after a refused post, every row shows what was sent (`submitted`), the
    errors are listed at the top and next to their rows."""
    entries = editions.entries(edition)
    titles = {event.id: event.title for event, _ in entries}
    settings = settings or _settings_form(edition)
    finalise = finalise or FinaliseForm()
    summary = [(f"#evenement-{event_id}", f"« {titles[event_id]} » : {message}")
               for event_id, message in sorted((errors or {}).items())]
    for form in (settings, finalise):
        summary += [(f"#{form[name].id}", f"{form[name].label.text} : {message}")
                    for name, messages in form.errors.items() for message in messages]
    return render_template(
        "editions/edit.html", edition=edition, entries=entries,
        settings=settings, items_form=items or EditionItemsForm(),
        finalise_form=finalise, errors=errors or {}, submitted=submitted or {},
        summary=summary, first_dates=editions.first_dates(edition) if entries else {},
        printed={e["event_id"] for e in editions.content(edition)["entries"]},
        delete_form=ConfirmForm(),
    ), status


@bp.get("/moderation/editions/")
@staff_only
def index():
    return render_template("editions/index.html", editions=editions.editions())


@bp.route("/moderation/editions/nouvelle", methods=["GET", "POST"])
@staff_only
def new():
    form = NewEditionForm()
    if form.validate_on_submit():
        year, quarter = form.year.data, int(form.quarter.data)
        late = editions.deadline_error(year, quarter, form.submission_deadline.data)
        if late:
            form.submission_deadline.errors.append(late)
        elif editions.find(year, quarter) is not None:
            form.quarter.errors.append("Une édition existe déjà pour ce trimestre.")
        else:
            edition = editions.create(year, quarter, form.title.data,
                                      form.submission_deadline.data, form.reminder_days,
                                      form.editorial.data, current_user)
            db.session.commit()
            flash(f"Édition « {edition.title} » créée avec les rendez-vous publiés du "
                  "trimestre.", "success")
            return redirect(url_for(".edit", edition_id=edition.id))
    status = 422 if form.is_submitted() else 200
    return render_template("editions/new.html", form=form), status


@bp.get("/moderation/editions/<int:edition_id>")
@staff_only
def edit(edition_id: int):
    return _editor(_edition(edition_id))


def _draft(edition_id: int) -> Edition:
    edition = _edition(edition_id)
    if edition.is_finalised:
        abort(409)  # frozen: nothing in it changes any more
    return edition


@bp.post("/moderation/editions/<int:edition_id>/reglages")
@staff_only
def settings(edition_id: int):
    edition = _draft(edition_id)
    form = EditionSettingsForm()
    valid = form.validate_on_submit()
    late = valid and editions.deadline_error(edition.year, edition.quarter,
                                             form.submission_deadline.data)
    if late:
        form.submission_deadline.errors = [late]
    if not valid or late:
        return _editor(edition, settings=form, status=422)
    editions.update(edition, title=form.title.data or quarterly.default_title(
        edition.year, edition.quarter), submission_deadline=form.submission_deadline.data,
        reminder_days=form.reminder_days, editorial=form.editorial.data)
    db.session.commit()
    flash("Réglages et éditorial enregistrés.", "success")
    return redirect(url_for(".edit", edition_id=edition.id))


@bp.post("/moderation/editions/<int:edition_id>/evenements")
@staff_only
def items(edition_id: int):
    edition = _draft(edition_id)
    form = EditionItemsForm()
    events = {event.id: event for event, _ in editions.entries(edition)}
    if not form.validate_on_submit():
        abort(400)
    values, errors = form.choices(set(events))
    if errors:
        # Nothing is saved, and nothing typed or ticked in any row is lost.
        return _editor(edition, items=form, errors=errors, submitted=values, status=422)
    items = {item.event_id: item for item in edition.items}
    for event_id, choice in values.items():
        if events[event_id].is_cancelled:
            # A cancelled event is never printed and its box is not ticked; were it back on,
            # what was chosen before it was cancelled holds.
            item = items.get(event_id)
            choice["included"] = item.included if item is not None else True
        editions.set_choices(edition, events[event_id], **choice)
    db.session.commit()
    flash("Choix enregistrés.", "success")
    return redirect(url_for(".edit", edition_id=edition.id))


@bp.post("/moderation/editions/<int:edition_id>/supprimer")
@staff_only
def delete(edition_id: int):
    edition = _draft(edition_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = edition.title
    editions.delete(edition)
    db.session.commit()
    flash(f"L'édition « {title} » est supprimée.", "success")
    return redirect(url_for(".index"))


@bp.post("/moderation/editions/<int:edition_id>/finaliser")
@staff_only
def finalise(edition_id: int):
    edition = _draft(edition_id)
    form = FinaliseForm()
    if not form.validate_on_submit():
        return _editor(edition, finalise=form, status=422)
    editions.finalise(edition, current_user)
    db.session.commit()
    flash("Édition finalisée : son contenu et son PDF sont conservés tels quels.", "success")
    return redirect(url_for(".edit", edition_id=edition.id))


@bp.get("/moderation/editions/<int:edition_id>/apercu")
@staff_only
def preview(edition_id: int):
    """The printed page itself (same template as the PDF), for the browser."""
    return quarterly.render_html(editions.content(_edition(edition_id)))


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/moderation/editions/<int:edition_id>/<size>.pdf")
@staff_only
def pdf(edition_id: int, size: str):
    """Laid out by the job worker (a few seconds to a minute): the page says so meanwhile."""
    edition = _edition(edition_id)
    if size not in quarterly.PAGE_SIZES:  # "a4", "a5" or "livret"
        abort(404)
    filename = f"{editions.file_stem(edition)}-{size}.pdf"
    if edition.is_finalised and size == "a4":
        if edition.pdf is None:
            return printing_views.pending(edition.title)
        return _download(edition.pdf, "application/pdf", filename)
    response = printing_views.serve(edition_jobs.KIND, f"{edition.id}-{size}", filename,
                                    edition.title)
    if response.status_code == 200:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/moderation/editions/<int:edition_id>/agenda.docx")
@staff_only
def docx(edition_id: int):
    edition = _edition(edition_id)
    return _download(
        quarterly.render_docx(editions.content(edition)),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{editions.file_stem(edition)}.docx")


@bp.get("/moderation/editions/<int:edition_id>/agenda.csv")
@staff_only
def csv(edition_id: int):
    edition = _edition(edition_id)
    return _download(quarterly.render_csv(editions.content(edition)), "text/csv",
                     f"{editions.file_stem(edition)}.csv")


@bp.get("/editions/agenda/<int:year>-t<int:quarter>.pdf")
def public_pdf(year: int, quarter: int):
    """A finalised edition's PDF, as printed: public like the paper copies."""
    edition = editions.find(year, quarter)
    if edition is None or not edition.is_finalised:
        abort(404)
    if edition.pdf is None:  # the worker is laying it out
        return printing_views.pending(edition.title)
    return Response(editions.pdf(edition), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{editions.file_stem(edition)}.pdf"'})
