"""The observatory's scheduled work: yesterday's fingerprints counted and erased each night.

Old counts are dropped too, even on a day without visits (the first count of a day does it
otherwise)."""

from huey import crontab

from directory.core import jobs
from directory.core.dates import today_paris
from directory.observatory import counting


@jobs.periodic(crontab(minute="20", hour="0"))
def purge_counts() -> int:
    deleted = counting.roll_over(today_paris())
    counting.flush()
    return deleted
