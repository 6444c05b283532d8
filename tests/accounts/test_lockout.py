"""Wrong passwords typed by others for someone's address slow the guessing, but do not lock
the owner out: not her own browsers, never the emailed link (issue 19.8)."""

from tests.accounts.test_pages import PASSWORD, post_form, signed_in
from tests.factories import UserFactory
from tests.mailserver import link_in

VICTIM = "presidente@asso-exemple.fr"


def attack(app, attempts=20):
    statuses = []
    for n in range(attempts):
        guesser = app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        response = post_form(guesser, "/compte/connexion",
                             {"email": VICTIM, "password": f"essai {n}"})
        statuses.append(response.status_code)
    return statuses


def from_address(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_the_owners_browser_signs_in_after_twenty_guesses_from_twenty_addresses(app, db):
    UserFactory(email=VICTIM, password=PASSWORD)
    db.session.commit()
    owner = from_address(app, "203.0.113.7")
    assert post_form(owner, "/compte/connexion",
                     {"email": VICTIM, "password": PASSWORD}).status_code == 302
    post_form(owner, "/compte/deconnexion", {}, page_path="/compte/")

    statuses = attack(app)
    assert statuses[:5] == [400] * 5 and 429 in statuses  # the guessing is slowed down

    owner.environ_base["REMOTE_ADDR"] = "203.0.113.99"  # her phone moved to another network
    response = post_form(owner, "/compte/connexion", {"email": VICTIM, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(owner)


def test_a_new_browser_of_the_owner_still_gets_in_by_link(app, db, mailbox):
    UserFactory(email=VICTIM, password=PASSWORD)
    db.session.commit()
    attack(app)
    owner = from_address(app, "203.0.113.50")
    response = post_form(owner, "/compte/connexion", {"email": VICTIM, "send_link": "y"})
    assert response.status_code == 200
    path = link_in(mailbox.last(VICTIM), "/compte/lien/")
    assert post_form(owner, path, {}).status_code == 302
    assert signed_in(owner)


def test_link_requests_are_never_refused_but_mails_are_capped(app, db, mailbox):
    UserFactory(email=VICTIM)
    db.session.commit()
    for n in range(12):
        client = from_address(app, f"198.51.100.{n + 1}")
        response = post_form(client, "/compte/connexion", {"email": VICTIM, "send_link": "y"})
        assert response.status_code == 200
    assert len(mailbox.to(VICTIM)) == 6  # no mail bombing through the form
