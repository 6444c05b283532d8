"""Annual update campaigns: start one, personal links, who answered, who is left, CSV export.

An organisation has answered when, after its first mail, someone other than the staff confirmed
its listing (through the personal link or the member's pages) or changed it (a published or
pending edit): both are revisions, so the answer is read from the history, never kept twice.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select

from directory.accounts.models import Role, User
from directory.core.csv import write_csv
from directory.core.dates import datetime_fr
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import operations as organizations
from directory.listings import revisions
from directory.listings.campaigns.models import Campaign, CampaignRecipient
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction

CONFIRMED, CHANGED = "confirmed", "changed"
ANSWER_LABELS = {CONFIRMED: "Confirmée sans changement", CHANGED: "Modifiée"}


def recipient_emails(org: Organization) -> list[str]:
    """The organisation's address, then its members', each once."""
    seen, emails = set(), []
    for email in [org.courriel, *(u.email for u in organizations.members(org))]:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            emails.append(email)
    return emails


def start(name: str, ends_on: date, reminder_days: list[int], message: str | None,
          staff: User) -> Campaign:
    """A campaign for every published listing; those without any address are listed as left."""
    campaign = Campaign(name=name, ends_on=ends_on, reminder_days=sorted(reminder_days),
                        message=message or None, created_by_id=staff.id)
    db.session.add(campaign)
    orgs = db.session.scalars(
        Organization.published().where(Organization.archived_at.is_(None))
        .order_by(Organization.nom)
    )
    for org in orgs:
        db.session.add(CampaignRecipient(campaign=campaign, organization=org,
                                         emails=recipient_emails(org)))
    db.session.flush()
    return campaign


def is_open(campaign: Campaign, today: date) -> bool:
    return campaign.closed_at is None and today <= campaign.ends_on


def close(campaign: Campaign) -> None:
    """End the campaign now: the personal links answer « terminée », no reminder leaves."""
    campaign.closed_at = utcnow()
    db.session.flush()


# Personal links -------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="directory.campaigns.recipient")


def token(recipient: CampaignRecipient) -> str:
    """Unguessable (signed with the secret key), one per organisation and campaign.

    It stays the same in the reminders; the campaign's end date is its expiry.
    """
    return _serializer().dumps(recipient.id)


def recipient_from_token(value: str) -> CampaignRecipient | None:
    try:
        recipient_id = _serializer().loads(value)
    except BadSignature:
        return None
    if not isinstance(recipient_id, int):
        return None
    return db.session.get(CampaignRecipient, recipient_id)


def confirm(recipient: CampaignRecipient) -> Revision:
    """"Confirmer sans changement" through the link: a verification kept in the history."""
    return revisions.confirm(recipient.organization, None,
                             f"Confirmée via la campagne « {recipient.campaign.name} »")


# Answers and progress -------------------------------------------------------------------------


def answers(campaign: Campaign) -> dict[int, str]:
    """Recipient id -> CONFIRMED or CHANGED, for those who answered since their first mail."""
    rows = db.session.execute(
        select(CampaignRecipient.id, Revision.action)
        .join(Revision, Revision.organization_id == CampaignRecipient.organization_id)
        .outerjoin(User, User.id == Revision.author_id)
        .where(
            CampaignRecipient.campaign_id == campaign.id,
            CampaignRecipient.sent_at.is_not(None),
            Revision.created_at >= CampaignRecipient.sent_at,
            Revision.action.in_([RevisionAction.CONFIRM, RevisionAction.EDIT]),
            # The staff's own edits are not the organisation's answer.
            or_(User.id.is_(None), User.role.is_(None),
                User.role.not_in([Role.ADMIN, Role.MODERATOR])),
        )
    )
    result: dict[int, str] = {}
    for recipient_id, action in rows:
        if action == RevisionAction.EDIT or recipient_id not in result:
            result[recipient_id] = CHANGED if action == RevisionAction.EDIT else CONFIRMED
    return result


@dataclass
class Progress:
    total: int = 0
    sent: int = 0
    confirmed: int = 0
    changed: int = 0
    #: Recipients who have not answered (no address, not sent yet, or silent), by name.
    left: list[CampaignRecipient] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.confirmed + self.changed

    @property
    def rate(self) -> int:
        """Answered out of sent, in whole percent."""
        return round(100 * self.answered / self.sent) if self.sent else 0


def progress(campaign: Campaign) -> Progress:
    done = answers(campaign)
    result = Progress()
    recipients = db.session.scalars(
        select(CampaignRecipient).join(Organization)
        .where(CampaignRecipient.campaign_id == campaign.id).order_by(Organization.nom)
    )
    for recipient in recipients:
        result.total += 1
        result.sent += recipient.sent_at is not None
        answer = done.get(recipient.id)
        if answer == CONFIRMED:
            result.confirmed += 1
        elif answer == CHANGED:
            result.changed += 1
        else:
            result.left.append(recipient)
    return result


def unanswered(campaign: Campaign) -> list[CampaignRecipient]:
    """Recipients with an address who got the first mail and have not answered."""
    done = answers(campaign)
    return [r for r in campaign.recipients
            if r.sent_at is not None and r.emails and r.id not in done]


def reminders_due(campaign: Campaign, recipient: CampaignRecipient, now: datetime) -> int:
    """How many of the campaign's reminders are due for this recipient at `now`."""
    return sum(1 for days in campaign.reminder_days
               if recipient.sent_at + timedelta(days=days) <= now)


