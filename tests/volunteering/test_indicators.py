"""« Nouveaux bénévoles » and the newsletter's counts in the staff's indicators."""

import re
from datetime import UTC, datetime

from markupsafe import escape

from directory.accounts.models import Role
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.newsletters.models import Delivery, Subscription
from directory.volunteering.models import VolunteerMessage
from tests.factories import OrganizationFactory, UserFactory
from tests.volunteering.factories import mission


def at(y, m, d):
    return datetime(y, m, d, 10, tzinfo=PARIS).astimezone(UTC)


def cells(html: str, key: str, label: str) -> list[str]:
    table = re.search(rf'<table class="[^"]*" id="d-{key}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<th scope="row">{re.escape(str(escape(label)))}</th>(.*?)</tr>', table,
                    re.S)
    assert row, label
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


def test_volunteers_messages_and_newsletter_counts_per_quarter(client, login_as):
    restos = mission("Distribuer les colis", organization=OrganizationFactory(nom="Restos du Cœur"),
                     created_at=at(2026, 4, 2))
    judo = mission("Arbitrer", organization=OrganizationFactory(nom="Judo Club"),
                   created_at=at(2026, 1, 5))
    for item, day in ((restos, at(2026, 4, 10)), (restos, at(2026, 5, 1)), (judo, at(2026, 2, 1)),
                      (judo, at(2026, 6, 3))):
        db.session.add(VolunteerMessage(mission_id=item.id, created_at=day))
    kept = Subscription(email="a@exemple.fr", confirmed_at=at(2026, 1, 2))
    gone = Subscription(email=None, confirmed_at=at(2026, 2, 2), unsubscribed_at=at(2026, 5, 2))
    db.session.add_all([kept, gone])
    db.session.flush()
    db.session.add_all([Delivery(subscription_id=kept.id, key="digest:2026-W15", state="envoye",
                                 created_at=at(2026, 4, 6)),
                        Delivery(subscription_id=kept.id, key="digest:2026-W16", state="vide",
                                 created_at=at(2026, 4, 13))])
    db.session.commit()
    login_as(UserFactory(role=Role.MODERATOR))
    page = client.get("/moderation/indicateurs?periode=2026-T2").text
    key = "benevolat-chiffres"
    assert cells(page, key, "Nouveaux bénévoles (messages reçus par les associations)") == [
        "3", "1", "hausse de 200 %"]
    assert cells(page, key, "Missions de bénévolat publiées") == ["1", "1", "stable"]
    assert cells(page, key, "Abonnés à la lettre d'information, en fin de période") == [
        "1", "2", "baisse de 50 %"]
    assert cells(page, key, "Lettres envoyées (les ouvertures ne sont pas suivies)") == [
        "1", "0", "nouveau"]
    assert cells(page, key, "Désabonnements") == ["1", "0", "nouveau"]
    assert cells(page, "benevoles-associations", "Restos du Cœur") == ["2", "0"]
    assert cells(page, "benevoles-associations", "Judo Club") == ["1", "1"]
