"""Digests built from a known scenario, sent by the background batches to a real SMTP server."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.newsletters.models import Delivery, Subscription
from directory.taxonomy.vocabularies import ModerationState
from tests.factories import EventFactory, organization, paris_time, theme
from tests.mailserver import free_port, html_of, link_in, text_of
from tests.volunteering.factories import mission

BOUNCES = "rebonds@cc-yonne-nord.fr"


def subscriber(email, frequency="hebdomadaire", confirmed=True, **choices) -> Subscription:
    row = Subscription(email=email, frequency=frequency, themes=choices.get("themes", []),
                       publics=choices.get("publics", []), communes=choices.get("communes", []),
                       confirmed_at=utcnow() if confirmed else None)
    db.session.add(row)
    db.session.flush()
    return row


def event(title, days, themes=("culture",), **fields):
    item = EventFactory(title=title, starts_at=paris_time(today_paris() + timedelta(days=days)),
                        **fields)
    item.themes.extend(theme(slug) for slug in themes)
    return item


@pytest.fixture
def scenario(db):
    """For a subscriber to « Culture », weekly: what must be in the digest and what must not."""
    now = utcnow()
    expected = {
        # Coming in the next seven days, a child theme of Culture.
        event("Concert de Noël", 3, themes=("musique-et-chant",)).title,
        event("Exposition de peinture", 6).title,
        organization("Théâtre de Cuy", themes=["theatre"], created_at=now - timedelta(days=2),
                     last_edited_at=now - timedelta(days=2)).nom,
        organization("Chorale de Sergines", themes=["culture"],
                     created_at=now - timedelta(days=400),
                     last_edited_at=now - timedelta(days=1)).nom,
        mission("Tenir la buvette du festival", themes=["culture"]).title,
    }
    # Not in it: too far, another theme, not published, not changed lately, ended mission.
    event("Festival d'été", 20)
    event("Tournoi de football", 2, themes=("sport",))
    event("Répétition privée", 2, moderation_state=ModerationState.SUBMITTED)
    organization("Club de judo", themes=["sport"], created_at=now - timedelta(days=1),
                 last_edited_at=now - timedelta(days=1))
    organization("Bibliothèque", themes=["lecture-et-bibliotheques"],
                 created_at=now - timedelta(days=90), last_edited_at=now - timedelta(days=45))
    mission("Ancienne mission", themes=["culture"], ends_on=today_paris() - timedelta(days=1))
    mission("Arbitrer les matchs", themes=["sport"])
    db.session.commit()
    return expected


def send(runner, frequency="hebdomadaire"):
    result = runner.invoke(args=["newsletters", "send-digests", "--frequency", frequency])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def text_items(message) -> set[str]:
    """The titles listed in the text part (« - Title : … » or « - Title (…) »)."""
    return {re.split(r" : | \(", line[2:])[0].strip()
            for line in text_of(message).splitlines() if line.startswith("- ")}


def html_items(message) -> set[str]:
    return set(re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", html_of(message)))


@pytest.fixture
def bounces(app):
    app.config["NEWSLETTER_BOUNCE_ADDRESS"] = BOUNCES
    yield BOUNCES
    app.config["NEWSLETTER_BOUNCE_ADDRESS"] = None


def test_the_digest_holds_exactly_the_matching_items_in_both_parts(scenario, runner, mailbox,
                                                                  bounces):
    subscriber("culture@exemple.fr", themes=["culture"])
    subscriber("judo@exemple.fr", themes=["sante"], communes=["villeblevin"])
    subscriber("pas-confirme@exemple.fr", themes=["culture"], confirmed=False)
    subscriber("mensuel@exemple.fr", frequency="mensuelle", themes=["culture"])
    db.session.commit()

    send(runner)

    assert [m["To"] for m in mailbox.messages] == ["culture@exemple.fr"]  # nothing else
    message = mailbox.last("culture@exemple.fr")
    assert text_items(message) == scenario
    assert html_items(message) == scenario
    assert "Votre lettre hebdomadaire du" in message["Subject"]
    text = text_of(message)
    assert "Théâtre de Cuy (nouveau)" in text and "Chorale de Sergines (mis à jour)" in text
    # Every item links to its page.
    assert link_in(message, "/agenda/evenements/") and link_in(message, "/annuaire/")
    assert link_in(message, "/benevolat/")
    # RFC 8058 headers, and the bounce address as envelope sender.
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(r"<http://localhost/lettre/desabonner/[^>]+>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailbox.handler.envelopes[0].mail_from == BOUNCES
    assert "/lettre/gerer/" in text and "/lettre/gerer/" in html_of(message)
    # Made once for many (8bit parts), personal where it must be.
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == "8bit"
    assert message["To"] == "culture@exemple.fr" and message["Message-ID"].endswith("@localhost>")


def test_nothing_is_sent_when_nothing_matches_and_a_second_run_sends_nothing_twice(
        scenario, runner, mailbox):
    subscriber("rien@exemple.fr", themes=["sante"])
    subscriber("culture@exemple.fr", themes=["culture"])
    db.session.commit()

    send(runner)
    send(runner)

    assert [m["To"] for m in mailbox.messages] == ["culture@exemple.fr"]
    states = dict(db.session.execute(
        select(Subscription.email, Delivery.state).join(Delivery.subscription)).all())
    assert states == {"rien@exemple.fr": "vide", "culture@exemple.fr": "envoye"}


def test_the_monthly_digest_looks_a_month_ahead(scenario, runner, mailbox):
    subscriber("mensuel@exemple.fr", frequency="mensuelle", themes=["culture"])
    db.session.commit()
    send(runner, "mensuelle")
    assert text_items(mailbox.last("mensuel@exemple.fr")) == scenario | {"Festival d'été"}


def test_one_click_from_the_digest_header_stops_the_next_digests(scenario, client, runner,
                                                                mailbox):
    subscriber("culture@exemple.fr", themes=["culture"])
    db.session.commit()
    send(runner)
    url = mailbox.last("culture@exemple.fr")["List-Unsubscribe"].strip("<>")
    response = client.post(url.removeprefix("http://localhost"),
                           data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalars(select(Subscription)).one().email is None
    db.session.execute(Delivery.__table__.delete())  # as if a new week began
    db.session.commit()
    mailbox.clear()
    send(runner)
    assert mailbox.messages == []


def test_mails_the_server_could_not_take_are_sent_by_the_next_run(app, scenario, runner,
                                                                  mailbox):
    subscriber("culture@exemple.fr", themes=["culture"])
    db.session.commit()
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    try:
        send(runner)
    finally:
        app.config["MAIL_PORT"] = port
    assert mailbox.messages == []
    assert db.session.scalars(select(Delivery.state)).one() == "echec"

    send(runner)
    assert [m["To"] for m in mailbox.messages] == ["culture@exemple.fr"]
    delivery = db.session.scalars(select(Delivery)).one()
    assert (delivery.state, delivery.attempts) == ("envoye", 2)


def test_addresses_never_confirmed_are_forgotten_once_their_link_expired(db, runner):
    old = subscriber("oubliee@exemple.fr", confirmed=False)
    old.created_at = utcnow() - timedelta(days=8)
    subscriber("recente@exemple.fr", confirmed=False)
    subscriber("confirmee@exemple.fr").created_at = utcnow() - timedelta(days=100)
    db.session.commit()
    result = send(runner)
    assert "1 adresse(s) jamais confirmée(s) oubliée(s)" in result.output
    assert sorted(db.session.scalars(select(Subscription.email))) == [
        "confirmee@exemple.fr", "recente@exemple.fr"]


def test_mails_another_run_claimed_are_left_to_it_unless_it_died_long_ago(scenario, runner,
                                                                         mailbox):
    from directory.newsletters.queries import period_key

    busy = subscriber("en-cours@exemple.fr", themes=["culture"])
    dead = subscriber("abandonne@exemple.fr", themes=["culture"])
    key = period_key("hebdomadaire", utcnow())
    db.session.add_all([
        Delivery(subscription_id=busy.id, key=key, created_at=utcnow()),
        Delivery(subscription_id=dead.id, key=key, created_at=utcnow() - timedelta(hours=7)),
    ])
    db.session.commit()
    send(runner)
    assert [m["To"] for m in mailbox.messages] == ["abandonne@exemple.fr"]
