"""Sending mail: text + HTML from templates/emails/, by SMTP or to the console and instance/mails/.

Configuration (DIRECTORY_MAIL_* in the environment): MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS
(STARTTLS), MAIL_USE_SSL (implicit TLS, port 465), MAIL_USERNAME, MAIL_PASSWORD,
MAIL_DEFAULT_SENDER, MAIL_TIMEOUT. Without MAIL_SERVER (development, demo) nothing leaves the
machine: each mail is logged and written as an .eml file that any mail client opens.
"""

import email
import logging
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import Flask, current_app, render_template
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from directory.core import jobs
from directory.core.extensions import db

logger = logging.getLogger(__name__)

DEFAULTS = {
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": None,
    "MAIL_TIMEOUT": 10,
}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)


def site_name() -> str:
    """What every subject ends with (« … – Annuaire et agenda du territoire »)."""
    return current_app.extensions["territory"]["site_name"]


def sender() -> str:
    configured = current_app.config["MAIL_DEFAULT_SENDER"]
    if configured:
        return configured
    return f"{site_name()} <ne-pas-repondre@localhost>"


def build_message(to: str, subject: str, template: str, *, reply_to: str | None = None,
                  **context) -> EmailMessage:
    """A multipart/alternative message from emails/<template>.txt and .html."""
    context.setdefault("subject", subject)
    return compose_message(to, subject, render_template(f"emails/{template}.txt", **context),
                           render_template(f"emails/{template}.html", **context),
                           reply_to=reply_to)


def compose_message(to: str, subject: str, text: str, html: str, *,
                    reply_to: str | None = None, cte: str | None = None) -> EmailMessage:
    """A multipart/alternative message from its two parts, already rendered (a batch renders
    a text once for many recipients); `cte`: the parts' transfer encoding ("8bit")."""
    message = EmailMessage()
    # A title with a line break (older rows, imports) must not break the header: one line.
    message["Subject"] = " ".join(subject.split())
    message["From"] = sender()
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_domain(message["From"]))
    message.set_content(text, cte=cte)
    message.add_alternative(html, subtype="html", cte=cte)
    return message


#: Session.info key of the mails waiting for the commit.
_QUEUE = "mails_after_commit"


def queue_mail(to: str, subject: str, template: str, *, reply_to: str | None = None,
               personal: bool = False, **context) -> None:
    """The one way the app's pages send mail: built now (while the objects it names are
    loaded), handed to the job queue once the current transaction commits (dropped if it rolls
    back); the worker sends it, and tries again later if the SMTP server is unreachable.

    `personal`: the mail carries someone's personal data (a referral): the logs get neither
    its recipient nor its text.
    """
    message = build_message(to, subject, template, reply_to=reply_to, **context)
    db.session.info.setdefault(_QUEUE, []).append((message, personal))


@sa_event.listens_for(Session, "after_commit")
def _send_queued(session: Session) -> None:
    for message, personal in session.info.pop(_QUEUE, []):
        send_queued(message.as_bytes(), personal)


#: Attempts after the first one, and the wait before each (an SMTP server restarting, a
#: network cut): about two hours in all.
MAIL_RETRIES, MAIL_RETRY_DELAY = 8, 15 * 60


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the mail for now (the queue retries)."""


@jobs.task(retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY)
def send_queued(data: bytes, personal: bool = False) -> None:
    """Send a mail built by a request (serialised: the queue stores bytes); raise so that the
    queue tries again when the server is unreachable, not when it refused the address."""
    message = email.message_from_bytes(data, policy=default_policy)
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _write_to_folder(message, personal)
        return
    try:
        _send_smtp(message, config)
    except smtplib.SMTPRecipientsRefused:
        logger.warning("mail refused by the server (%s)", message["Subject"])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("mail to %s (%s) could not be sent yet (%s): the queue will retry",
                       "(masqué)" if personal else message["To"], message["Subject"],
                       type(error).__name__)
        raise MailNotSent(type(error).__name__) from None


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_queued(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_QUEUE, None)


def send_mail(to: str, subject: str, template: str, *, reply_to: str | None = None,
              personal: bool = False, **context) -> bool:
    """Build and send one mail at once, outside any transaction; True if it left."""
    return deliver(build_message(to, subject, template, reply_to=reply_to, **context), personal)


def deliver(message: EmailMessage, personal: bool = False) -> bool:
    """Send a built mail; a delivery failure is logged, never raised (False).

    The pages that send mail answer the same whatever happens (no account enumeration), so
    an SMTP outage must not turn into an error page that only some addresses would get.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _write_to_folder(message, personal)
        return True
    try:
        _send_smtp(message, config)
    except (smtplib.SMTPException, OSError):
        logger.exception("mail to %s (%s) could not be sent",
                         "(masqué)" if personal else message["To"], message["Subject"])
        return False
    return True


