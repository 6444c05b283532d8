"""Claims and error reports, and the staff's decisions on them (the queue: staff.queries)."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from directory.accounts.models import User, normalize_email
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import members
from directory.listings.models.moderation import Claim, ErrorReport, ReviewState
from directory.listings.models.organization import Organization

CLAIM_MAX_AGE = 7 * 24 * 3600


def _review(item, moderator: User, state: str, reason: str | None) -> None:
    item.state = state
    item.reviewed_by_id = moderator.id if moderator is not None else None
    item.reviewed_at = utcnow()
    item.review_reason = reason or None
    db.session.flush()


# Error reports --------------------------------------------------------------------------------


def report_error(org: Organization, message: str, email: str | None) -> ErrorReport:
    report = ErrorReport(organization=org, message=message,
                         email=normalize_email(email) if email else None)
    db.session.add(report)
    db.session.flush()
    return report


def close_report(report: ErrorReport, moderator: User, reason: str | None) -> None:
    _review(report, moderator, ReviewState.CLOSED, reason)


# Claims ---------------------------------------------------------------------------------------


def email_matches(org: Organization, user: User) -> bool:
    """The claimant's address is the one the listing gives: a mailed link will prove it."""
    return bool(org.courriel) and normalize_email(org.courriel) == user.email


def claim(org: Organization, user: User, message: str | None) -> Claim:
    existing = db.session.scalars(
        select(Claim).where(Claim.organization_id == org.id, Claim.user_id == user.id,
                            Claim.state == ReviewState.PENDING)
    ).first()
    if existing is not None:
        existing.message = message or existing.message
        db.session.flush()
        return existing
    item = Claim(organization=org, user=user, message=message or None)
    db.session.add(item)
    db.session.flush()
    return item


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="directory.moderation.claim")


def claim_token(item: Claim) -> str:
    return _serializer().dumps({"c": item.id, "e": item.organization.courriel})


def claim_from_token(token: str) -> Claim | None:
    """A pending claim whose listing still gives the address the link was sent to."""
    try:
        payload = _serializer().loads(token, max_age=CLAIM_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        return None
    item = db.session.get(Claim, payload["c"])
    if item is None or item.state != ReviewState.PENDING:
        return None
    if item.organization.courriel != payload.get("e"):
        return None
    return item


def confirm_claim_by_email(item: Claim) -> None:
    item.email_confirmed_at = utcnow()
    members.add_membership(item.user, item.organization)
    _review(item, None, ReviewState.ACCEPTED, None)


def accept_claim(item: Claim, moderator: User) -> None:
    members.add_membership(item.user, item.organization)
    _review(item, moderator, ReviewState.ACCEPTED, None)


def refuse_claim(item: Claim, moderator: User, reason: str) -> None:
    _review(item, moderator, ReviewState.REFUSED, reason)
