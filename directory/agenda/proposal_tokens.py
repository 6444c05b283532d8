"""Signed links of events proposed without an account: to confirm, then to manage them.

Signed links of the events proposed without an account: confirming a proposal, then managing
its event.

Two links (itsdangerous, the app's secret key, one salt each):
- confirmation: the proposal id and address, valid CONFIRM_MAX_AGE, usable once (the proposal
  keeps `confirmed_at`);
- management: the event id, proposal id and address, valid MANAGE_MAX_AGE; it only ever opens
  the event it was made for, and stops working when the event is withdrawn.

Apart from `proposals` because the moderation's mails carry the management link too.
"""

from directory.agenda.models import EventProposal
from directory.core.extensions import db
from directory.core.links import EXPIRED, INVALID, LinkError, read, sign

__all__ = ["EXPIRED", "INVALID", "LinkError", "confirm_token", "manage_token",
           "proposal_to_confirm", "proposal_to_manage"]

CONFIRM_MAX_AGE = 2 * 24 * 3600
MANAGE_MAX_AGE = 400 * 24 * 3600
_SALT = "directory.agenda.{}"


def confirm_token(proposal: EventProposal) -> str:
    return sign(_SALT.format("propose-confirm"), {"p": proposal.id, "m": proposal.email})


def manage_token(proposal: EventProposal) -> str:
    return sign(_SALT.format("propose-manage"),
                {"p": proposal.id, "e": proposal.event_id, "m": proposal.email})


def _load(purpose: str, token: str, max_age: int) -> dict:
    return read(_SALT.format(purpose), token, max_age, "p")


def proposal_to_confirm(token: str) -> EventProposal:
    """The proposal of a confirmation link (maybe already confirmed); raises LinkError."""
    payload = _load("propose-confirm", token, CONFIRM_MAX_AGE)
    proposal = db.session.get(EventProposal, payload["p"])
    if proposal is None or proposal.email != payload.get("m"):
        raise LinkError(INVALID)
    return proposal


def proposal_to_manage(token: str) -> EventProposal:
    """The confirmed proposal of a management link, its event still there; raises LinkError."""
    payload = _load("propose-manage", token, MANAGE_MAX_AGE)
    proposal = db.session.get(EventProposal, payload["p"])
    if (proposal is None or proposal.confirmed_at is None or proposal.event is None
            or proposal.event_id != payload.get("e") or proposal.email != payload.get("m")
            or proposal.event.archived_at is not None):
        raise LinkError(INVALID)
    return proposal