def _send_smtp(message: EmailMessage, config) -> None:
    with _open_smtp(config) as smtp:
        smtp.send_message(message)


def _open_smtp(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    context = ssl.create_default_context()
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=context)
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


class BatchSender:
    """Many built mails over one SMTP connection (newsletter batches), as a context manager.

    `send(message)` says whether the mail left; a connection the server dropped is opened
    again once. `envelope_from`: the envelope sender (MAIL FROM), where bounces go, when it
    is not the From address. Without MAIL_SERVER, mails are written to instance/mails/.
    """

    def __init__(self, envelope_from: str | None = None):
        self.envelope_from = envelope_from
        self.config = current_app.config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "BatchSender":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, message: EmailMessage) -> bool:
        if not self.config["MAIL_SERVER"]:
            _write_to_folder(message, personal=True)
            return True
        return self._attempt(
            lambda smtp: smtp.send_message(message, from_addr=self.envelope_from),
            message["Subject"])

    def send_prepared(self, data: bytes, to: str, label: str) -> bool:
        """A mail already serialised (ASCII headers, 8bit body): a letter made once for many
        recipients. Only when `accepts_8bit()`; `label` names it in the logs."""
        if not self.config["MAIL_SERVER"]:
            _write_bytes_to_folder(data)
            return True
        return self._attempt(
            lambda smtp: smtp.sendmail(self.envelope_from or _address(sender()), [to], data,
                                       mail_options=["BODY=8BITMIME"]), label)

    def accepts_8bit(self) -> bool:
        """The server announces 8BITMIME (RFC 6152), as nearly all do; without a server, the
        mails go to files."""
        if not self.config["MAIL_SERVER"]:
            return True
        try:
            if self._smtp is None:
                self._smtp = _open_smtp(self.config)
            self._smtp.ehlo_or_helo_if_needed()
            return bool(self._smtp.has_extn("8bitmime"))
        except (smtplib.SMTPException, OSError):
            self.close()
            return False

    def _attempt(self, send, label: str) -> bool:
        for attempt in (1, 2):
            try:
                if self._smtp is None:
                    self._smtp = _open_smtp(self.config)
                send(self._smtp)
                return True
            except smtplib.SMTPRecipientsRefused:
                logger.warning("mail refused by the server (%s)", label)
                return False
            except (smtplib.SMTPException, OSError):
                if self._smtp is not None:
                    self._smtp.close()
                    self._smtp = None
                if attempt == 2:
                    logger.exception("mail (%s) could not be sent", label)
        return False


def _address(header: str) -> str:
    return parseaddr(header)[1]


def mail_folder() -> Path:
    return Path(current_app.instance_path) / "mails"


def _write_bytes_to_folder(data: bytes) -> None:
    folder = mail_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    (folder / f"{stamp}.eml").write_bytes(data)


def _write_to_folder(message: EmailMessage, personal: bool = False) -> None:
    folder = mail_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    if personal:
        logger.warning("No MAIL_SERVER configured: mail written to %s (%s)", path,
                       message["Subject"])
        return
    text = message.get_body(("plain",)).get_content()
    logger.warning(
        "No MAIL_SERVER configured: mail written to %s\nTo: %s\nSubject: %s\n\n%s",
        path, message["To"], message["Subject"], text,
    )


def _domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip(" >")
    return domain or "localhost"
