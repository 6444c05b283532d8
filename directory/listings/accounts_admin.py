"""The staff's work on accounts: search, staff invitations, roles, memberships, deactivation.

Each action is written to the account log (accounts.audit).

Deactivating sets User.archived_at: the account can no longer sign in, its open sessions end
(the session loader refuses inactive accounts) and its mailed links stop working (the token
readers in accounts.operations refuse them).
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from directory.accounts import audit
from directory.accounts.audit import AccountActionKind
from directory.accounts.models import ROLE_LABELS, Role, User, normalize_email
from directory.accounts.operations import create_user
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import fold
from directory.core.urls import absolute_url
from directory.listings.models.membership import Membership

STAFF_ROLES = (Role.MODERATOR, Role.ADMIN)
PER_PAGE = 50


class AccountRefused(Exception):
    """Shown to the staff as is (French)."""


def role_label(role: str | None) -> str:
    return ROLE_LABELS.get(role, "Compte ordinaire (membre d'organisations)") if role else \
        "Compte ordinaire (membre d'organisations)"


@dataclass
class AccountPage:
    accounts: list[User]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def search_accounts(q: str = "", role: str = "", state: str = "", page: int = 1) -> AccountPage:
    """Accounts by name or address (accents ignored), role and state, with their memberships."""
    statement = select(User)
    words = q.strip()
    if words:
        # Accents ignored on both sides (« elodie » finds « Élodie »): folded in Python, as
        # SQLite has no accent folding; a few thousand accounts are read in milliseconds.
        wanted = fold(words)
        ids = [uid for uid, email, name in db.session.execute(
            select(User.id, User.email, User.name))
            if wanted in fold(email) or wanted in fold(name or "")]
        statement = statement.where(User.id.in_(ids))
    if role == "aucun":
        statement = statement.where(User.role.is_(None))
    elif role in set(Role):
        statement = statement.where(User.role == role)
    if state == "actifs":
        statement = statement.where(User.archived_at.is_(None))
    elif state == "desactives":
        statement = statement.where(User.archived_at.is_not(None))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    page = max(1, page)
    accounts = list(db.session.scalars(
        statement.options(selectinload(User.memberships).selectinload(Membership.organization))
        .order_by(User.email).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ))
    return AccountPage(accounts, total, page)


def _check_actor(actor: User, user: User, new_role: str | None = None) -> None:
    # Only an administrator makes or unmakes an administrator.
    if actor.role != Role.ADMIN and Role.ADMIN in (user.role, new_role):
        raise AccountRefused("Seul un administrateur peut modifier le compte d'un administrateur "
                             "ou donner ce rôle.")


def invite_staff(email: str, name: str | None, role: str, actor: User) -> tuple[User, bool]:
    """A colleague's account with a staff role (created, or the existing one given the role).

    Returns (user, created). The caller mails the sign-in link after the commit."""
    if role not in STAFF_ROLES:
        raise AccountRefused("Choisissez le rôle de modérateur ou d'administrateur.")
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise AccountRefused("Seul un administrateur peut donner le rôle d'administrateur.")
    user = User.by_email(email)
    created = user is None
    if created:
        user = create_user(normalize_email(email), role=role, name=name)
    else:
        if user.archived_at is not None:
            raise AccountRefused("Ce compte est désactivé : réactivez-le d'abord.")
        _check_actor(actor, user, role)
        if name and not user.name:
            user.name = name
        user.role = role
        db.session.flush()
    audit.record(user, actor, AccountActionKind.INVITE,
                 f"{'Compte créé' if created else 'Compte existant'}, rôle : {role_label(role)}")
    return user, created


def change_role(user: User, role: str | None, actor: User) -> None:
    if role is not None and role not in set(Role):
        raise AccountRefused("Rôle inconnu.")
    if user.id == actor.id:
        raise AccountRefused("Vous ne pouvez pas changer votre propre rôle.")
    _check_actor(actor, user, role)
    if user.role == role:
        return
    detail = f"{role_label(user.role)} → {role_label(role)}"
    user.role = role
    db.session.flush()
    audit.record(user, actor, AccountActionKind.ROLE, detail)


def remove_membership(membership: Membership, actor: User) -> None:
    """Memberships are archived, never deleted: who managed a listing stays known."""
    if membership.archived_at is not None:
        return
    membership.archived_at = utcnow()
    db.session.flush()
    db.session.expire(membership.user, ["memberships"])
    audit.record(membership.user, actor, AccountActionKind.REMOVE_MEMBERSHIP,
                 f"Retiré de la fiche « {membership.organization.nom} »")


def deactivate(user: User, actor: User, reason: str | None = None) -> None:
    if user.id == actor.id:
        raise AccountRefused("Vous ne pouvez pas désactiver votre propre compte.")
    _check_actor(actor, user)
    if user.archived_at is not None:
        return
    user.archived_at = utcnow()
    db.session.flush()
    audit.record(user, actor, AccountActionKind.DEACTIVATE, reason or None)


def reactivate(user: User, actor: User) -> None:
    _check_actor(actor, user)
    if user.archived_at is None:
        return
    user.archived_at = None
    db.session.flush()
    audit.record(user, actor, AccountActionKind.REACTIVATE)


def all_memberships(user: User) -> list[Membership]:
    """Current and former memberships, current first."""
    return list(db.session.scalars(
        select(Membership).where(Membership.user_id == user.id)
        .options(selectinload(Membership.organization))
        .order_by(Membership.archived_at.is_not(None), Membership.created_at)
    ))


def send_staff_invitation(user: User, actor: User) -> None:
    """A link to choose a password (valid hours, not minutes: the colleague may read it later)."""

    from directory.accounts import operations as accounts
    from directory.core.mail import queue_mail, site_name

    url = absolute_url("account.reset_password", token=accounts.reset_token(user))
    queue_mail(user.email, f"Vous rejoignez l'équipe de {site_name()}", "staff_invitation",
               user=user, actor=actor, role=role_label(user.role), url=url,
               login_url=absolute_url("account.login"),
               hours=accounts.MAX_AGE["reset"] // 3600)
