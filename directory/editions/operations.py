"""Quarterly agenda editions: create, choose what is printed, finalise, and who gets reminded."""

from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import exists, select

from directory.accounts.models import User
from directory.agenda import queries as agenda
from directory.agenda.models import Event
from directory.agenda.recurrence import occurrences
from directory.core import jobs
from directory.core.dates import PARIS, date_fr
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.urls import absolute_url
from directory.editions import layout as quarterly
from directory.editions.builds import build_final_pdf
from directory.editions.models import Edition, EditionItem, EditionReminder, EditionState
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization

#: Reminders go this many days before the submission deadline, unless the staff say otherwise.
DEFAULT_REMINDER_DAYS = [21, 7]


class EditionFinalised(Exception):
    """A finalised edition is frozen: nothing in it changes any more."""


def editions() -> list[Edition]:
    return list(db.session.scalars(
        select(Edition).order_by(Edition.year.desc(), Edition.quarter.desc())))


def find(year: int, quarter: int) -> Edition | None:
    return db.session.scalars(
        select(Edition).where(Edition.year == year, Edition.quarter == quarter)).first()


def create(year: int, quarter: int, title: str | None, submission_deadline: date,
           reminder_days: list[int] | None, editorial: str | None, staff: User) -> Edition:
    """An edition for the quarter: every published event of it is in, until left out."""
    edition = Edition(
        year=year, quarter=quarter, title=title or quarterly.default_title(year, quarter),
        submission_deadline=submission_deadline,
        reminder_days=sorted(set(DEFAULT_REMINDER_DAYS if reminder_days is None
                                 else reminder_days), reverse=True),
        editorial=editorial or None, state=EditionState.DRAFT, created_by_id=staff.id,
    )
    db.session.add(edition)
    db.session.flush()
    return edition


def _check_draft(edition: Edition) -> None:
    if edition.is_finalised:
        raise EditionFinalised(edition.id)


def update(edition: Edition, *, title: str, submission_deadline: date, reminder_days: list[int],
           editorial: str | None) -> Edition:
    _check_draft(edition)
    edition.title = title
    edition.submission_deadline = submission_deadline
    edition.reminder_days = sorted(set(reminder_days), reverse=True)
    edition.editorial = editorial or None
    db.session.flush()
    return edition


# The events of the quarter --------------------------------------------------------------------


def quarter_events(edition: Edition) -> list[Event]:
    """Published, not archived events with at least one date in the quarter, by first start.

    Cancelled ones are listed too (the editor shows them); the print leaves them out.
    """
    return [event for event, _ in _with_first_dates(edition)]


def _with_first_dates(edition: Edition) -> list[tuple[Event, object]]:
    """(event, its first date inside the quarter), ordered by that date: a repeating event
    that began before the quarter is listed under its first date in it."""
    window = quarterly.quarter_window(edition.year, edition.quarter)
    # The public agenda's own rule of what is visible, so that paper and site agree.
    query = (Event.overlapping(*window).where(agenda.visible_condition())
             .options(*agenda.EVENT_OPTIONS).order_by(Event.starts_at, Event.id))
    found = []
    for event in db.session.scalars(query):
        dates = occurrences(event, *window)
        if dates:
            kept = [o for o in dates if not o.is_cancelled] or dates
            start = kept[0].start
            if not isinstance(start, datetime):  # an all-day date
                start = datetime.combine(start, time(0), tzinfo=PARIS)
            found.append((event, max(start, window[0])))
    found.sort(key=lambda pair: (pair[1], pair[0].id))
    return found


def first_dates(edition: Edition) -> dict[int, object]:
    """Event id -> its first (not cancelled) date inside the quarter, as the editor shows it."""
    return {event.id: first for event, first in _with_first_dates(edition)}


def deadline_error(year: int, quarter: int, deadline) -> str | None:
    """The deadline must fall before the quarter starts: the paper is printed by then."""
    first, _ = quarterly.quarter_days(year, quarter)
    if deadline is not None and deadline >= first:
        return (f"La date limite doit tomber avant le début du trimestre, le "
                f"{date_fr(first)} : l'agenda est imprimé avant.")
    return None


