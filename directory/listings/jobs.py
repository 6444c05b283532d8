"""The listings' scheduled work: update campaigns' first mails and reminders, each morning."""

from huey import crontab

from directory.core import jobs
from directory.core.models import utcnow
from directory.listings.campaigns.mails import send_due


@jobs.periodic(crontab(minute="30", hour="6"))
def send_campaign_reminders() -> dict:
    return dict(send_due(utcnow()))
