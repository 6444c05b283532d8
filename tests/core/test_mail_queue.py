"""Mails of the app's pages leave through the job queue after the commit, and are tried again
when the SMTP server is unreachable."""

from sqlalchemy import select

from directory.accounts.models import User
from directory.core import jobs
from directory.core.extensions import db as _db
from directory.core.mail import queue_mail
from tests.mailserver import free_port, text_of

SUBJECT = "Confirmez votre adresse – Annuaire et agenda du territoire"


def queue(to="josette@exemple.fr"):
    user = User(email=to, name="Josette Lefèvre")
    queue_mail(to, SUBJECT, "verify", user=user, url="http://localhost/compte/verifier/abc")


def test_a_queued_mail_leaves_after_the_commit_never_after_a_rollback(app, db, mailbox):
    _db.session.execute(select(1))  # a page's transaction, begun by its queries
    queue("annulee@exemple.fr")
    _db.session.rollback()
    queue()
    assert mailbox.messages == []  # not before the commit
    _db.session.commit()
    (message,) = mailbox.messages
    assert message["To"] == "josette@exemple.fr" and message["Subject"] == SUBJECT
    assert "http://localhost/compte/verifier/abc" in text_of(message)


def test_a_mail_queued_while_the_smtp_server_is_down_leaves_when_it_is_back(app, db, mailbox):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    try:
        queue()
        _db.session.commit()  # the page answers as usual: the queue keeps the mail
    finally:
        app.config["MAIL_PORT"] = port
    assert mailbox.messages == []
    (retry,) = jobs.queue.scheduled()
    assert retry.name == "send_queued" and retry.retries == 7  # one attempt spent, 7 left
    # What the worker does once the delay is over.
    (due,) = jobs.queue.read_schedule(retry.eta)
    jobs.queue.execute(due, retry.eta)
    (message,) = mailbox.messages
    assert message["To"] == "josette@exemple.fr"
    assert jobs.queue.scheduled() == []
