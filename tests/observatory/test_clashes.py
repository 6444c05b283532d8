"""« Clashes warned »: every time the planning help shows an organiser that their dates clash
with another planned event is counted, and so is a save made despite it; the staff read both
on the indicators page. Nothing says who or which event."""

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.dates import today_paris
from directory.observatory import counting
from directory.observatory.models import CountKind, DailyCount
from tests.agenda.test_manage_pages import TIMED, planned, post_new, signed_member
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.observatory.test_indicators import cells


def quarter() -> str:
    today = today_paris()
    return f"{today.year}-T{(today.month - 1) // 3 + 1}"


def test_clashes_shown_to_organisers_are_counted_without_who(app, client, db):
    org = signed_member(client)
    planned("Concert à Pont", "pont-sur-yonne", (2027, 3, 20))
    clashing = {**TIMED, "commune": "pont-sur-yonne"}
    free = {**TIMED, "start_date": "2027-06-12"}
    # Two checks that find the clash (the button, then the form's live check), one that finds
    # none; one save despite the clash, one save with no clash.
    assert post_new(client, org.slug, **clashing, check="Vérifier les dates").status_code == 200
    fragment = client.get(f"/gestion/{org.slug}/agenda/conflits", query_string=clashing)
    assert "Concert à Pont" in fragment.text
    assert "Aucun autre" in post_new(client, org.slug, **free, check="Vérifier").text
    assert post_new(client, org.slug, **clashing).status_code == 302
    assert post_new(client, org.slug, **{**free, "title": "Bourse aux jouets"}).status_code == 302

    counting.flush(app)  # what the server does once each response is sent
    rows = db.session.execute(select(DailyCount.day, DailyCount.key, DailyCount.count)
                              .where(DailyCount.kind == CountKind.CLASH)).all()
    assert sorted(rows) == [(today_paris(), "enregistrement", 1),
                            (today_paris(), "verification", 2)]

    sign_in(client, UserFactory(role=Role.MODERATOR))
    page = client.get(f"/moderation/indicateurs?periode={quarter()}")
    assert cells(page.text, "agenda-chiffres",
                 "Chevauchements signalés aux organisateurs en vérifiant leurs dates")[0] == "2"
    assert cells(page.text, "agenda-chiffres",
                 "Événements enregistrés malgré un chevauchement signalé")[0] == "1"
