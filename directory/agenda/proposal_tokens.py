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

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.agenda.models import EventProposal
from directory.core.extensions import db

CONFIRM_MAX_AGE = 2 * 24 * 3600
MANAGE_MAX_AGE = 400 * 24 * 3600

#: Why a link was refused, for the page that says so.
INVALID, EXPIRED = "invalid", "expired"


class LinkError(Exception):
    """A link that does not open anything: `kind` is INVALID or EXPIRED."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"directory.agenda.{purpose}")


def confirm_token(proposal: EventProposal) -> str:
    return _serializer("propose-confirm").dumps({"p": proposal.id, "m": proposal.email})


def manage_token(proposal: EventProposal) -> str:
    return _serializer("propose-manage").dumps(
        {"p": proposal.id, "e": proposal.event_id, "m": proposal.email}
    )


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(EXPIRED) from None
    except BadSignature:
        raise LinkError(INVALID) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        raise LinkError(INVALID)
    return payload


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
