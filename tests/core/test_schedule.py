"""The cron jobs are the worker's schedule, in code: each listed at its time, each doing the work
of its command when it runs."""

from datetime import datetime, timedelta

from sqlalchemy import select

from directory.core import jobs
from directory.core.dates import today_paris
from directory.core.extensions import db as _db
from directory.observatory import counting
from directory.observatory import jobs as observatory_jobs
from directory.observatory.models import DailySalt, DailyVisitor
from tests.mailserver import text_of
from tests.newsletters.test_digests import subscriber

#: Task name -> a time it runs at (UTC) and one it does not.
SCHEDULE = {
    "drain_outbox_every_minute": (datetime(2027, 3, 1, 9, 41), None),
    "send_campaign_reminders": (datetime(2027, 3, 1, 6, 30), datetime(2027, 3, 1, 7, 30)),
    "send_edition_reminders": (datetime(2027, 3, 1, 6, 0), datetime(2027, 3, 1, 6, 30)),
    "daily_digest": (datetime(2027, 3, 1, 7, 0), datetime(2027, 3, 1, 8, 0)),
    "weekly_digests": (datetime(2027, 3, 1, 5, 0), datetime(2027, 3, 2, 5, 0)),  # a Monday
    "monthly_digests": (datetime(2027, 3, 1, 5, 0), datetime(2027, 3, 2, 5, 0)),
    "import_feeds": (datetime(2027, 3, 1, 9, 15), datetime(2027, 3, 1, 10, 15)),
    "purge_referrals": (datetime(2027, 3, 1, 2, 10), datetime(2027, 3, 1, 3, 10)),
    "purge_counts": (datetime(2027, 3, 1, 0, 20), datetime(2027, 3, 1, 1, 20)),
    "refresh_reports": (datetime(2027, 3, 1, 9, 45), datetime(2027, 3, 1, 9, 47)),
    "nightly_build": (datetime(2027, 3, 1, 1, 30), datetime(2027, 3, 1, 2, 30)),
}


def test_the_worker_s_schedule_lists_every_cron_job(app):
    jobs._import_tasks()  # what `flask jobs worker` does first
    periodic = {task.name: task for task in jobs.queue._registry.periodic_tasks}
    assert set(periodic) == set(SCHEDULE)
    for name, (runs, skips) in SCHEDULE.items():
        task = periodic[name]
        assert task.validate_datetime(runs), name
        if skips is not None:
            assert not task.validate_datetime(skips), name


def test_the_observatory_purge_runs_without_visits(app, db):
    yesterday = today_paris() - timedelta(days=1)
    _db.session.add(DailySalt(day=yesterday, salt=b"x" * 32))
    _db.session.add(DailyVisitor(day=yesterday, key=counting.ALL_FEEDS, digest="a" * 32))
    _db.session.commit()
    assert observatory_jobs.purge_counts.call_local() == 1
    _db.session.expire_all()
    assert yesterday not in {v.day for v in _db.session.scalars(select(DailyVisitor))}
    assert _db.session.scalars(select(DailySalt)).all() == []


def test_the_weekly_digests_are_sent_by_the_schedule(app, db, mailbox):
    from directory.newsletters import jobs as newsletter_jobs
    from tests.newsletters.test_digests import event

    subscriber("abonnee@exemple.fr", themes=["culture"])
    event("Concert de Noël", 3, themes=("musique-et-chant",))
    _db.session.commit()
    job_id = newsletter_jobs.weekly_digests.call_local()
    assert job_id
    assert "Concert de Noël" in text_of(mailbox.last("abonnee@exemple.fr"))
