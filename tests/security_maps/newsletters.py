"""Write routes of newsletters: the staff's letters; the subscribers' links are public."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.newsletters.models import Newsletter
from tests.security_maps.route import Route


def extend_scene(s) -> None:
    s.letter = Newsletter(title="Lettre de décembre", editorial="Bonnes fêtes !",
                          author_id=s.staff.id)
    db.session.add(s.letter)


LETTER = {"title": "Lettre piratée", "editorial": "Texte"}

ROUTES = {
    "newsletters.new_letter": Route(lambda s: ("/moderation/lettres/nouvelle", LETTER), "staff"),
    "newsletters.edit_letter": Route(
        lambda s: (f"/moderation/lettres/{s.letter.id}", LETTER), "staff"),
    "newsletters.test_letter": Route(
        lambda s: (f"/moderation/lettres/{s.letter.id}/essai", {"email": "moi@exemple.fr"}),
        "staff"),
    "newsletters.send_letter": Route(
        lambda s: (f"/moderation/lettres/{s.letter.id}/envoyer", {}), "staff"),
}

PUBLIC = {
    "newsletters.subscribe": "subscribing needs no account (double opt-in, trap field, "
                             "rate limit)",
    "newsletters.confirm": "the mailed, signed confirmation token is the credential",
    "newsletters.manage": "the signed management link of every mail is the credential",
    "newsletters.stop_search": "the signed management link of every mail is the credential; "
                                "it only stops a search of the subscription it names",
    "newsletters.unsubscribe": "RFC 8058 one-click: the signed link is the credential; it can "
                               "only stop the subscription it names",
}


def fingerprint() -> tuple:
    return tuple(db.session.execute(
        select(Newsletter.id, Newsletter.title, Newsletter.state, Newsletter.tested_at)
        .order_by(Newsletter.id)))
