"""Campaign mails: first mails and reminders, each sent at most once (core.mailings).

A mail is claimed by a conditional UPDATE of its recipient row (sent_at, or reminders_sent)
that only one run can win, and taken back the same way if every address failed.
"""

from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import partial

from sqlalchemy import select

from directory.core.dates import to_paris
from directory.core.extensions import db
from directory.core.mail import build_message, site_name
from directory.core.mailings import DueMail, claim_update, send_batch
from directory.core.urls import absolute_url
from directory.listings.campaigns import operations as campaigns
from directory.listings.campaigns.models import Campaign, CampaignRecipient


def send_due(now: datetime) -> Counter[str]:
    """Send what is due at `now` for every open campaign: "first" mails, then "reminders"."""
    return send_batch(_due(now))


def _due(now: datetime):
    today = to_paris(now).date()
    open_ids = db.session.scalars(select(Campaign.id).where(
        Campaign.ends_on >= today, Campaign.closed_at.is_(None))).all()
    for campaign_id in open_ids:
        campaign = db.session.get(Campaign, campaign_id)
        waiting = [r.id for r in campaign.recipients if r.sent_at is None and r.emails]
        for recipient_id in waiting:
            yield DueMail(
                "first",
                claim=partial(_mark, recipient_id, CampaignRecipient.sent_at.is_(None),
                              sent_at=now),
                compose=partial(_messages, recipient_id, reminder=False),
                release=partial(_mark, recipient_id, CampaignRecipient.sent_at == now,
                                sent_at=None),
            )
        campaign = db.session.get(Campaign, campaign_id)
        for recipient in campaigns.unanswered(campaign):
            due, done = campaigns.reminders_due(campaign, recipient, now), recipient.reminders_sent
            if due <= done:
                continue
            # A missed run does not send two reminders at once: one, and both count as done.
            yield DueMail(
                "reminders",
                claim=partial(_mark, recipient.id, CampaignRecipient.reminders_sent == done,
                              reminders_sent=due, last_reminder_at=now),
                compose=partial(_messages, recipient.id, reminder=True),
                release=partial(_mark, recipient.id, CampaignRecipient.reminders_sent == due,
                                reminders_sent=done,
                                last_reminder_at=recipient.last_reminder_at),
            )


#: « Relancer maintenant » skips those reminded less than this ago (a double click, a colleague).
RECENT = timedelta(hours=20)


def remind_now(campaign: Campaign, now: datetime) -> Counter[str]:
    """A reminder at once to every listing that has not answered (except those reminded in the
    last hours); counted among its reminders, so the next scheduled one comes on its day."""
    def due():
        for recipient in campaigns.unanswered(campaign):
            if recipient.last_reminder_at is not None and \
                    recipient.last_reminder_at > now - RECENT:
                continue
            done = recipient.reminders_sent
            yield DueMail(
                "reminders",
                claim=partial(_mark, recipient.id, CampaignRecipient.reminders_sent == done,
                              reminders_sent=done + 1, last_reminder_at=now),
                compose=partial(_messages, recipient.id, reminder=True),
                release=partial(_mark, recipient.id, CampaignRecipient.reminders_sent == done + 1,
                                reminders_sent=done,
                                last_reminder_at=recipient.last_reminder_at),
            )

    return send_batch(list(due()))


def _mark(recipient_id: int, condition, **values) -> bool:
    return claim_update(CampaignRecipient, recipient_id, condition, **values)


def _messages(recipient_id: int, reminder: bool) -> list[EmailMessage]:
    recipient = db.session.get(CampaignRecipient, recipient_id)
    campaign, org, site = recipient.campaign, recipient.organization, site_name()
    subject = (f"Rappel : vérifiez la fiche « {org.nom} »" if reminder
               else f"{campaign.name} : vérifiez la fiche « {org.nom} »")
    url = absolute_url("campaigns.review", token=campaigns.token(recipient))
    return [
        build_message(email, f"{subject} – {site}", "campaign_invitation", campaign=campaign,
                      org=org, url=url, reminder=reminder, site_name=site)
        for email in recipient.emails
    ]
