"""Reminders of the quarterly agenda's submission deadline, each mailed at most once.

As for campaigns (campaign_mail.py), a reminder is first recorded and committed (a unique row
per edition, organisation and reminder number: only one of two concurrent runs gets it), then
mailed; if every address fails, the row is removed so that the next run tries again.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BuildError

from directory.core.dates import to_paris
from directory.core.extensions import db
from directory.core.mail import send_mail
from directory.editions import operations as editions
from directory.editions.models import Edition, EditionReminder
from directory.listings.campaigns.operations import recipient_emails
from directory.listings.models.organization import Organization


@dataclass
class Sent:
    reminders: int = 0
    failed: int = 0


def submit_url() -> str:
    """Where members add their events (their organisations' pages)."""
    for endpoint in ("agenda_manage.index", "manage.index", "public.home"):
        try:
            return url_for(endpoint, _external=True)
        except BuildError:
            continue
    return url_for("public.home", _external=True)


def _mail(edition: Edition, org: Organization, emails: list[str], reminder: int) -> bool:
    site = current_app.extensions["territory"]["site_name"]
    subject = f"Agenda {edition.title} : vos dates avant le {_deadline(edition)}"
    results = [
        send_mail(email, f"{subject} – {site}", "edition_reminder", edition=edition, org=org,
                  url=submit_url(), reminder=reminder, deadline=_deadline(edition))
        for email in emails
    ]
    return any(results)


def _deadline(edition: Edition) -> str:
    from directory.core.dates import day_fr

    return day_fr(edition.submission_deadline)


def _claim(edition_id: int, org_id: int, number: int, emails: list[str],
           now: datetime) -> EditionReminder | None:
    reminder = EditionReminder(edition_id=edition_id, organization_id=org_id, number=number,
                               emails=emails, sent_at=now)
    db.session.add(reminder)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return reminder


def send_due(now: datetime) -> Sent:
    """Mail every organisation with a member the reminders due at `now`, once each.

    A missed run does not send two reminders at once: one, and both count as done.
    """
    sent = Sent()
    today = to_paris(now).date()
    for edition_id in [e.id for e in editions.open_editions(today)]:
        edition = db.session.get(Edition, edition_id)
        due = editions.reminders_due(edition, today)
        if not due:
            continue
        for org_id in [o.id for o in editions.reminded_organizations()]:
            edition, org = db.session.get(Edition, edition_id), db.session.get(Organization, org_id)
            if editions.reminders_done(edition, org) >= due:
                continue
            emails = recipient_emails(org)
            if not emails:
                continue
            reminder = _claim(edition_id, org_id, due, emails, now)
            if reminder is None:
                continue
            if _mail(db.session.get(Edition, edition_id), org, emails, due):
                sent.reminders += 1
            else:
                sent.failed += 1
                db.session.delete(reminder)
                db.session.commit()
    return sent
