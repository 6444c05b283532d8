"""The quarterly agenda's scheduled work: deadline reminders, each morning (never twice)."""

from huey import crontab

from directory.core import jobs
from directory.core.models import utcnow
from directory.editions.mails import send_due


@jobs.periodic(crontab(minute="0", hour="6"))
def send_edition_reminders() -> dict:
    return dict(send_due(utcnow()))
