"""Who may do what: plain functions on (user, object), and one decorator for views."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from directory.accounts.models import Role
from directory.core.extensions import login_manager

STAFF_ROLES = {Role.ADMIN, Role.MODERATOR}


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN


def is_staff(user) -> bool:
    """Intercommunality staff: administrators and moderators."""
    return _signed_in(user) and user.role in STAFF_ROLES


def can_moderate(user) -> bool:
    """Review listings, publish, archive: the intercommunality's staff."""
    return is_staff(user)


def is_professional(user) -> bool:
    """Partners' staff, and the intercommunality's: they see the partner directory."""
    return _signed_in(user) and (user.role == Role.PROFESSIONAL or user.role in STAFF_ROLES)


def can_edit(user, organization) -> bool:
    """Staff edit every listing; a member edits the organisations they belong to."""
    if not _signed_in(user) or organization is None:
        return False
    if is_staff(user):
        return True
    return user.membership_of(organization) is not None


def can_invite(user, organization) -> bool:
    return can_edit(user, organization)


def permission_required(check: Callable[..., bool]):
    """View decorator: anonymous visitors go to the sign-in page, others without the right get 403.

    `check` receives the current user and the view's keyword arguments, e.g.
    `@permission_required(lambda user, **kw: can_moderate(user))`.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not _signed_in(current_user):
                return login_manager.unauthorized()
            if not check(current_user, **kwargs):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
