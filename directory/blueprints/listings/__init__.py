"""Listing pages: public directory, members' management, moderation, campaigns, RNA claims."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from directory.accounts.permissions import can_edit
from directory.core.extensions import db
from directory.listings.models.organization import Organization


def listing_or_404(slug: str) -> Organization:
    """The listing at this address, unless archived (404 then)."""
    org = db.session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()
    if org is None or org.archived_at is not None:
        abort(404)
    return org


def editable_listing(slug: str) -> Organization:
    """The listing, for the people who may change it (its members, staff): else 403."""
    org = listing_or_404(slug)
    if not can_edit(current_user, org):
        abort(403)
    return org
