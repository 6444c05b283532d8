"""The listings' template helpers: who may edit, the out-of-date mark, RNA drafts.

The listings' template helpers: who may edit a listing, the "peut-être obsolète" mark, the
drafts imported from the national register (RNA).
"""

from flask import g
from flask_login import current_user

from directory.accounts.permissions import can_edit
from directory.core.dates import today_paris
from directory.listings import freshness, rna_drafts


def can_edit_listing(org) -> bool:
    return can_edit(current_user, org)


def listing_stale(org) -> bool:
    """The "peut-être obsolète" mark on pages and result cards."""
    return freshness.is_stale(org, today_paris())


def register_draft(org) -> rna_drafts.RegisterDraft | None:
    """The import behind a draft still waiting to be claimed, or None (for pages and queue)."""
    if org is None or not org.rna or org.is_published:
        return None
    found = rna_drafts.by_rna(org.rna)
    return found if found is not None and found.organization.id == org.id else None


def unclaimed_register_ids() -> set[int]:
    """Ids of the imported drafts no one manages yet: one query per page (the staff queue)."""
    if "unclaimed_register_ids" not in g:
        g.unclaimed_register_ids = rna_drafts.claimable_ids()
    return g.unclaimed_register_ids


def changes_requested(org) -> list[str]:
    """What the staff asked the listing's people to change and they have not done yet: the
    draft sent back, or the latest change sent back with nothing proposed since."""
    from sqlalchemy import select

    from directory.core.extensions import db
    from directory.listings.models.revision import Revision, RevisionAction, RevisionState

    if org is None or org.id is None:
        return []
    latest = db.session.scalars(
        select(Revision).where(Revision.organization_id == org.id)
        .order_by(Revision.created_at.desc(), Revision.id.desc()).limit(20)).all()
    messages = []
    if org.changes_requested_at is not None:
        asked = next((r for r in latest if r.action == RevisionAction.REQUEST_CHANGES), None)
        if asked is not None and asked.comment:
            messages.append(asked.comment)
    sent_back = [r for r in latest if r.state == RevisionState.CHANGES_REQUESTED]
    if sent_back:
        newest = sent_back[0]
        proposed_since = any(r.created_at > newest.created_at and r.author_id == newest.author_id
                             and r.action == RevisionAction.EDIT for r in latest)
        if not proposed_since and newest.review_reason:
            messages.append(newest.review_reason)
    return messages
