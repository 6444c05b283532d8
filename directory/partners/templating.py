"""The partner directory's template helpers: the staff's queue of professional access requests."""

from flask_login import current_user

from directory.accounts.permissions import can_moderate
from directory.partners import access
from directory.partners.models import ProfessionalRequest


def pending_professional_requests() -> list[ProfessionalRequest]:
    """For the staff's moderation queue."""
    return access.pending_requests() if can_moderate(current_user) else []
