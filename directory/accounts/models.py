"""Accounts and their site-wide role; password hashing and the fingerprints put in tokens."""

import contextlib
import hashlib
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

if TYPE_CHECKING:  # the organisation a membership points to: listings sit above accounts
    from directory.listings.models.membership import Membership
    from directory.listings.models.organization import Organization

from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime, utcnow

#: Argon2id with the library's RFC 9106 defaults.
password_hasher = PasswordHasher()
#: Verified against when the email is unknown, so that a wrong email takes as long as a wrong
#: password (no account enumeration by timing).
@cache
def _dummy_hash() -> str:
    return password_hasher.hash("pas un vrai mot de passe")


def verify_dummy_password(password: str) -> None:
    """Spend the time a real check would, for an unknown email."""
    with contextlib.suppress(VerificationError):
        password_hasher.verify(_dummy_hash(), password or "x")


class Role(StrEnum):
    """Site-wide roles; an account without one is an ordinary account (member of organisations)."""

    ADMIN = "admin"
    MODERATOR = "moderator"
    PROFESSIONAL = "professional"


ROLE_LABELS = {
    Role.ADMIN: "Administrateur",
    Role.MODERATOR: "Modérateur (intercommunalité)",
    Role.PROFESSIONAL: "Professionnel (structure partenaire)",
}


def normalize_email(email: str) -> str:
    return email.strip().lower()


def fingerprint(value: str | None) -> str:
    """A short digest of a secret, put in tokens and session ids so they die when it changes."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Always stored lower-case (see normalize_email).
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    #: Argon2id hash; None for accounts that only sign in by emailed link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str | None] = mapped_column(String(20), index=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes at every sign-in: an emailed sign-in link carries it, so it works once.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes at each sign-out: every session cookie issued before dies with it, a copy too.
    session_key: Mapped[str | None] = mapped_column(String(32))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user",
        primaryjoin="and_(Membership.user_id == User.id, Membership.archived_at.is_(None))",
        viewonly=True,
    )

    # Flask-Login: archived accounts cannot sign in, and a password change ends other sessions.
    @property
    def is_active(self) -> bool:
        return self.archived_at is None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_print}"

    @property
    def session_print(self) -> str:
        """What a session carries and must still match: the password and the sign-out key."""
        return fingerprint((self.password_hash or "") + "|" + (self.session_key or ""))

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def set_password(self, password: str) -> None:
        self.password_hash = password_hasher.hash(password)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            verify_dummy_password(password)
            return False
        try:
            password_hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if password_hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    def mark_verified(self) -> None:
        if self.email_verified_at is None:
            self.email_verified_at = utcnow()

    @property
    def organizations(self) -> list["Organization"]:
        return [m.organization for m in self.memberships]

    def membership_of(self, organization: "Organization") -> "Membership | None":
        return next((m for m in self.memberships if m.organization_id == organization.id), None)

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        return db.session.scalars(select(cls).where(cls.email == normalize_email(email))).first()

    def __repr__(self) -> str:
        return f"<User {self.email}>"
