"""Listing models: organisations, places, contacts, activities, members, history, moderation.

Listing models: organisations, their places, contacts and activities, members, history and
moderation. Importing any of them loads them all, so that their relationships (and the
accounts' memberships) resolve whichever module is imported first.
"""

from directory.listings.models import (  # noqa: F401
    contact,
    membership,
    merge,
    moderation,
    organization,
    place,
    revision,
    service,
)
