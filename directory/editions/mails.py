"""Reminders of the quarterly agenda's submission deadline, each mailed at most once.

A reminder is claimed by its row (unique per edition, organisation and reminder number: only
one of two concurrent runs inserts it), removed again if every address failed (core.mailings).
"""

from collections import Counter
from datetime import datetime
from email.message import EmailMessage
from functools import partial

from directory.core.dates import to_paris
from directory.core.extensions import db
from directory.core.mail import build_message, site_name
from directory.core.mailings import DueMail, claim_row, release_row, send_batch
from directory.core.urls import absolute_url
from directory.editions import operations as editions
from directory.editions.models import Edition, EditionReminder
from directory.listings.campaigns.operations import recipient_emails
from directory.listings.models.organization import Organization


def send_due(now: datetime) -> Counter[str]:
    """Mail every organisation with a member the reminders due at `now`, once each.

    A missed run does not send two reminders at once: one, and both count as done.
    """
    return send_batch(_due(now))


def _due(now: datetime):
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
            row = EditionReminder(edition_id=edition_id, organization_id=org_id, number=due,
                                  emails=emails, sent_at=now)
            yield DueMail("reminders", claim=partial(claim_row, row),
                          compose=partial(_messages, edition_id, org_id, emails, due),
                          release=partial(release_row, row))


def _messages(edition_id: int, org_id: int, emails: list[str],
              reminder: int) -> list[EmailMessage]:
    edition, org = db.session.get(Edition, edition_id), db.session.get(Organization, org_id)
    deadline = _deadline(edition)
    subject = f"Agenda {edition.title} : vos dates avant le {deadline} – {site_name()}"
    # Members add their events from their organisations' pages.
    url = absolute_url("manage.index")
    return [
        build_message(email, subject, "edition_reminder", edition=edition, org=org, url=url,
                      reminder=reminder, deadline=deadline)
        for email in emails
    ]


def _deadline(edition: Edition) -> str:
    from directory.editions.layout import day_fr

    return day_fr(edition.submission_deadline)
