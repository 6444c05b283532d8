"""Mail goes out over real SMTP (a loopback server), or into instance/mails/ when none is set."""

import email
import logging
from email.policy import default

from directory.accounts.models import User
from directory.core.mail import mail_folder, send_mail
from tests.mailserver import PASSWORD, USERNAME, free_port, html_of, text_of

SUBJECT = "Confirmez votre adresse – Annuaire et agenda du territoire"


def send(to="josette@exemple.fr"):
    user = User(email=to, name="Josette Lefèvre")
    return send_mail(to, SUBJECT, "verify", user=user, url="http://localhost/compte/verifier/abc")


def test_a_mail_has_a_french_subject_a_text_and_an_html_part(app, db, mailbox):
    assert send() is True
    (message,) = mailbox.messages
    assert message["Subject"] == SUBJECT
    assert message["To"] == "josette@exemple.fr"
    assert message["From"] == "Annuaire et agenda du territoire <ne-pas-repondre@localhost>"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    assert "Bonjour Josette Lefèvre" in text_of(message)
    assert "http://localhost/compte/verifier/abc" in text_of(message)
    assert '<a href="http://localhost/compte/verifier/abc">' in html_of(message)
    assert mailbox.handler.envelopes[0].rcpt_tos == ["josette@exemple.fr"]


def test_smtp_credentials_are_used(app, db, mailbox):
    app.config.update(MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD)
    assert send() is True
    assert len(mailbox.messages) == 1


def test_a_refused_delivery_is_logged_not_raised(app, db, mailbox, caplog):
    app.config.update(MAIL_USERNAME=USERNAME, MAIL_PASSWORD="pas le bon")
    with caplog.at_level(logging.ERROR, logger="directory.mail"):
        assert send() is False
    assert mailbox.messages == []
    assert "could not be sent" in caplog.text

    app.config.update(MAIL_USERNAME=None, MAIL_PORT=free_port())  # nobody listens there
    with caplog.at_level(logging.ERROR, logger="directory.mail"):
        assert send("autre@exemple.fr") is False
    assert "autre@exemple.fr" in caplog.text


def test_without_smtp_server_mails_land_in_the_instance_folder_and_the_log(app, db, caplog):
    assert not app.config["MAIL_SERVER"]
    before = set(mail_folder().glob("*.eml")) if mail_folder().exists() else set()
    with caplog.at_level(logging.WARNING, logger="directory.mail"):
        assert send() is True
    (path,) = set(mail_folder().glob("*.eml")) - before
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["Subject"] == SUBJECT
    assert "http://localhost/compte/verifier/abc" in text_of(message)
    assert "http://localhost/compte/verifier/abc" in caplog.text
    path.unlink()
