"""Professional access: a person asks for it, the staff accept or refuse it.

Professional access: a person asks for it, the staff accept (the account becomes
professional) or refuse it.
"""

from sqlalchemy import select

from directory.accounts.models import Role, User
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.partners.models import AccessRequestState, ProfessionalRequest


def pending_request(user: User) -> ProfessionalRequest | None:
    return db.session.scalars(
        select(ProfessionalRequest).where(ProfessionalRequest.user_id == user.id,
                                          ProfessionalRequest.state == AccessRequestState.PENDING)
    ).first()


def pending_requests() -> list[ProfessionalRequest]:
    return list(db.session.scalars(
        select(ProfessionalRequest)
        .where(ProfessionalRequest.state == AccessRequestState.PENDING)
        .order_by(ProfessionalRequest.created_at, ProfessionalRequest.id)
    ))


def request_access(user: User, *, name: str, structure: str, organization_id: int | None,
                   role: str, reason: str) -> ProfessionalRequest:
    item = ProfessionalRequest(user=user, name=name, structure=structure,
                               organization_id=organization_id, role=role, email=user.email,
                               reason=reason)
    if not user.name:
        user.name = name
    db.session.add(item)
    db.session.flush()
    return item


def _review(item: ProfessionalRequest, moderator: User, state: str, reason: str | None) -> None:
    item.state = state
    item.reviewed_by_id = moderator.id
    item.reviewed_at = utcnow()
    item.review_reason = reason or None


def accept(item: ProfessionalRequest, moderator: User, reason: str | None = None) -> None:
    """The account becomes professional; staff keep their wider role."""
    _review(item, moderator, AccessRequestState.ACCEPTED, reason)
    if item.user.role is None:
        item.user.role = Role.PROFESSIONAL
    db.session.flush()


def refuse(item: ProfessionalRequest, moderator: User, reason: str) -> None:
    _review(item, moderator, AccessRequestState.REFUSED, reason)
    db.session.flush()


def professionals() -> list[tuple[User, ProfessionalRequest | None]]:
    """Accounts with professional access, each with the request that granted it (if any)."""
    users = db.session.scalars(
        select(User).where(User.role == Role.PROFESSIONAL, User.archived_at.is_(None))
        .order_by(User.email)
    )
    result = []
    for user in users:
        granted = db.session.scalars(
            select(ProfessionalRequest)
            .where(ProfessionalRequest.user_id == user.id,
                   ProfessionalRequest.state == AccessRequestState.ACCEPTED)
            .order_by(ProfessionalRequest.reviewed_at.desc())
        ).first()
        result.append((user, granted))
    return result


def revoke(user: User) -> None:
    """Withdraw professional access (someone left their post); staff roles are not touched."""
    if user.role == Role.PROFESSIONAL:
        user.role = None
    db.session.flush()
