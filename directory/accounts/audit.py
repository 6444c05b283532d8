"""The log of what the staff did to accounts: invitations, roles, memberships, deactivations."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow


class AccountActionKind(StrEnum):
    INVITE = "invite"
    ROLE = "role"
    REMOVE_MEMBERSHIP = "remove_membership"
    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"


ACCOUNT_ACTION_LABELS = {
    AccountActionKind.INVITE: "Invitation dans l'équipe",
    AccountActionKind.ROLE: "Changement de rôle",
    AccountActionKind.REMOVE_MEMBERSHIP: "Retrait d'une fiche",
    AccountActionKind.DEACTIVATE: "Désactivation du compte",
    AccountActionKind.REACTIVATE: "Réactivation du compte",
}


class AccountAction(db.Model):
    """One staff action on an account; never changed nor deleted."""

    __tablename__ = "account_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The account acted upon.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The staff member who acted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    #: What changed, in French ("Rôle : Aucun → Modérateur (intercommunalité)").
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    @property
    def label(self) -> str:
        return ACCOUNT_ACTION_LABELS.get(self.action, self.action)


def record(user: User, actor: User | None, action: str, detail: str | None = None) -> AccountAction:
    entry = AccountAction(user_id=user.id, actor_id=actor.id if actor is not None else None,
                          action=action, detail=detail)
    db.session.add(entry)
    db.session.flush()
    return entry


def log_of(user: User | None = None, limit: int = 200) -> list[AccountAction]:
    statement = select(AccountAction).order_by(AccountAction.created_at.desc(),
                                               AccountAction.id.desc()).limit(limit)
    if user is not None:
        statement = statement.where(AccountAction.user_id == user.id)
    return list(db.session.scalars(statement))
