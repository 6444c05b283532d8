"""Members keep the addresses and contacts of their listing: forms, moderation, history, restore."""

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.listings.models.contact import Contact
from directory.listings.models.revision import Revision
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    member_of,
)
from tests.htmlforms import fill, form_fields
from tests.listings.test_manage import reload, revisions_of


def page_form(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text
    return form_fields(page.text, path)


def post_form(client, path, **values):
    return client.post(path, data=fill(page_form(client, path), **values))


def remove(client, org, path):
    token = csrf_token(client.get(f"/gestion/{org.slug}").text)
    return client.post(path, data={"csrf_token": token})


def contacts_of(org, archived=False):
    """The listing's contacts (or the removed ones, which are archived, never deleted)."""
    _db.session.expire_all()
    removed = Contact.archived_at.is_not(None) if archived else Contact.archived_at.is_(None)
    return _db.session.scalars(
        select(Contact)
        .where(Contact.organization_id == org.id, removed)
        .order_by(Contact.id)
    ).all()


def test_member_adds_edits_and_removes_a_contact_kept_in_the_history(client, db):
    org = OrganizationFactory(nom="Chorale du Val", trusted=True)
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/contacts/nouveau"
    response = post_form(client, path, label="Présidente", role="Bureau",
                         telephone="+33 3.86.12.34.56", courriel="presidente@chorale.fr")
    assert response.status_code == 302
    (contact,) = contacts_of(org)
    assert contact.telephone == "03 86 12 34 56"
    public = client.get(f"/annuaire/{org.slug}").text
    assert "Présidente" in public and "03 86 12 34 56" in public

    edit_path = f"/gestion/{org.slug}/contacts/{contact.id}"
    assert "Présidente" in client.get(f"/gestion/{org.slug}").text
    assert post_form(client, edit_path, telephone="0386999999").status_code == 302
    assert "03 86 99 99 99" in client.get(f"/annuaire/{org.slug}").text

    response = remove(client, org, f"{edit_path}/retirer")
    assert response.status_code == 302
    assert contacts_of(org) == []
    assert [c.id for c in contacts_of(org, archived=True)] == [contact.id]
    assert "Présidente" not in client.get(f"/annuaire/{org.slug}").text

    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Contact ajouté" in history and "Contact retiré" in history
    assert "03 86 12 34 56" in history and "03 86 99 99 99" in history
    assert "Contact « Présidente » retiré" in history  # the comment of the removal


def test_contact_errors_are_french_next_to_the_field_and_keep_what_was_typed(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/contacts/nouveau"
    response = post_form(client, path, label="", telephone="12 34", courriel="pas-une-adresse")
    assert response.status_code == 422
    text = response.text
    assert "Indiquez un nom ou une fonction" in text
    assert "Indiquez un numéro de téléphone français à 10 chiffres" in text
    assert "Cette adresse électronique n&#39;est pas valide" in text
    assert 'value="12 34"' in text and 'value="pas-une-adresse"' in text
    response = post_form(client, path, label="Accueil")
    assert response.status_code == 422
    assert "Indiquez au moins un téléphone ou un courriel." in response.text
    assert contacts_of(org) == []


def test_professionals_only_contact_never_shows_on_the_public_page(client, db):
    org = OrganizationFactory(trusted=True)
    contact = ContactFactory(organization=org, label="Coordinatrice", courriel="coord@asso.fr")
    sign_in(client, member_of(org))
    assert "Coordinatrice" in client.get(f"/annuaire/{org.slug}").text
    path = f"/gestion/{org.slug}/contacts/{contact.id}"
    assert post_form(client, path, visibility="professionnels").status_code == 302
    assert post_form(client, path, role="Réseau des partenaires").status_code == 302
    public = client.get(f"/annuaire/{org.slug}").text
    assert "Coordinatrice" not in public and "coord@asso.fr" not in public
    assert "Professionnels seulement" in client.get(f"/gestion/{org.slug}").text
    assert "Professionnels seulement" in client.get(f"/annuaire/{org.slug}/historique").text


def test_injection_in_contact_fields_is_inert(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post_form(client, f"/gestion/{org.slug}/contacts/nouveau", label=attack,
                         role=attack, courriel="ok@exemple.fr")
    assert response.status_code == 302
    for path in (f"/annuaire/{org.slug}", f"/annuaire/{org.slug}/historique",
                 f"/gestion/{org.slug}"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;" in text


def test_untrusted_organisation_contact_waits_for_a_moderator(app, client, db):
    org = OrganizationFactory(nom="Club de scrabble")
    sign_in(client, member_of(org))
    response = post_form(client, f"/gestion/{org.slug}/contacts/nouveau", label="Trésorier",
                         telephone="03 86 00 11 22")
    assert response.status_code == 302
    assert "sera publiée après validation" in client.get(f"/gestion/{org.slug}").text
    assert contacts_of(org) == []
    assert "Trésorier" not in client.get(f"/annuaire/{org.slug}").text

    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()
    staff = sign_in(app.test_client(), UserFactory(role=Role.MODERATOR))
    page = staff.get(f"/moderation/modifications/{pending.id}")
    assert "Contact ajouté" in page.text and "Trésorier" in page.text
    response = staff.post(f"/moderation/modifications/{pending.id}",
                          data={"csrf_token": csrf_token(page.text), "accept": "Accepter"})
    assert response.status_code == 302
    assert "Trésorier" in client.get(f"/annuaire/{org.slug}").text


def test_restoring_an_earlier_version_brings_a_removed_contact_back(app, client, db):
    org = OrganizationFactory(trusted=True)
    contact = ContactFactory(organization=org, label="Secrétaire", courriel="sec@asso.fr")
    sign_in(client, member_of(org))
    remove(client, org, f"/gestion/{org.slug}/contacts/{contact.id}/retirer")
    assert contacts_of(org) == []
    first = revisions_of(org)[0]
    staff = sign_in(app.test_client(), UserFactory(role=Role.MODERATOR))
    history = staff.get(f"/annuaire/{org.slug}/historique")
    response = staff.post(f"/moderation/revisions/{first.id}/restaurer",
                          data={"csrf_token": csrf_token(history.text)})
    assert response.status_code == 302
    # The very row comes back: nothing was deleted.
    assert [(c.id, c.courriel) for c in contacts_of(org)] == [(contact.id, "sec@asso.fr")]
    assert contacts_of(org, archived=True) == []
    assert "Secrétaire" in client.get(f"/annuaire/{org.slug}").text
    assert "Contact ajouté" in staff.get(f"/annuaire/{org.slug}/historique").text


def test_two_people_editing_the_same_contact(app, client, db):
    org = OrganizationFactory(trusted=True)
    contact = ContactFactory(organization=org, label="Accueil", courriel="accueil@asso.fr")
    other = sign_in(app.test_client(), member_of(org))
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/contacts/{contact.id}"
    mine, theirs = page_form(client, path), page_form(other, path)
    assert client.post(path, data=fill(mine, telephone="03 86 11 11 11")).status_code == 302
    response = other.post(path, data=fill(theirs, role="Secrétariat"))
    assert response.status_code == 409
    assert "Modifié entre-temps par une autre personne" in response.text
    assert "03 86 11 11 11" in response.text and 'value="Secrétariat"' in response.text
    assert contacts_of(org)[0].role is None
    merged = fill(form_fields(response.text, path), telephone="03 86 11 11 11")
    assert other.post(path, data=merged).status_code == 302
    saved = contacts_of(org)[0]
    assert (saved.role, saved.telephone) == ("Secrétariat", "03 86 11 11 11")


# Addresses ------------------------------------------------------------------------------------


def test_member_adds_edits_and_removes_an_address_and_places_an_activity(client, db):
    org = OrganizationFactory(nom="Chorale Zéphyr", trusted=True)
    service = ServiceFactory(organization=org, nom="Chant")
    sign_in(client, member_of(org))
    search = {"q": "Zéphyr", "commune": "cuy"}
    assert "Chorale Zéphyr" not in client.get("/annuaire", query_string=search).text
    path = f"/gestion/{org.slug}/adresses/nouvelle"
    response = post_form(client, path, name="Maison des associations", adresse="3 rue Carnot",
                         commune="cuy", latitude="48,28", longitude="3,2")
    assert response.status_code == 302
    # The listing is now found in the commune of its address.
    assert "Chorale Zéphyr" in client.get("/annuaire", query_string=search).text
    (place,) = reload(org).places
    assert (place.latitude, place.longitude) == (48.28, 3.2)
    assert "3 rue Carnot" in client.get(f"/annuaire/{org.slug}").text

    service_path = f"/gestion/{org.slug}/activites/{service.id}"
    assert post_form(client, service_path, place_id=str(place.id)).status_code == 302
    page = client.get(f"/annuaire/{org.slug}").text
    assert "Maison des associations, 3 rue Carnot" in page

    edit_path = f"/gestion/{org.slug}/adresses/{place.id}"
    assert post_form(client, edit_path, adresse="5 rue Carnot").status_code == 302
    assert "5 rue Carnot" in client.get(f"/annuaire/{org.slug}").text

    assert remove(client, org, f"{edit_path}/retirer").status_code == 302
    org = reload(org)
    assert org.places == [] and org.services[0].place_id is None
    assert "5 rue Carnot" not in client.get(f"/annuaire/{org.slug}").text
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Adresse ajoutée" in history and "Adresse retirée" in history
    assert "3 rue Carnot" in history and "5 rue Carnot" in history
    assert "Activité « Chant » – Lieu" in history


def test_address_errors_are_french_and_keep_what_was_typed(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/adresses/nouvelle"
    response = post_form(client, path, adresse="", code_postal="891", commune="atlantide",
                         latitude="quarante-huit")
    assert response.status_code == 422
    text = response.text
    assert "Indiquez l&#39;adresse" in text
    assert "Le code postal compte 5 chiffres" in text
    assert "Choisissez la commune dans la liste." in text
    assert "Indiquez la latitude en degrés décimaux" in text
    assert 'value="quarante-huit"' in text and 'value="891"' in text
    response = post_form(client, path, adresse="1 place de l'Église", commune="pont-sur-yonne",
                         latitude="48,28")
    assert response.status_code == 422
    assert "Indiquez la latitude et la longitude, ou aucune des deux." in response.text
    assert reload(org).places == []


def test_an_activity_is_placed_only_at_one_of_its_own_addresses(client, db):
    org = OrganizationFactory(trusted=True)
    service = ServiceFactory(organization=org)
    elsewhere = PlaceFactory()
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/activites/{service.id}"
    response = post_form(client, path, place_id=str(elsewhere.id))
    assert response.status_code == 422
    assert "Choisissez l&#39;une des adresses de la fiche." in response.text


def test_untrusted_organisation_address_waits_for_a_moderator(client, db):
    org = OrganizationFactory()
    sign_in(client, member_of(org))
    response = post_form(client, f"/gestion/{org.slug}/adresses/nouvelle",
                         adresse="12 Grande Rue", commune="pont-sur-yonne")
    assert response.status_code == 302
    assert reload(org).places == []
    assert "12 Grande Rue" not in client.get(f"/annuaire/{org.slug}").text
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Adresse ajoutée" in history and "12 Grande Rue" in history


def test_a_shared_address_is_copied_rather_than_changed_for_the_others(client, db):
    venue = PlaceFactory(adresse="Place du Marché", is_venue=True)
    org = OrganizationFactory(trusted=True, places=[venue])
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/adresses/{venue.id}"
    assert post_form(client, path, complement_adresse="Salle 2").status_code == 302
    _db.session.expire_all()
    assert venue.complement_adresse is None
    (own,) = reload(org).places
    assert own.id != venue.id and own.complement_adresse == "Salle 2"


# Navigation -----------------------------------------------------------------------------------


def test_account_page_links_to_each_listing_and_staff_see_moderation(app, client, db):
    org = OrganizationFactory(nom="Les Amis du Jardin")
    sign_in(client, member_of(org))
    account = client.get("/compte/").text
    assert f'href="/gestion/{org.slug}"' in account
    assert f'href="/annuaire/{org.slug}/historique"' in account
    assert 'href="/gestion/nouvelle"' in account and "Créer une fiche" in account
    assert 'href="/moderation/"' not in account
    staff = sign_in(app.test_client(), UserFactory(role=Role.MODERATOR))
    assert 'href="/moderation/">Modération</a>' in staff.get("/compte/").text


def test_a_flashed_message_is_shown_once(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    token = csrf_token(client.get(f"/gestion/{org.slug}").text)
    page = client.post(f"/gestion/{org.slug}/confirmer", data={"csrf_token": token},
                       follow_redirects=True)
    assert page.text.count("La fiche est confirmée à jour.") == 1
    assert 'role="status"' in page.text
    assert "La fiche est confirmée à jour." not in client.get(f"/gestion/{org.slug}").text
