"""Referrals and orientation sheets sent by professionals, and the purge of personal data.

Referrals and orientation sheets sent by professionals, and the purge of the personal data
they hold once the retention period is over.
"""

from datetime import datetime, timedelta

from blinker import signal
from flask import current_app
from sqlalchemy import select, update

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings.models.membership import Membership
from directory.listings.models.service import Service
from directory.partners.models import Referral, ReferralKind

#: Days the beneficiary's data is kept (DIRECTORY_REFERRAL_RETENTION_DAYS overrides).
DEFAULT_RETENTION_DAYS = 90
#: Sent with the referrals about to lose their personal data, in the purge's transaction: the
#: observatory keeps what their needs were about as anonymous counts.
before_purge = signal("referrals-before-purge")


def retention_days() -> int:
    return int(current_app.config.get("REFERRAL_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def erased_on(referral: Referral) -> datetime:
    return referral.created_at + timedelta(days=retention_days())


def record(service: Service, sender: User, kind: str, *, sent_to: str | None,
           name: str | None, contact: str | None, need: str | None) -> Referral:
    """Keep what was sent; the form made sure the beneficiary agreed (consent is required)."""
    now = utcnow()
    referral = Referral(
        kind=kind, service=service, organization_id=service.organization_id, sender=sender,
        sent_to=sent_to, beneficiary_name=name, beneficiary_contact=contact, need=need,
        consent_at=now, created_at=now,
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def refer(service: Service, sender: User, *, sent_to: str, name: str, contact: str,
          need: str) -> Referral:
    return record(service, sender, ReferralKind.REFERRAL, sent_to=sent_to, name=name,
                  contact=contact, need=need)


def sheet_sent(service: Service, sender: User, *, email: str, name: str | None) -> Referral:
    return record(service, sender, ReferralKind.SHEET, sent_to=None, name=name, contact=email,
                  need=None)


def purge(now: datetime | None = None) -> int:
    """Empty the personal data of referrals older than the retention period; returns how many."""
    limit = (now or utcnow()) - timedelta(days=retention_days())
    due = select(Referral).where(Referral.purged_at.is_(None), Referral.created_at < limit)
    if before_purge.receivers:
        before_purge.send(current_app._get_current_object(),
                          referrals=db.session.scalars(due).all())
    result = db.session.execute(
        update(Referral)
        .where(Referral.purged_at.is_(None), Referral.created_at < limit)
        .values(beneficiary_name=None, beneficiary_contact=None, need=None,
                purged_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return result.rowcount or 0


def history(user: User) -> tuple[list[Referral], list[Referral]]:
    """(sent by the user, received by the structures they are a member of), newest first."""
    sent = db.session.scalars(
        select(Referral).where(Referral.sender_id == user.id)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    ).all()
    member_of = select(Membership.organization_id).where(
        Membership.user_id == user.id, Membership.archived_at.is_(None))
    received = db.session.scalars(
        select(Referral)
        .where(Referral.kind == ReferralKind.REFERRAL,
               Referral.organization_id.in_(member_of))
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    ).all()
    return list(sent), list(received)
