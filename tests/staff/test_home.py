"""The staff home: what waits with counts, a link to every staff tool, refused to non-staff."""

import re
from html import unescape

from directory.core.extensions import db as _db
from directory.listings import moderation
from directory.listings import operations as organizations
from directory.taxonomy.vocabularies import ModerationState
from tests.factories import EventFactory, OrganizationFactory, UserFactory


def count(page: str, label: str) -> int:
    match = re.search(re.escape(label) + r"</a> : <strong>(\d+)</strong>", page)
    assert match, label
    return int(match.group(1))


def test_home_counts_what_waits_and_links_every_tool(app, staff_client, db):
    organizations.create_listing(UserFactory(), {"nom": "Nouvelle chorale"})
    org = OrganizationFactory(nom="Club de judo")
    moderation.report_error(org, "Mauvais téléphone", None)
    EventFactory(organization=org, moderation_state=ModerationState.SUBMITTED)
    EventFactory(organization=org, moderation_state=ModerationState.SUBMITTED)
    _db.session.commit()

    page = unescape(staff_client.get("/moderation/").text)
    assert "Ce qui attend (4)" in page
    assert count(page, "Événements à valider") == 2
    assert count(page, "Nouvelles fiches") == 1
    assert count(page, "Erreurs signalées") == 1
    assert count(page, "Demandes de gestion") == 0
    for path in ("/moderation/file", "/moderation/editions/", "/moderation/imports/csv",
                 "/moderation/imports/rna", "/moderation/campagnes/",
                 "/moderation/acces-professionnels", "/moderation/comptes/",
                 "/moderation/fiches-archivees", "/moderation/doublons",
                 "/moderation/vocabulaire"):
        assert f'href="{path}' in page, path
    # Indicators are linked only once their page exists (another branch builds it).
    assert ("Indicateurs" in page) == ("observatory.index" in app.view_functions)


def test_staff_navigation_leads_to_the_home(staff_client, db):
    page = staff_client.get("/annuaire").text
    assert '<a href="/moderation/">Modération</a>' in page


def test_members_and_professionals_are_refused(refused_clients, client, db):
    for other in refused_clients:
        assert other.get("/moderation/").status_code == 403
        assert "Modération</a>" not in other.get("/annuaire").text
    assert client.get("/moderation/").status_code == 302
