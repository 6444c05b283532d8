"""The partners' scheduled work: referrals' personal data erased once their retention is over."""

from huey import crontab

from directory.core import jobs
from directory.core.extensions import db
from directory.partners import operations as referrals


@jobs.periodic(crontab(minute="10", hour="2"))
def purge_referrals() -> int:
    count = referrals.purge()
    db.session.commit()
    return count
