"""Telling the staff that something waits: a mail per arrival, or one daily digest.

An `after_flush` listener notes what entered the queue (a new draft listing, a pending change,
a claim, an error report, a submitted event, a professional access request); just before the
commit, the staff who chose « each » get one mail listing all of it, queued with
`core.mail.queue_mail` so that it leaves only if the commit succeeds. An import of 46 listings
is one mail, never 46. The others get `send_digests()` once a day (`flask staff digest`, or the
worker's periodic task in `staff.jobs`), or nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, has_request_context
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.accounts.permissions import STAFF_ROLES
from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.mail import queue_mail, send_mail, site_name
from directory.core.models import utcnow
from directory.core.urls import absolute_url
from directory.listings.models.moderation import Claim, ErrorReport
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionState
from directory.partners.models import ProfessionalRequest
from directory.staff import queries
from directory.staff.models import DEFAULT_NOTIFY, Notify, StaffPreference
from directory.taxonomy.vocabularies import ModerationState, Status

#: Session.info key: (kind, id) of what entered the queue in this transaction.
_ARRIVED = "staff_queue_arrivals"

KIND_LABELS = {
    "listing": "Nouvelle fiche",
    "change": "Modification de fiche",
    "claim": "Demande de gestion",
    "report": "Erreur signalée",
    "event": "Événement à valider",
    "professional": "Demande d'accès professionnel",
}


@dataclass
class Arrival:
    kind: str
    label: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def init_app(app: Flask) -> None:
    """The listeners are declared at import; nothing to configure."""


def _arrivals_of_flush(session: Session) -> list[tuple[str, int]]:
    found = []
    for obj in session.new:
        if isinstance(obj, Organization) and obj.status == Status.DRAFT:
            found.append(("listing", obj.id))
        elif isinstance(obj, Revision) and obj.state == RevisionState.PENDING:
            found.append(("change", obj.id))
        elif isinstance(obj, Claim):
            found.append(("claim", obj.id))
        elif isinstance(obj, ErrorReport):
            found.append(("report", obj.id))
        elif isinstance(obj, ProfessionalRequest):
            found.append(("professional", obj.id))
        elif isinstance(obj, Event) and obj.moderation_state == ModerationState.SUBMITTED:
            found.append(("event", obj.id))
    for obj in session.dirty:
        if isinstance(obj, Event) and obj.moderation_state == ModerationState.SUBMITTED:
            if inspect(obj).attrs.moderation_state.history.added:
                found.append(("event", obj.id))
        elif (isinstance(obj, Organization) and obj.status == Status.DRAFT
              and obj.changes_requested_at is None
              and inspect(obj).attrs.changes_requested_at.history.deleted):
            # A draft sent back to its authors comes back once they save it.
            found.append(("listing", obj.id))
    return found


@sa_event.listens_for(Session, "after_flush")
def _note_arrivals(session: Session, flush_context) -> None:
    found = _arrivals_of_flush(session)
    if found:
        session.info.setdefault(_ARRIVED, []).extend(found)


@sa_event.listens_for(Session, "before_commit")
def _mail_arrivals(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # what the commit would flush now is noted too
    arrived = session.info.pop(_ARRIVED, None)
    if not arrived:
        return
    # Nobody is told of what they did themselves.
    actor = current_user if has_request_context() else None
    actor_id = actor.id if actor is not None and actor.is_authenticated else None
    recipients = [u for u in subscribers(Notify.EACH) if u.id != actor_id]
    if not recipients:
        return
    items = describe(arrived)
    if not items:
        return
    subject = (f"À examiner : {items[0].kind_label.lower()} « {items[0].label} »"
               if len(items) == 1 else f"À examiner : {len(items)} nouveaux éléments")
    for user in recipients:
        queue_mail(user.email, f"{subject} – {site_name()}", "staff_waiting", items=items,
                   url=absolute_url("moderation.queue"),
                   settings_url=absolute_url("staff.home", _anchor="courriels"))


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_arrivals(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_ARRIVED, None)


def describe(arrived: list[tuple[str, int]]) -> list[Arrival]:
    """What each (kind, id) is, in words, as the staff's mail lists it (duplicates dropped)."""
    models = {"listing": Organization, "change": Revision, "claim": Claim, "report": ErrorReport,
              "event": Event, "professional": ProfessionalRequest}
    items, seen = [], set()
    with db.session.no_autoflush:
        for kind, item_id in arrived:
            if (kind, item_id) in seen:
                continue
            seen.add((kind, item_id))
            obj = db.session.get(models[kind], item_id)
            if obj is not None:
                items.append(Arrival(kind, _label(kind, obj)))
    return items


def _label(kind: str, obj) -> str:
    if kind == "listing":
        return obj.nom
    if kind in ("change", "claim", "report"):
        return obj.organization.nom
    if kind == "event":
        return obj.title
    return f"{obj.name} ({obj.structure})"


# Who is told how ----------------------------------------------------------------------------


def notify_choice(user: User) -> str:
    pref = db.session.get(StaffPreference, user.id)
    return pref.notify if pref is not None else DEFAULT_NOTIFY


def set_notify_choice(user: User, choice: str) -> StaffPreference:
    pref = db.session.get(StaffPreference, user.id)
    if pref is None:
        pref = StaffPreference(user_id=user.id)
        db.session.add(pref)
    pref.notify = Notify(choice).value
    db.session.flush()
    return pref


def subscribers(choice: str) -> list[User]:
    """Active staff members whose choice is `choice` (no row: DEFAULT_NOTIFY)."""
    condition = StaffPreference.notify == choice
    if choice == DEFAULT_NOTIFY:
        condition = or_(condition, StaffPreference.user_id.is_(None))
    return list(db.session.scalars(
        select(User).outerjoin(StaffPreference, StaffPreference.user_id == User.id)
        .where(User.role.in_([r.value for r in STAFF_ROLES]), User.archived_at.is_(None),
               condition)
        .order_by(User.id)
    ))


# The daily digest -----------------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """One mail to each staff member who chose the digest, when something waits and none left
    for them in the last 20 hours; returns how many left. Commits (a command, a job)."""
    now = now or utcnow()
    waiting = queries.waiting()
    if waiting.total == 0:
        return 0
    sent = 0
    for user in subscribers(Notify.DIGEST):
        pref = db.session.get(StaffPreference, user.id)
        if pref is not None and pref.last_digest_at is not None and \
                pref.last_digest_at > now - timedelta(hours=20):
            continue
        if send_mail(user.email, f"Ce qui attend l'équipe : {waiting.total} élément"
                     f"{'s' if waiting.total > 1 else ''} – {site_name()}", "staff_digest",
                     waiting=waiting, url=absolute_url("moderation.queue"),
                     settings_url=absolute_url("staff.home", _anchor="courriels")):
            if pref is None:
                pref = StaffPreference(user_id=user.id, notify=DEFAULT_NOTIFY)
                db.session.add(pref)
            pref.last_digest_at = now
            sent += 1
    db.session.commit()
    return sent
