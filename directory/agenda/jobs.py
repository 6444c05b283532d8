"""The agenda's scheduled work: organisations' own iCalendar feeds, read every three hours."""

from flask import current_app
from huey import crontab

from directory.agenda import imports as event_feeds
from directory.agenda.models import EventFeed
from directory.core import jobs
from directory.core.extensions import db


def import_all(slug: str | None = None) -> list[tuple[str, event_feeds.ImportReport]]:
    """Every active feed (or one organisation's), each committed on its own; (name, report)."""
    done = []
    feeds = [f for f in event_feeds.active_feeds() if slug is None or f.organization.slug == slug]
    for feed_id, name in [(f.id, f.organization.nom) for f in feeds]:
        feed = db.session.get(EventFeed, feed_id)
        try:
            report = event_feeds.import_feed(feed)
            db.session.commit()
        except Exception:  # a bug or odd data in one feed must not stop the others
            db.session.rollback()
            current_app.logger.exception("import of event feed %s failed", feed_id)
            event_feeds.record_failure(db.session.get(EventFeed, feed_id))
            db.session.commit()
            report = event_feeds.ImportReport(error=event_feeds.UNEXPECTED)
        done.append((name, report))
    return done



@jobs.periodic(crontab(minute="15", hour="*/3"))
def import_feeds() -> int:
    return len(import_all())
