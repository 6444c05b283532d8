"""The accounts' template helpers: what the signed-in person's roles open in the pages."""

from flask_login import current_user

from directory.accounts.permissions import is_professional, is_staff


def user_is_staff() -> bool:
    """For the header's « Modération » link."""
    return is_staff(current_user)


def user_is_professional() -> bool:
    """For what only validated professionals (and staff) see of the partner directory."""
    return is_professional(current_user)
