"""Members and staff keep their organisation's events: list, edit, cancel, postpone, history.

Members and staff keep their organisation's events: list, new, edit, cancel, postpone, full,
history; the shared planning calendar; event images.

Views follow the listings' pattern: load (404), check permission (403), validate (422, typed
values kept), call one operation, commit once, redirect. A save made from an out-of-date
version answers 409 with what the other person changed. Clashes with other planned events are
shown on the form (« Vérifier les dates », a failed save, the edit page): they never block.
"""

from datetime import date, datetime, time, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.accounts.forms import ConfirmForm
from directory.accounts.permissions import is_staff
from directory.agenda import display as event_display
from directory.agenda import images as event_images
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda import planning, recurrence
from directory.agenda.forms.event import CancelForm, EventForm, PostponeForm
from directory.agenda.models import Event, EventRevision
from directory.blueprints.listings import editable_listing
from directory.core import uploads
from directory.core.dates import PARIS, date_fr, datetime_fr, today_paris
from directory.core.extensions import db
from directory.core.text import french_order
from directory.listings.models.organization import Organization
from directory.observatory import counting
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import (
    EventStatus,
    ModerationState,
)

bp = Blueprint("agenda_manage", __name__)

#: An upload the server could not write: the form comes back, the fault is the server's.
UPLOAD_NOT_WRITTEN = 503


