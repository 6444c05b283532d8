"""The newsletters' mails: confirm a subscription, its management link, digests and letters.

Every mail to a subscriber carries the link to change or stop the subscription, and the
headers of one-click unsubscription (RFC 8058: `List-Unsubscribe` with an https URL, and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`), so that mail clients offer the button.
"""

from email.message import EmailMessage

from directory.core.dates import date_fr
from directory.core.mail import build_message, deliver, queue_mail, site_name
from directory.newsletters import links, tokens
from directory.newsletters.links import absolute_url
from directory.newsletters.models import Newsletter, Subscription
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


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url("newsletters.unsubscribe", token=tokens.manage_token(subscription))


def _with_list_headers(message: EmailMessage, subscription: Subscription) -> EmailMessage:
    message["List-Unsubscribe"] = f"<{unsubscribe_url(subscription)}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Id"] = f"{site_name()} <lettre.{absolute_url('public.home').split('/')[2]}>"
    message["Auto-Submitted"] = "auto-generated"
    return message


def digest_subject(digest: Digest, frequency_word: str) -> str:
    start, end = (date_fr(d, "d MMMM") for d in (digest.period_start, digest.period_end))
    return f"Votre lettre {frequency_word} du {start} au {end} – {site_name()}"


def digest_message(subscription: Subscription, digest: Digest) -> EmailMessage:
    message = build_message(
        subscription.email, digest_subject(digest, _frequency_word(subscription)),
        "newsletter_digest", digest=digest, subscription=subscription,
        manage_url=manage_url(subscription), unsubscribe_url=unsubscribe_url(subscription),
        event_url=lambda item: links.event_url(item.event), org_url=links.organization_url,
        mission_url=links.mission_url,
    )
    return _with_list_headers(message, subscription)


def letter_message(subscription: Subscription, letter: Newsletter, content: dict,
                   ) -> EmailMessage:
    """A staff newsletter to one subscriber."""
    message = build_message(
        subscription.email, f"{letter.title} – {site_name()}", "newsletter_letter",
        letter=letter, **content, **links.LINKS, manage_url=manage_url(subscription),
        unsubscribe_url=unsubscribe_url(subscription),
        web_url=absolute_url("newsletters.letter", letter_id=letter.id),
    )
    return _with_list_headers(message, subscription)


def _frequency_word(subscription: Subscription) -> str:
    return "hebdomadaire" if subscription.frequency == "hebdomadaire" else "mensuelle"


def send_test(letter: Newsletter, content: dict, to: str) -> bool:
    """The letter as a subscriber gets it, to the staff's own address, at once. Its links
    are those of a subscription that does not exist (they open the « invalid link » page)."""
    preview = Subscription(id=0, email=to)
    message = letter_message(preview, letter, content)
    message.replace_header("Subject", f"[Essai] {message['Subject']}")
    return deliver(message)
