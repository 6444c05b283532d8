"""The shared planning is for members of published listings; titles of events the public
cannot see yet are for staff and their own organisation only (issue 19.12)."""


from directory.accounts.models import Role
from directory.taxonomy.vocabularies import ModerationState, Status
from tests.agenda.test_manage_pages import planned, text_of
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, UserFactory, member_of

PLANNING = "/gestion/agenda/planning?mois=2027-03"


def scene():
    rival = OrganizationFactory(nom="Comité des fêtes de Sergines")
    planned("Grand loto secret", "sergines", (2027, 3, 27), state=ModerationState.SUBMITTED,
            organization=rival)
    draft_org = OrganizationFactory(nom="Association en brouillon", status=Status.DRAFT)
    planned("Fête du brouillon", "cuy", (2027, 3, 14), organization=draft_org)
    planned("Concert publié", "pont-sur-yonne", (2027, 3, 20))
    return rival, draft_org


def test_a_member_of_a_draft_listing_only_is_refused(client, db):
    _, draft_org = scene()
    sign_in(client, member_of(draft_org))
    response = client.get(PLANNING)
    assert response.status_code == 403
    assert "Grand loto secret" not in response.text


def test_members_of_published_listings_see_the_day_taken_not_the_title(client, db):
    scene()
    sign_in(client, member_of(OrganizationFactory(nom="Club de foot")))
    text = text_of(client.get(PLANNING))
    assert "Concert publié" in text
    assert "Grand loto secret" not in text and "Comité des fêtes de Sergines" not in text
    assert "Fête du brouillon" not in text and "Association en brouillon" not in text
    assert text.count("Événement pas encore publié") == 2


def test_members_see_their_own_pending_events_and_staff_see_all(app, client, db):
    rival, _ = scene()
    sign_in(client, member_of(rival))
    assert "Grand loto secret" in text_of(client.get(PLANNING))

    staff = app.test_client()
    sign_in(staff, UserFactory(role=Role.MODERATOR))
    text = text_of(staff.get(PLANNING))
    assert "Grand loto secret" in text and "Fête du brouillon" in text
