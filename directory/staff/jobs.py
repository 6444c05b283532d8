"""The staff console's background work: the daily digest, run by the job worker at 7:00 UTC."""

from huey import crontab

from directory.core import jobs
from directory.staff import notifications


@jobs.periodic(crontab(hour="7", minute="0"))
def daily_digest() -> None:
    notifications.send_digests()
