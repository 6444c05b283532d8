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
