"""A real SMTP server on loopback (aiosmtpd) and a `mailbox` fixture that points the app at it."""

import email
import re
import socket
from email.message import EmailMessage
from email.policy import default
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

#: Credentials the test server accepts (AUTH is offered without TLS on loopback only).
USERNAME, PASSWORD = "annuaire", "secret-de-test"


class Handler:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(),
        auth_data.password.decode(),
    ) == (USERNAME, PASSWORD)
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What arrived at the server since the test began."""

    def __init__(self, handler: Handler, port: int):
        self.handler = handler
        self.port = port

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def last(self, address: str) -> EmailMessage:
        received = self.to(address)
        assert received, f"no mail to {address}; received: {[m['To'] for m in self.messages]}"
        return received[-1]

    def clear(self) -> None:
        self.handler.messages.clear()
        self.handler.envelopes.clear()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message: EmailMessage, contains: str = "/compte/") -> str:
    """The path (and query) of the first link of the text part that contains `contains`."""
    for url in re.findall(r"https?://\S+", text_of(message)):
        if contains in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link with {contains!r} in:\n{text_of(message)}")


@pytest.fixture(scope="session")
def smtp_server():
    handler = Handler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield Mailbox(handler, port)
    controller.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """The app sends through the loopback server during the test; the box starts empty."""
    keys = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD")
    saved = {k: app.config[k] for k in keys}
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_USERNAME=None, MAIL_PASSWORD=None
    )
    smtp_server.clear()
    yield smtp_server
    app.config.update(saved)
    smtp_server.clear()
