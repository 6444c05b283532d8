"""Campaign mails: first mails and reminders, each sent at most once even when run twice at once.

Each mail is first marked as sent by a conditional UPDATE that only one process can win, and
committed; the mail leaves afterwards. If every address fails, the mark is taken back so that
the next run (cron) tries again.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy import select, update

from directory.core.dates import to_paris
from directory.core.extensions import db
from directory.core.mail import send_mail
from directory.listings.campaigns import operations as campaigns
from directory.listings.campaigns.models import Campaign, CampaignRecipient


@dataclass
class Sent:
    first: int = 0
    reminders: int = 0
    failed: int = 0


def _mail(recipient: CampaignRecipient, reminder: bool) -> bool:
    campaign, org = recipient.campaign, recipient.organization
    site = current_app.extensions["territory"]["site_name"]
    subject = (f"Rappel : vérifiez la fiche « {org.nom} »" if reminder
               else f"{campaign.name} : vérifiez la fiche « {org.nom} »")
    url = url_for("campaigns.review", token=campaigns.token(recipient), _external=True)
    results = [
        send_mail(email, f"{subject} – {site}", "campaign_invitation", campaign=campaign,
                  org=org, url=url, reminder=reminder, site_name=site)
        for email in recipient.emails
    ]
    return any(results)


def _claim(recipient_id: int, where, values: dict) -> bool:
    result = db.session.execute(
        update(CampaignRecipient).where(CampaignRecipient.id == recipient_id, where)
        .values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_due(now: datetime) -> Sent:
    """Send what is due at `now` for every open campaign: first mails, then reminders."""
    sent = Sent()
    today = to_paris(now).date()
    open_ids = db.session.scalars(select(Campaign.id).where(Campaign.ends_on >= today)).all()
    for campaign_id in open_ids:
        campaign = db.session.get(Campaign, campaign_id)
        waiting = [r.id for r in campaign.recipients if r.sent_at is None and r.emails]
        for recipient_id in waiting:
            if not _claim(recipient_id, CampaignRecipient.sent_at.is_(None), {"sent_at": now}):
                continue
            if _mail(db.session.get(CampaignRecipient, recipient_id), reminder=False):
                sent.first += 1
            else:
                sent.failed += 1
                _claim(recipient_id, CampaignRecipient.sent_at == now, {"sent_at": None})
        campaign = db.session.get(Campaign, campaign_id)
        for recipient in campaigns.unanswered(campaign):
            due, done = campaigns.reminders_due(campaign, recipient, now), recipient.reminders_sent
            previous = recipient.last_reminder_at
            if due <= done:
                continue
            # A missed run does not send two reminders at once: one, and both count as done.
            if not _claim(recipient.id, CampaignRecipient.reminders_sent == done,
                          {"reminders_sent": due, "last_reminder_at": now}):
                continue
            if _mail(db.session.get(CampaignRecipient, recipient.id), reminder=True):
                sent.reminders += 1
            else:
                sent.failed += 1
                _claim(recipient.id, CampaignRecipient.reminders_sent == due,
                       {"reminders_sent": done, "last_reminder_at": previous})
    return sent
