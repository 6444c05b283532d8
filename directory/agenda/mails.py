"""Agenda mails of the public proposal form: the link that confirms a proposed event.

Queued (core.mail.queue_mail): it leaves when the request commits. The moderation's mails are
in agenda/moderation.py, next to the decisions they tell.
"""


from directory.agenda import proposal_tokens
from directory.agenda.models import EventProposal
from directory.core.mail import queue_mail, site_name
from directory.core.urls import absolute_url


def send_proposal_confirmation(proposal: EventProposal, title: str | None = None) -> None:
    """To whatever address was typed, by anyone: no text of the sender's in it (neither the
    title nor the description), or the form relays spam. The link's page shows the proposal."""
    url = absolute_url("agenda_propose.confirm", token=proposal_tokens.confirm_token(proposal))
    queue_mail(proposal.email, f"Confirmez votre proposition d'événement – {site_name()}",
               "event_proposal_confirm", proposal=proposal, url=url,
               hours=proposal_tokens.CONFIRM_MAX_AGE // 3600)