def _event(org: Organization, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or event.organization_id != org.id or event.archived_at is not None:
        abort(404)
    return event


def _clashes(form: EventForm, event: Event | None = None,
             counted: str | None = None) -> list[planning.Clash] | None:
    """None when the dates cannot be read yet (nothing to say). With `counted`, clashes found
    are counted for the indicators (a check of the dates, or a save despite them)."""
    preview = form.preview_event()
    if preview is None:
        return None
    found = planning.clashes(preview, form.commune_slug(), form.publics.data or [],
                             exclude_id=event.id if event is not None else None)
    if found and counted:
        counting.count_clash_warning(counted)
    if not is_staff(current_user):
        planning.mask_for(found, {o.id for o in current_user.organizations})
    return found


def _render_form(org, form, event=None, status=200, clashes=None, conflict=None):
    form.store_image()  # a refused form shown again keeps a checked upload
    changed_dates = []
    if event is not None:
        changed_dates = [(events.key_text(o.key), o) for o in
                         sorted(event.overrides, key=lambda o: events.key_text(o.key))
                         if o.public_status]
    return render_template(
        "agenda/manage/form.html", org=org, form=form, event=event, clashes=clashes,
        conflict=conflict, checked=form.is_submitted(), changed_dates=changed_dates,
    ), status


def _saved(org: Organization, event: Event, state_before: str | None):
    submitted = event.moderation_state == ModerationState.SUBMITTED
    if submitted and state_before != event.moderation_state:
        flash("Merci ! L'événement sera publié dans l'agenda après validation par "
              "l'intercommunalité.", "info")
    elif submitted:
        flash("Modification enregistrée ; l'événement attend toujours la validation.", "info")
    else:
        flash("Événement enregistré.", "success")
    return redirect(url_for(".edit", slug=org.slug, event_id=event.id))


# The organisation's events ------------------------------------------------------------------


@bp.get("/gestion/<slug>/agenda/")
@login_required
def index(slug: str):
    org = editable_listing(slug)
    items = list(db.session.scalars(
        select(Event).where(Event.organization_id == org.id, Event.archived_at.is_(None))
        .order_by(Event.starts_at.desc(), Event.id.desc())
    ))
    today = today_paris()
    upcoming = [e for e in items if e.series_ends_at is None
                or e.series_ends_at.astimezone(PARIS).date() >= today]
    past = [e for e in items if e not in upcoming]
    return render_template("agenda/manage/index.html", org=org, upcoming=upcoming[::-1],
                           past=past, describe=_describe)


def _describe(event: Event) -> str | None:
    if event.rrule:
        first = event.start_date if event.all_day else event.starts_at.astimezone(PARIS).date()
        return recurrence.describe_rrule(event.rrule, first)
    if event.rdates:
        return f"{len(event.rdates) + 1} dates"
    return None


@bp.route("/gestion/<slug>/agenda/nouveau", methods=["GET", "POST"])
@login_required
def new(slug: str):
    org = editable_listing(slug)
    form = EventForm(organization=org, allow_past=is_staff(current_user))
    if not form.is_submitted():
        return _render_form(org, form)
    valid = form.validate_on_submit()
    if form.is_check() or not valid:
        status = 200 if form.is_check() and valid else 422
        return _render_form(org, form, status=status,
                            clashes=_clashes(form, counted=_checked(form)))
    if not form.store_image():
        return _render_form(org, form, status=UPLOAD_NOT_WRITTEN)
    _clashes(form, counted=counting.CLASH_SAVED)
    event = events.create_event(org, current_user, form.event_data(), note=form.comment.data)
    event_moderation.submit_or_publish(event, current_user)
    db.session.commit()
    _warn_if_past(form)
    return _saved(org, event, None)


@bp.route("/gestion/<slug>/agenda/<int:event_id>", methods=["GET", "POST"])
@login_required
def edit(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    if request.method == "GET":
        form = EventForm(data=EventForm.data_from(event), organization=org, event=event,
                         base_version=str(events.current_number(event)))
        form.read_dates()  # the stored dates, for the clashes
        return _render_form(org, form, event, clashes=_clashes(form, event))
    form = EventForm(organization=org, event=event, allow_past=is_staff(current_user))
    valid = form.validate_on_submit()
    if form.is_check() or not valid:
        status = 200 if form.is_check() and valid else 422
        return _render_form(org, form, event, status,
                            clashes=_clashes(form, event, counted=_checked(form)))
    state_before = event.moderation_state
    base = form.base_number
    if not form.store_image():
        return _render_form(org, form, event, UPLOAD_NOT_WRITTEN)
    try:
        events.update_event(event, current_user, form.event_data(), base=base,
                            note=form.comment.data)
        event_moderation.submit_or_publish(event, current_user)
        db.session.commit()
    except IntegrityError:
        # Two saves from the same version at the same instant: one gets its number.
        db.session.rollback()
        if events.current_number(event) == base:
            raise
        return _conflict(org, form, event, events.stale(event, base))
    except events.StaleEdit as error:
        db.session.rollback()
        return _conflict(org, form, event, error)
    _clashes(form, event, counted=counting.CLASH_SAVED)
    _warn_if_past(form)
    return _saved(org, event, state_before)


def _checked(form: EventForm) -> str | None:
    """« Vérifier les dates » counts the clashes it shows; a refused save does not."""
    return counting.CLASH_CHECKED if form.is_check() else None


def _warn_if_past(form: EventForm) -> None:
    if form.is_past:
        flash("Attention : cet événement est déjà passé. Il est enregistré pour mémoire.",
              "warning")


def _conflict(org, form, event, error: events.StaleEdit):
    form.base_version.data = str(error.current_number)
    conflict = {"since": error.since, "labels": event_display.changed_labels(error.changed)}
    return _render_form(org, form, event, 409, clashes=_clashes(form, event), conflict=conflict)


@bp.get("/gestion/<slug>/agenda/conflits")
@login_required
def clashes(slug: str):
    """The clash warnings for the dates in the query string, as an HTML fragment: the form's
    script refreshes them as dates are chosen (the « Vérifier les dates » button does the same
    without script)."""
    org = editable_listing(slug)
    event_id = request.args.get("evenement", "")
    event = _event(org, int(event_id)) if event_id.isdigit() else None
    form = EventForm(formdata=request.args, organization=org, event=event,
                     meta={"csrf": False})
    form.validate()  # errors are for the save; the dates are what matters here
    return render_template("agenda/manage/_clashes.html",
                           clashes=_clashes(form, event, counted=counting.CLASH_CHECKED))


# Public status --------------------------------------------------------------------------------


#: Dates offered when cancelling one date of a repeating event.
MAX_DATES = 60


def _upcoming_dates(event: Event) -> list[tuple[str, str]]:
    """(key, French label) of the event's next dates that are not cancelled yet."""
    if not event.is_recurring:
        return []
    start = datetime.combine(today_paris(), time(0), tzinfo=PARIS)
    found = recurrence.occurrences(event, start, start + timedelta(days=2 * 366))
    return [
        (events.key_text(o.recurrence_id), _occurrence_label(o))
        for o in found if not o.is_cancelled and o.recurrence_id is not None
    ][:MAX_DATES]


def _occurrence_label(occurrence) -> str:
    if isinstance(occurrence.start, datetime):
        return datetime_fr(occurrence.start, "EEEE d MMMM yyyy 'à' HH'h'mm")
    return date_fr(occurrence.start, "EEEE d MMMM yyyy")


@bp.route("/gestion/<slug>/agenda/<int:event_id>/annuler", methods=["GET", "POST"])
@login_required
def cancel(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    form = CancelForm()
    dates = _upcoming_dates(event)
    form.occurrence.choices = [("", "Toutes les dates"), *dates]
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("agenda/manage/cancel.html", org=org, event=event,
                               form=form, dates=dates), status
    if form.occurrence.data:
        key = events.occurrence_key(form.occurrence.data)
        events.set_occurrence_status(event, current_user, key, EventStatus.CANCELLED,
                                     form.note.data or None)
        flash("Cette date est annoncée comme annulée ; les autres restent programmées.",
              "success")
    else:
        events.cancel(event, current_user, form.note.data or None)
        flash("L'événement est annoncé comme annulé : il reste visible dans l'agenda.",
              "success")
    db.session.commit()
    return redirect(url_for(".edit", slug=org.slug, event_id=event.id))


@bp.route("/gestion/<slug>/agenda/<int:event_id>/reporter", methods=["GET", "POST"])
@login_required
def postpone(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    form = PostponeForm()
    valid = form.validate_on_submit()
    if valid and event.is_recurring and form.new_date.data is not None:
        form.new_date.errors.append("Pour un événement qui se répète, changez ses dates dans "
                                    "le formulaire de l'événement ; laissez ce champ vide.")
        valid = False
    if valid and form.new_date.data is not None and form.new_date.data < today_paris():
        form.new_date.errors.append("La nouvelle date est déjà passée.")
        valid = False
    if not valid:
        status = 422 if form.is_submitted() else 200
        return render_template("agenda/manage/postpone.html", org=org, event=event,
                               form=form), status
    events.postpone(event, current_user, form.new_start(event), form.note.data or None)
    db.session.commit()
    flash("L'événement est annoncé comme reporté.", "success")
    return redirect(url_for(".edit", slug=org.slug, event_id=event.id))


@bp.post("/gestion/<slug>/agenda/<int:event_id>/complet")
@login_required
def full(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    events.mark_full(event, current_user)
    db.session.commit()
    flash("L'événement est annoncé comme complet.", "success")
    return redirect(url_for(".edit", slug=org.slug, event_id=event.id))


@bp.post("/gestion/<slug>/agenda/<int:event_id>/reprogrammer")
@login_required
def reopen(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    raw = request.form.get("occurrence", "")
    if raw:  # one date of a repeating event, cancelled earlier
        override = next((o for o in event.overrides if events.key_text(o.key) == raw), None)
        if override is None:
            abort(400)
        events.set_occurrence_status(event, current_user, override.key, None)
        db.session.commit()
        flash("Cette date est de nouveau programmée.", "success")
        return redirect(url_for(".edit", slug=org.slug, event_id=event.id))
    if event.public_status != EventStatus.SCHEDULED:
        events.reopen(event, current_user)
        db.session.commit()
    flash("L'événement est de nouveau annoncé comme programmé.", "success")
    return redirect(url_for(".edit", slug=org.slug, event_id=event.id))


# History --------------------------------------------------------------------------------------


def history_entries(event: Event) -> list[dict]:
    """Each history entry with what changed since the one before."""
    entries = list(db.session.scalars(EventRevision.history(event)))
    result = []
    for index, entry in enumerate(entries):
        previous = entries[index + 1] if index + 1 < len(entries) else None
        changes = [] if previous is None else event_display.diff(previous.snapshot, entry.snapshot)
        result.append({"entry": entry, "changes": changes})
    return result


@bp.get("/gestion/<slug>/agenda/<int:event_id>/historique")
@login_required
def history(slug: str, event_id: int):
    org = editable_listing(slug)
    event = _event(org, event_id)
    return render_template("agenda/manage/history.html", org=org, event=event,
                           entries=history_entries(event))


# Shared planning calendar ---------------------------------------------------------------------


def _month(value: str | None) -> tuple[int, int]:
    today = today_paris()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


@bp.get("/gestion/agenda/planning")
@login_required
def calendar():
    # Members of a published listing only: creating a draft listing gives no view of others'
    # plans (what is still waiting for moderation is not public).
    staff = is_staff(current_user)
    published = [o for o in current_user.organizations if o.is_published and o.archived_at is None]
    if not (staff or published):
        abort(403)
    year, month = _month(request.args.get("mois"))
    commune = request.args.get("commune") or None
    communes = sorted(db.session.scalars(select(Commune).where(Commune.in_territory.is_(True))),
                      key=lambda c: french_order(c.name))
    previous = (year - (month == 1), (month - 2) % 12 + 1)
    following = (year + (month == 12), month % 12 + 1)
    return render_template(
        "agenda/manage/planning.html",
        weeks=planning.month_grid(year, month, commune, full_view=staff,
                                  own={o.id for o in current_user.organizations}),
        year=year, month=month, first=date(year, month, 1), commune=commune,
        communes=list(communes), previous=f"{previous[0]}-{previous[1]:02d}",
        following=f"{following[0]}-{following[1]:02d}",
    )


# Images -------------------------------------------------------------------------------------


@bp.get("/agenda/images/<name>")
def image(name: str):
    """Stored by content hash: the URL changes with the file, so cache for long."""
    if not event_images.is_image_name(name):
        abort(404)
    # A flyer is downloaded rather than shown inside the site's pages.
    pdf = event_images.is_pdf(name)
    return uploads.send(name, event_images.mimetype(name), as_attachment=pdf,
                        download_name="affiche.pdf" if pdf else None)