# Export ---------------------------------------------------------------------------------------

def left_csv(campaign: Campaign, rows: list[CampaignRecipient], page_url) -> str:
    """Who has not answered yet, for a spreadsheet."""
    header = ["Organisation", "Courriels", "Téléphone", "Premier envoi", "Relances envoyées",
              "Fiche"]
    return write_csv(header, (
        (r.organization.nom, ", ".join(r.emails) or "aucune adresse", r.organization.telephone,
         datetime_fr(r.sent_at) if r.sent_at else "non envoyé", r.reminders_sent,
         page_url(r.organization))
        for r in rows
    ))


def answers_history(campaign: Campaign) -> list[tuple]:
    """Every answer since each first mail, oldest first: (recipient, action, when, author)."""
    rows = db.session.execute(
        select(CampaignRecipient, Revision.action, Revision.created_at, User)
        .join(Revision, Revision.organization_id == CampaignRecipient.organization_id)
        .outerjoin(User, User.id == Revision.author_id)
        .where(
            CampaignRecipient.campaign_id == campaign.id,
            CampaignRecipient.sent_at.is_not(None),
            Revision.created_at >= CampaignRecipient.sent_at,
            Revision.action.in_([RevisionAction.CONFIRM, RevisionAction.EDIT]),
            or_(User.id.is_(None), User.role.is_(None),
                User.role.not_in([Role.ADMIN, Role.MODERATOR])),
        )
        .order_by(Revision.created_at, Revision.id)
    )
    return [tuple(row) for row in rows]


def answers_csv(campaign: Campaign, page_url) -> str:
    """The history of answers for a spreadsheet: one line per answer, then one per listing
    that did not answer."""
    header = ["Organisation", "Réponse", "Date de la réponse", "Par", "Courriels",
              "Premier envoi", "Relances envoyées", "Dernière relance", "Fiche"]

    def common(r: CampaignRecipient) -> list:
        return [", ".join(r.emails) or "aucune adresse",
                datetime_fr(r.sent_at) if r.sent_at else "non envoyé", r.reminders_sent,
                datetime_fr(r.last_reminder_at) if r.last_reminder_at else "",
                page_url(r.organization)]

    history = answers_history(campaign)
    answered = {recipient.id for recipient, *_ in history}
    lines = [
        [recipient.organization.nom,
         ANSWER_LABELS[CHANGED if action == RevisionAction.EDIT else CONFIRMED],
         datetime_fr(when), author.display_name if author is not None else "lien personnel",
         *common(recipient)]
        for recipient, action, when, author in history
    ]
    lines += [
        [r.organization.nom, "Pas de réponse", "", "", *common(r)]
        for r in progress(campaign).left if r.id not in answered
    ]
    return write_csv(header, lines)


def campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc())))
