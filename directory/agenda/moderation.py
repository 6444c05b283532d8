"""Event moderation: submit, publish, ask for a change, refuse; kept in history and mailed.

Event moderation: submit, publish, ask for a change, refuse; each kept in the event's history
and mailed to the person who submitted the event.

Staff and members of trusted organisations publish directly; a proposal from the public form
(no account: `user` None) always waits for the staff, whatever the organisation chosen.

Mails leave only once the transaction is committed (a rolled-back decision mails nobody):
see `core.mail.queue_mail`.

Publishing does not raise the event's SEQUENCE by itself: an edit made while the event waited
has already done so (operations.update_event), and the first publication is the first
version calendars see.
"""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.accounts.models import User
from directory.accounts.permissions import is_staff
from directory.agenda import operations as events
from directory.agenda.display import event_when
from directory.agenda.models import Event, EventAction, EventProposal, EventRevision
from directory.agenda.proposal_tokens import manage_token
from directory.core.extensions import db
from directory.core.mail import queue_mail
from directory.core.urls import absolute_url
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import ModerationState


class NotSubmitted(Exception):
    """A decision on an event that no longer waits for one (decided meanwhile by someone else)."""


# The queue ------------------------------------------------------------------------------------


def awaiting() -> list[Event]:
    """Submitted events, oldest submission first."""
    return list(db.session.scalars(
        select(Event)
        .where(Event.moderation_state == ModerationState.SUBMITTED, Event.archived_at.is_(None))
        .options(selectinload(Event.organization), selectinload(Event.commune))
        .order_by(Event.updated_at, Event.id)
    ))


# Who submitted --------------------------------------------------------------------------------


def proposal_of(event: Event) -> EventProposal | None:
    """The public form's proposal the event came from, if any."""
    if event.id is None:
        return None
    return db.session.scalar(select(EventProposal).where(EventProposal.event_id == event.id))


def submitter(event: Event) -> User | None:
    """The account that last sent the event for validation, else the one that created it."""
    entry = db.session.scalar(
        select(EventRevision)
        .where(EventRevision.event_id == event.id, EventRevision.action == EventAction.SUBMIT,
               EventRevision.author_id.is_not(None))
        .order_by(EventRevision.number.desc()).limit(1)
    )
    if entry is not None:
        return entry.author
    return event.created_by


def submitter_email(event: Event) -> str | None:
    user = submitter(event)
    if user is not None and user.is_active:
        return user.email
    proposal = proposal_of(event)
    return proposal.email if proposal is not None else None


# Decisions ------------------------------------------------------------------------------------


def publishes_directly(organization: Organization, user: User | None) -> bool:
    """Staff and members of trusted organisations publish without moderation."""
    return is_staff(user) or bool(organization.trusted)


def submit(event: Event, user: User | None) -> str:
    """Send the event for validation (or publish it for staff and trusted organisations);
    returns the new moderation state."""
    if user is not None and publishes_directly(event.organization, user):
        _publish(event, user)
        if not is_staff(user):
            _mail(event, "Votre événement est publié",
                  f"Votre événement « {event.title} » est publié dans l'agenda.")
        return event.moderation_state
    event.moderation_state = ModerationState.SUBMITTED
    events.record_change(event, user, EventAction.SUBMIT)
    _mail(event, "Votre événement est bien reçu",
          f"Votre événement « {event.title} » est bien reçu. L'équipe de l'intercommunalité "
          "le relit avant de le publier dans l'agenda ; vous recevrez un courriel dès qu'elle "
          "l'aura fait.", public_link=False)
    return event.moderation_state


def submit_or_publish(event: Event, user: User | None) -> str:
    """After a member saved a draft, refused or awaiting event: publish or send for validation.

    A published event stays published when its organiser edits it (the change is in its
    history for the staff). Returns the new moderation state.
    """
    if event.moderation_state in (ModerationState.PUBLISHED, ModerationState.SUBMITTED):
        # Waiting events are decided on the moderation page (which tells the submitter),
        # even when the staff corrects them first.
        return event.moderation_state
    if publishes_directly(event.organization, user):
        # Unlike `submit`, nobody is mailed: the member (or the feed import) publishes it.
        _publish(event, user)
        return event.moderation_state
    return submit(event, user)


def _check_submitted(event: Event) -> None:
    if event.moderation_state != ModerationState.SUBMITTED or event.archived_at is not None:
        raise NotSubmitted(event.id)


def _publish(event: Event, user: User | None, note: str | None = None) -> None:
    event.moderation_state = ModerationState.PUBLISHED
    event.refusal_reason = None
    events.record_change(event, user, EventAction.PUBLISH, note)


def publish(event: Event, staff: User, message: str | None = None) -> None:
    """Into the agenda; `message` (optional) goes to the submitter with the news."""
    _check_submitted(event)
    _publish(event, staff, message)
    _mail(event, "Votre événement est publié",
          f"Votre événement « {event.title} » est publié dans l'agenda.", note=message)


def request_changes(event: Event, staff: User, message: str) -> None:
    """Back to the organiser as a draft, with what to change; they send it again once done."""
    _check_submitted(event)
    event.moderation_state = ModerationState.DRAFT
    events.record_change(event, staff, EventAction.REQUEST_CHANGES, message)
    _mail(event, "Votre événement : une modification est demandée",
          f"Avant de publier votre événement « {event.title} », l'intercommunalité vous "
          "demande une modification. Corrigez-le puis renvoyez-le pour validation.",
          note=message, public_link=False)


def refuse(event: Event, staff: User, reason: str) -> None:
    if not reason:
        raise ValueError("a refusal needs its reason")
    _check_submitted(event)
    event.moderation_state = ModerationState.REFUSED
    event.refusal_reason = reason
    events.record_change(event, staff, EventAction.REFUSE, reason)
    _mail(event, "Votre événement n'a pas été publié",
          f"Votre événement « {event.title} » n'a pas été publié dans l'agenda.",
          note=reason, public_link=False)


# Mail, after commit -----------------------------------------------------------------------------


def links(event: Event, public_link: bool = True) -> list[tuple[str, str]]:
    """(label, URL) for the submitter: the public page, then where to change the event.

    Outside a request (the feed import, a job) url_for needs DIRECTORY_SERVER_NAME, as for the
    other mails sent by commands.
    """
    found = []
    if public_link and event.moderation_state == ModerationState.PUBLISHED:
        found.append(("Voir l'événement dans l'agenda",
                      absolute_url("agenda.event", event_id=event.id, slug=event.slug)))
    proposal = proposal_of(event)
    if proposal is not None and submitter(event) is None:
        found.append(("Modifier ou annuler l'événement (lien personnel, à garder)",
                      absolute_url("agenda_propose.manage", token=manage_token(proposal))))
    else:
        found.append(("Modifier l'événement",
                      absolute_url("agenda_manage.edit", slug=event.organization.slug,
                              event_id=event.id)))
    return found


def _mail(event: Event, subject: str, message: str, note: str | None = None,
          public_link: bool = True) -> None:
    to = submitter_email(event)
    if not to:
        return
    site = current_app.extensions["territory"]["site_name"]
    context = dict(message=message, note=note, title=event.title,
                   when=event_when(event), links=links(event, public_link))
    queue_mail(to, f"{subject} – {site}", "event_moderation", **context)