def delete(edition: Edition) -> None:
    """A draft edition goes, with its choices and the trace of its reminders; a finalised one
    (printed, its PDF public) never does."""
    _check_draft(edition)
    for reminder in list(edition.reminders):
        db.session.delete(reminder)
    for item in list(edition.items):
        db.session.delete(item)
    db.session.delete(edition)
    db.session.flush()


def entries(edition: Edition) -> list[tuple[Event, EditionItem | None]]:
    """Each event of the quarter with the staff's choices for it (None: untouched, included)."""
    items = {i.event_id: i for i in edition.items}
    return [(event, items.get(event.id)) for event in quarter_events(edition)]


def item_for(edition: Edition, event: Event) -> EditionItem:
    for item in edition.items:
        if item.event_id == event.id:
            return item
    item = EditionItem(edition=edition, event=event)
    db.session.add(item)
    return item


def set_choices(edition: Edition, event: Event, *, included: bool, highlighted: bool,
                print_description: str | None) -> EditionItem:
    """Include or leave out, highlight, shorten for print: the online event stays as it is."""
    _check_draft(edition)
    item = item_for(edition, event)
    item.included = included
    item.highlighted = highlighted
    item.print_description = (print_description or "").strip() or None
    db.session.flush()
    return item


# Content and outputs --------------------------------------------------------------------------


def event_url(event: Event) -> str:
    """The event's public page, absolute and short (printed in QR codes and in the DOCX/CSV).

    Without the slug: the page redirects to its full address, even after a change of title,
    and a shorter address makes a smaller QR code, with larger dots, easier to read on paper.
    """
    return absolute_url("agenda.event", event_id=event.id)


def content(edition: Edition) -> dict:
    """What is printed: frozen once finalised, made from the events until then."""
    if edition.is_finalised and edition.content is not None:
        return edition.content
    return quarterly.build_content(edition, entries(edition),
                                   current_app.extensions["territory"], event_url)


def finalise(edition: Edition, staff: User) -> Edition:
    """Freeze the content; the job worker lays out and keeps the A4 PDF made from it, after
    the commit (editions.jobs); later event changes do not show."""
    _check_draft(edition)
    frozen = content(edition)
    edition.pdf = None
    edition.content = frozen
    edition.state = EditionState.FINALISED
    edition.finalised_at = utcnow()
    edition.finalised_by_id = staff.id
    db.session.flush()
    jobs.enqueue_after_commit(build_final_pdf, edition.id)
    return edition


def pdf(edition: Edition, page_size: str = "a4") -> bytes:
    """Laid out now (the job worker's builds), unless it is the finalised A4 kept."""
    if edition.is_finalised and page_size == "a4" and edition.pdf:
        return edition.pdf
    return quarterly.render_edition_pdf(content(edition), page_size)


def file_stem(edition: Edition) -> str:
    return f"agenda-{edition.year}-t{edition.quarter}"


# Reminders ------------------------------------------------------------------------------------


def reminded_organizations() -> list[Organization]:
    """Organisations (not archived) with at least one active member: they submit events."""
    member = exists().where(
        Membership.organization_id == Organization.id, Membership.archived_at.is_(None),
        Membership.user_id == User.id, User.archived_at.is_(None),
    )
    return list(db.session.scalars(
        select(Organization).where(Organization.archived_at.is_(None), member)
        .order_by(Organization.nom)))


def reminders_due(edition: Edition, today: date) -> int:
    """How many of the edition's reminders are due on `today` (none after the deadline)."""
    if edition.is_finalised or today > edition.submission_deadline:
        return 0
    return sum(1 for days in edition.reminder_days
               if (edition.submission_deadline - today).days <= days)


def reminders_done(edition: Edition, organization: Organization) -> int:
    return db.session.scalar(
        select(db.func.coalesce(db.func.max(EditionReminder.number), 0)).where(
            EditionReminder.edition_id == edition.id,
            EditionReminder.organization_id == organization.id)) or 0


def open_editions(today: date) -> list[Edition]:
    return list(db.session.scalars(
        select(Edition).where(Edition.state == EditionState.DRAFT,
                              Edition.submission_deadline >= today)
        .order_by(Edition.submission_deadline)))
