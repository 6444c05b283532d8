"""The newsletters' mails: confirm a subscription, its management link, digests and letters.

Every mail to a subscriber carries the link to change or stop the subscription, and the
headers of one-click unsubscription (RFC 8058: `List-Unsubscribe` with an https URL, and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`), so that mail clients offer the button.
"""

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import g, has_app_context, render_template

from directory.core.dates import date_fr
from directory.core.mail import compose_message, deliver, queue_mail, site_name
from directory.newsletters import links, tokens
from directory.newsletters.links import absolute_url
from directory.newsletters.models import Frequency, Newsletter, Subscription
from directory.newsletters.queries import Digest


def send_confirmation(subscription: Subscription) -> None:
    url = absolute_url("newsletters.confirm", token=tokens.confirm_token(subscription))
    queue_mail(subscription.email, f"Confirmez votre abonnement – {site_name()}",
               "newsletter_confirm", url=url, days=tokens.CONFIRM_MAX_AGE // 86400)


def send_already_subscribed(subscription: Subscription) -> None:
    queue_mail(subscription.email, f"Votre abonnement – {site_name()}",
               "newsletter_already", manage_url=manage_url(subscription))


def manage_url(subscription: Subscription) -> str:
    return absolute_url("newsletters.manage", token=tokens.manage_token(subscription))


#: Stand-ins for each subscriber's own links in a text rendered once for many (URL-safe
#: characters only: HTML escaping leaves them as they are).
_MANAGE, _UNSUBSCRIBE = "x-newsletter-manage-url-x", "x-newsletter-unsubscribe-url-x"
_RECIPIENT, _MESSAGE_ID = "x-newsletter-recipient-x@invalid", "<x-newsletter-message-id-x>"


@dataclass(frozen=True)
class Rendered:
    """A digest or letter rendered once; `for_subscriber` makes each one's mail of it."""

    subject: str
    text: str
    html: str
    _bytes: bytes | None = field(default=None, compare=False, repr=False)

    def for_subscriber(self, subscription: Subscription, to: str | None = None
                       ) -> EmailMessage:
        token = tokens.manage_token(subscription)
        manage = absolute_url("newsletters.manage", token=token)
        unsubscribe = absolute_url("newsletters.unsubscribe", token=token)

        def personal(part: str) -> str:
            return part.replace(_MANAGE, manage).replace(_UNSUBSCRIBE, unsubscribe)

        message = compose_message(to or subscription.email, self.subject,
                                  personal(self.text), personal(self.html))
        # RFC 8058: mail clients show their own « unsubscribe » button and POST to it.
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["List-Id"] = _list_id()
        message["Auto-Submitted"] = "auto-generated"
        message["Precedence"] = "bulk"
        return message


    def prepared(self) -> bytes:
        """The mail serialised once (8bit parts, so that no line is re-encoded), with
        stand-ins for what differs per recipient: see `bytes_for`."""
        if self._bytes is None:
            message = compose_message(_RECIPIENT, self.subject, self.text, self.html,
                                      cte="8bit")
            message.replace_header("Message-ID", _MESSAGE_ID)
            message["List-Unsubscribe"] = f"<{_UNSUBSCRIBE}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            message["List-Id"] = _list_id()
            message["Auto-Submitted"] = "auto-generated"
            message["Precedence"] = "bulk"
            object.__setattr__(self, "_bytes", message.as_bytes(policy=SMTP))
        return self._bytes

    def bytes_for(self, subscription) -> bytes | None:
        """This subscriber's mail as bytes, None for an address that is not plain ASCII (then
        `for_subscriber` builds it the slow way)."""
        if not subscription.email or not subscription.email.isascii():
            return None
        token = tokens.manage_token(subscription).encode()
        manage, unsubscribe, domain = _link_patterns()
        message_id = make_msgid(domain=domain)
        return (self.prepared().replace(_RECIPIENT.encode(), subscription.email.encode())
                .replace(_MESSAGE_ID.encode(), message_id.encode())
                .replace(_MANAGE.encode(), manage.replace(_TOKEN, token))
                .replace(_UNSUBSCRIBE.encode(), unsubscribe.replace(_TOKEN, token)))


#: A stand-in token: links are built once per batch, then each mail gets its own token.
_TOKEN = b"x-newsletter-token-x"


def _link_patterns() -> tuple[bytes, bytes, str]:
    """The management and unsubscribe URLs around a stand-in token, and the Message-ID domain
    (url_for outside a request costs more than the rest of a mail)."""
    cache = g.setdefault("newsletter_link_patterns", None) if has_app_context() else None
    if cache is None:
        token = _TOKEN.decode()
        cache = (absolute_url("newsletters.manage", token=token).encode(),
                 absolute_url("newsletters.unsubscribe", token=token).encode(),
                 urlsplit(absolute_url("public.home")).hostname or "localhost")
        if has_app_context():
            g.newsletter_link_patterns = cache
    return cache


def _list_id() -> str:
    host = urlsplit(absolute_url("public.home")).hostname or "localhost"
    return f"{site_name()} <lettre.{host}>"


def _render(template: str, subject: str, **context) -> Rendered:
    context.update(subject=subject, manage_url=_MANAGE, unsubscribe_url=_UNSUBSCRIBE)
    return Rendered(subject, render_template(f"emails/{template}.txt", **context),
                    render_template(f"emails/{template}.html", **context))


def digest_subject(digest: Digest, frequency: str) -> str:
    start, end = (date_fr(d, "d MMMM") for d in (digest.period_start, digest.period_end))
    word = "mensuelle" if frequency == Frequency.MONTHLY else "hebdomadaire"
    return f"Votre lettre {word} du {start} au {end} – {site_name()}"


def render_digest(digest: Digest, frequency: str) -> Rendered:
    return _render(
        "newsletter_digest", digest_subject(digest, frequency), digest=digest,
        event_url=lambda item: links.event_url(item.event), org_url=links.organization_url,
        mission_url=links.mission_url, service_url=links.service_url,
        search_url=links.search_url,
    )


def render_letter(letter: Newsletter, content: dict) -> Rendered:
    return _render(
        "newsletter_letter", f"{letter.title} – {site_name()}", letter=letter, **content,
        **links.LINKS, web_url=absolute_url("newsletters.letter", letter_id=letter.id),
    )


def send_test(letter: Newsletter, content: dict, to: str) -> bool:
    """The letter as a subscriber gets it, to the staff's own address, at once. Its links
    are those of a subscription that does not exist (they open the « invalid link » page)."""
    preview = Subscription(id=0, email=to)
    message = render_letter(letter, content).for_subscriber(preview)
    message.replace_header("Subject", f"[Essai] {message['Subject']}")
    return deliver(message)
