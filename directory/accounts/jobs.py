"""Account mails decided and sent by the job worker, not by the request.

The forms that name an address then do the same work, in the same time, whether an account
exists or not (no enumeration)."""

from directory.accounts import mails
from directory.accounts.models import User
from directory.core import jobs
from directory.core.extensions import db

KINDS = ("register", "signin", "reset")


@jobs.task()
def mail_for_address(kind: str, email: str, next_url: str | None = None) -> None:
    """The mail a form asked for, if any: the request only queued the address."""
    user = User.by_email(email)
    if user is None or not user.is_active:
        return
    if kind == "register":
        if user.is_verified:
            mails.send_account_exists(user)
        else:
            mails.send_verification(user)
    elif kind == "signin":
        mails.send_signin_link(user, next_url)
    elif kind == "reset":
        mails.send_reset(user)
    db.session.commit()  # the mail leaves


def queue_for_address(kind: str, email: str, next_url: str | None = None) -> None:
    """After the request's commit, whatever the address."""
    assert kind in KINDS
    jobs.enqueue_after_commit(mail_for_address, kind, email, next_url)
