"""Members of an organisation: memberships, invitations mailed to join, and accepting one."""

from sqlalchemy import select

from directory.accounts.models import User, normalize_email
from directory.accounts.operations import make_token, read_token
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings.models.membership import Invitation, Membership, MembershipRole
from directory.listings.models.organization import Organization


def add_membership(
    user: User, organization: Organization, role: str = MembershipRole.MANAGER
) -> Membership:
    membership = db.session.scalars(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organization_id == organization.id
        )
    ).first()
    if membership is None:
        membership = Membership(user=user, organization=organization, role=role)
        db.session.add(membership)
    else:
        membership.archived_at = None
        membership.role = role
    db.session.flush()
    db.session.expire(user, ["memberships"])
    return membership


def invite(organization: Organization, email: str, role: str, invited_by: User) -> Invitation:
    invitation = Invitation(
        organization=organization, email=normalize_email(email), role=role, invited_by=invited_by
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def invitation_token(invitation: Invitation, issued_at: int | None = None) -> str:
    return make_token("invitation", {"i": invitation.id}, issued_at)


def invitation_from_token(token: str) -> Invitation | None:
    """A pending invitation; None once accepted, expired or for an archived organisation."""
    payload = read_token("invitation", token)
    if not payload or not isinstance(payload.get("i"), int):
        return None
    invitation = db.session.get(Invitation, payload["i"])
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.organization.archived_at is not None:
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    membership = add_membership(user, invitation.organization, invitation.role)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    if user.email == invitation.email:
        user.mark_verified()  # the invitation reached this address
    db.session.flush()
    return membership
