"""A professional's saved search of `/partenaires`: saved from the results, mailed in the digests
(only its new or changed services), changed or stopped from every mail."""

import re
from datetime import timedelta

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.newsletters.models import SavedSearch, Subscription
from directory.taxonomy.vocabularies import OrganizationKind
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, ServiceFactory, UserFactory, commune
from tests.mailserver import html_of, link_in, text_of
from tests.newsletters.test_digests import event, send, subscriber

LONG_AGO = timedelta(days=60)


def partner(nom):
    return OrganizationFactory(nom=nom, kind=OrganizationKind.PARTNER)


def services():
    """Two services found by « aide alimentaire » at Sergines: one new, one unchanged lately;
    a new one found by another need; a new one elsewhere only."""
    old = utcnow() - LONG_AGO
    new = ServiceFactory(organization=partner("Épicerie solidaire"),
                         nom="Aide alimentaire du samedi", communes=[commune("sergines")])
    ServiceFactory(organization=partner("Banque alimentaire"), nom="Aide alimentaire d'hiver",
                   communes=[commune("sergines")], created_at=old, updated_at=old)
    ServiceFactory(organization=partner("Mission locale"), nom="Atelier CV",
                   communes=[commune("sergines")])
    ServiceFactory(organization=partner("Restos du Nord"), nom="Aide alimentaire à Cuy",
                   communes=[commune("cuy")])
    return new


def save(client, path="/partenaires?q=aide+alimentaire&commune=sergines",
         frequency="hebdomadaire", **changes):
    page = client.get(path)
    assert page.status_code == 200
    assert "alerter par courriel" in page.text
    html = page.text[page.text.index('class="partner-alert"'):]
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    form.update(changes, csrf_token=csrf_token(html), frequency=frequency)
    return client.post("/partenaires/alertes", data=form)


def test_a_saved_search_mails_only_its_new_or_changed_services_in_both_parts(
        client, runner, mailbox, db):
    pro = UserFactory(role=Role.PROFESSIONAL, email="as@ccas-sergines.fr")
    new = services()
    event("Concert de Noël", 3)  # the territory's digest is not asked for
    sign_in(client, pro)
    response = save(client)
    assert response.status_code == 302
    page = client.get("/partenaires/alertes").text
    assert "« aide alimentaire », à Sergines" in page and "chaque semaine" in page

    send(runner)

    assert [m["To"] for m in mailbox.messages] == ["as@ccas-sergines.fr"]
    message = mailbox.last("as@ccas-sergines.fr")
    text, html = text_of(message), html_of(message)
    for part in (text, html):
        assert "Aide alimentaire du samedi" in part
        for absent in ("Aide alimentaire d'hiver", "Atelier CV", "Aide alimentaire à Cuy",
                       "Concert de Noël"):
            assert absent not in part
    assert "Épicerie solidaire, nouveau" in text
    assert link_in(message, f"/partenaires/services/{new.id}")
    assert link_in(message, "/partenaires?q=aide+alimentaire&commune=sergines")
    # Change or stop it from the mail: the management page lists it, one button stops it.
    assert "Changer ou arrêter ces alertes" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    manage = link_in(message, "/lettre/gerer/").removeprefix("http://localhost")
    anonymous = client.application.test_client()
    page = anonymous.get(manage)
    assert "« aide alimentaire », à Sergines" in page.text
    search_id = _db.session.scalars(select(SavedSearch.id)).one()
    response = anonymous.post(f"{manage}/recherches/{search_id}/arreter",
                              data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 200 and "désabonné" in response.text.lower()
    _db.session.expire_all()
    # Nothing else was asked: the address is forgotten with its last alert.
    assert _db.session.scalars(select(SavedSearch)).all() == []
    assert _db.session.scalars(select(Subscription.email)).one() is None


def test_nothing_is_sent_when_a_saved_search_found_nothing_new(client, runner, mailbox, db):
    old = utcnow() - LONG_AGO
    ServiceFactory(organization=partner("Banque alimentaire"), nom="Aide alimentaire d'hiver",
                   created_at=old, updated_at=old)
    sign_in(client, UserFactory(role=Role.PROFESSIONAL, email="rien@ccas.fr"))
    assert save(client, "/partenaires?q=aide+alimentaire").status_code == 302
    send(runner)
    assert mailbox.messages == []


def test_the_alerts_join_the_subscription_of_the_same_address(client, runner, mailbox, db):
    """A professional already subscribed gets one mail: the territory's digest and the alert;
    the monthly frequency chosen for the alert is the subscription's."""
    subscriber("as@ccas-sergines.fr", themes=["culture"])
    event("Concert de Noël", 3)
    services()
    _db.session.commit()
    sign_in(client, UserFactory(role=Role.PROFESSIONAL, email="as@ccas-sergines.fr"))
    assert save(client, frequency="mensuelle").status_code == 302
    send(runner, "hebdomadaire")
    assert mailbox.messages == []
    send(runner, "mensuelle")
    text = text_of(mailbox.last("as@ccas-sergines.fr"))
    assert "Concert de Noël" in text and "Aide alimentaire du samedi" in text
    # Stopping the alert from the account keeps the subscription.
    page = client.get("/partenaires/alertes")
    search_id = _db.session.scalars(select(SavedSearch.id)).one()
    response = client.post(f"/partenaires/alertes/{search_id}/arreter",
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.scalars(select(Subscription.email)).one() == "as@ccas-sergines.fr"
    assert _db.session.scalars(select(SavedSearch)).all() == []


def test_a_search_with_an_unknown_filter_is_refused_next_to_it(client, db):
    sign_in(client, UserFactory(role=Role.PROFESSIONAL))
    response = save(client, commune="atlantide")
    assert response.status_code == 422
    assert "pas dans le territoire" in response.text
    assert 'value="aide alimentaire"' in response.text  # what was searched is kept
    assert _db.session.scalars(select(SavedSearch)).all() == []


def test_only_professionals_save_searches(client, db):
    assert "alerter par courriel" not in client.get("/partenaires?q=aide").text
    sign_in(client, UserFactory())
    assert client.get("/partenaires/alertes").status_code == 403
