"""Members keep their listing up to date: editing, activities, concurrent edits, claims, reports."""

import re

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.listings.models.membership import Membership
from directory.listings.models.moderation import Claim, ErrorReport
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision
from directory.listings.models.service import Service
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    OrganizationFactory,
    ServiceFactory,
    UserFactory,
    member_of,
    theme,
)
from tests.htmlforms import fill, form_fields
from tests.mailserver import link_in, text_of


def edit_form(client, slug):
    page = client.get(f"/gestion/{slug}")
    assert page.status_code == 200, page.text
    return form_fields(page.text, f"/gestion/{slug}")


def reload(org):
    _db.session.expire_all()
    return _db.session.get(Organization, org.id)


def revisions_of(org):
    _db.session.expire_all()
    return _db.session.scalars(
        select(Revision).where(Revision.organization_id == org.id).order_by(Revision.id)
    ).all()


# Editing --------------------------------------------------------------------------------------


def test_member_of_a_trusted_organisation_publishes_directly(app, client, db):
    org = OrganizationFactory(nom="Les Amis du Jardin", trusted=True, themes=[theme("sport")])
    member = member_of(org)
    sign_in(client, member)
    data = edit_form(client, org.slug)
    assert data["nom"] == "Les Amis du Jardin"
    data["presentation_resume"] = "Potager partagé et ateliers de compostage."
    data["description"] = "Une association **bien réelle** créée pour les tests. Rendez-vous " \
        "**chaque samedi** au potager."
    data.setlist("themes", ["sport", "culture"])
    data["comment"] = "Nouvelle saison"
    response = client.post(f"/gestion/{org.slug}", data=data)
    assert response.status_code == 302

    page = client.get(f"/annuaire/{org.slug}")
    assert "Potager partagé et ateliers de compostage." in page.text
    assert "<strong>chaque samedi</strong>" in page.text
    results = client.get("/annuaire", query_string={"q": "compostage"})
    assert "Les Amis du Jardin" in results.text

    org = reload(org)
    assert org.last_edited_at is not None and org.last_verified_at is not None
    initial, edit = revisions_of(org)
    assert (initial.action, initial.number, initial.author_id) == ("initial", 1, None)
    assert (edit.action, edit.number, edit.author_id) == ("edit", 2, member.id)
    assert edit.state == "applied"
    assert edit.snapshot["fields"]["presentation_resume"].startswith("Potager")
    assert edit.snapshot["themes"] == ["culture", "sport"]
    assert edit.comment == "Nouvelle saison"

    history = client.get(f"/annuaire/{org.slug}/historique")
    assert history.status_code == 200
    assert "Présentation courte" in history.text and "Thématiques" in history.text
    assert "Nouvelle saison" in history.text and member.name in history.text
    # Long texts are compared word by word.
    assert "<del>**fictive**</del> <ins>**bien réelle**</ins> créée pour" in history.text


def test_errors_are_french_next_to_each_field_and_keep_what_was_typed(client, db):
    OrganizationFactory(rna="W891000001", nom="Déjà inscrite")
    org = OrganizationFactory(nom="Club de judo", trusted=True)
    sign_in(client, member_of(org))
    data = edit_form(client, org.slug)
    fill(data, **{"nom": "", "rna": "W12", "siret": "12345678901234", "courriel": "pas-une-adresse",
                 "site_web": "javascript:alert(1)", "description": "Texte gardé tel quel",
                 "notice_starts_on": "2026-09-10", "notice_ends_on": "2026-09-01"})
    response = client.post(f"/gestion/{org.slug}", data=data)
    assert response.status_code == 422
    page = response.text
    assert "Indiquez le nom de l&#39;organisation." in page
    assert "Le numéro RNA commence par W suivi de 9 caractères" in page
    assert "clé de contrôle incorrecte" in page
    assert "Cette adresse électronique n&#39;est pas valide" in page
    assert "commençant par https://" in page
    assert "La date de fin doit suivre la date de début." in page
    assert 'value="W12"' in page and 'value="pas-une-adresse"' in page
    assert "Texte gardé tel quel" in page
    assert reload(org).nom == "Club de judo" and revisions_of(org) == []

    fill(data, **{"nom": "Club de judo", "rna": "W891000001", "siret": "", "courriel": "",
                 "site_web": "", "notice_starts_on": "", "notice_ends_on": ""})
    response = client.post(f"/gestion/{org.slug}", data=data)
    assert response.status_code == 422
    assert "Une autre fiche de l&#39;annuaire porte déjà ce numéro RNA." in response.text


def test_a_save_without_change_records_nothing(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    response = client.post(f"/gestion/{org.slug}", data=edit_form(client, org.slug),
                           follow_redirects=True)
    assert "Aucun changement" in response.text
    assert revisions_of(org) == []


def test_confirming_without_change_counts_as_verification_only(client, db):
    org = OrganizationFactory()
    edited = org.last_edited_at
    sign_in(client, member_of(org))
    page = client.get(f"/gestion/{org.slug}")
    response = client.post(f"/gestion/{org.slug}/confirmer",
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    org = reload(org)
    assert org.last_verified_at is not None and org.last_edited_at == edited
    assert [r.action for r in revisions_of(org)] == ["initial", "confirm"]
    assert "Confirmée sans changement" in client.get(f"/annuaire/{org.slug}/historique").text


def test_the_confirm_button_sends_the_untouched_form_and_confirms(client, db):
    org = OrganizationFactory(nom="Chorale du Val", telephone="03 86 00 00 00")
    sign_in(client, member_of(org))
    # The button belongs to the edit form (form="edit-form"): a browser sends every field.
    page = client.get(f"/gestion/{org.slug}").text
    assert 'form="edit-form" formaction="/gestion/' in page
    response = client.post(f"/gestion/{org.slug}/confirmer", data=edit_form(client, org.slug))
    assert response.status_code == 302
    assert [r.action for r in revisions_of(org)] == ["initial", "confirm"]


def test_confirming_after_typing_keeps_what_was_typed_and_confirms_nothing(client, db):
    org = OrganizationFactory(nom="Chorale du Val", presentation_resume="Chant choral.",
                              trusted=True)
    sign_in(client, member_of(org))
    data = fill(edit_form(client, org.slug), presentation_resume="Répétitions le jeudi soir.",
                telephone="03 86 11 22 33")
    response = client.post(f"/gestion/{org.slug}/confirmer", data=data)
    assert response.status_code == 409
    assert "Fiche non confirmée : vous avez modifié 2 champs sans les enregistrer" in response.text
    assert "Répétitions le jeudi soir." in response.text and "03 86 11 22 33" in response.text
    org = reload(org)
    assert org.last_verified_at is None and org.presentation_resume == "Chant choral."
    assert revisions_of(org) == []
    # What came back can be saved as it is.
    saved = client.post(f"/gestion/{org.slug}",
                        data=form_fields(response.text, f"/gestion/{org.slug}"))
    assert saved.status_code == 302
    assert reload(org).presentation_resume == "Répétitions le jeudi soir."


def test_two_people_editing_at_once_do_not_overwrite_each_other(app, client, db):
    org = OrganizationFactory(nom="Chorale du Val", trusted=True,
                              presentation_resume="Chant choral pour adultes.")
    first, second = member_of(org), member_of(org)
    other = sign_in(app.test_client(), second)
    sign_in(client, first)
    mine, theirs = edit_form(client, org.slug), edit_form(other, org.slug)

    mine["presentation_resume"] = "Chant choral, répétitions le jeudi."
    assert client.post(f"/gestion/{org.slug}", data=mine).status_code == 302

    theirs["presentation_resume"] = "Chorale ouverte à tous les âges."
    theirs["horaires_accueil"] = "Jeudi 20 h"
    response = other.post(f"/gestion/{org.slug}", data=theirs)
    assert response.status_code == 409
    assert "Quelqu'un a enregistré cette fiche" in response.text
    assert "Chant choral, répétitions le jeudi." in response.text  # the other person's value
    assert "Chorale ouverte à tous les âges." in response.text  # what they typed, kept
    assert first.name in response.text
    assert reload(org).presentation_resume == "Chant choral, répétitions le jeudi."

    # Merge: they resubmit from the conflict page, which carries the new version.
    merged = form_fields(response.text, f"/gestion/{org.slug}")
    assert merged["base_revision"] == "2"
    merged["presentation_resume"] = "Chant choral pour tous, répétitions le jeudi."
    assert other.post(f"/gestion/{org.slug}", data=merged).status_code == 302
    org = reload(org)
    assert org.presentation_resume == "Chant choral pour tous, répétitions le jeudi."
    assert org.horaires_accueil == "Jeudi 20 h"
    assert [r.number for r in revisions_of(org)] == [1, 2, 3]


def test_two_people_editing_the_same_activity(app, client, db):
    org = OrganizationFactory(trusted=True)
    service = ServiceFactory(organization=org, nom="Yoga", horaires="Lundi 18 h")
    first, second = member_of(org), member_of(org)
    other = sign_in(app.test_client(), second)
    sign_in(client, first)
    path = f"/gestion/{org.slug}/activites/{service.id}"
    mine = form_fields(client.get(path).text, path)
    theirs = form_fields(other.get(path).text, path)
    mine["horaires"] = "Mardi 19 h"
    assert client.post(path, data=mine).status_code == 302
    theirs["frais_precisions"] = "80 € l'année"
    response = other.post(path, data=theirs)
    assert response.status_code == 409
    assert "Mardi 19 h" in response.text and "80 € l&#39;année" in response.text
    assert _db.session.get(Service, service.id).frais_precisions == "60 € l'année"


# Activities -----------------------------------------------------------------------------------


def test_member_adds_changes_and_archives_activities(client, db):
    org = OrganizationFactory(trusted=True)
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/activites/nouvelle"
    data = form_fields(client.get(path).text, path)
    fill(data, **{"nom": "", "age_min": "12", "age_max": "8"})
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert "Indiquez le nom de l&#39;activité." in response.text
    assert "L&#39;âge maximum doit être supérieur ou égal à l&#39;âge minimum." in response.text

    fill(data, **{"nom": "Théâtre ados", "age_max": "17", "frais": "payant",
                 "horaires": "Mercredi 14 h"})
    data.setlist("publics", ["jeunes"])
    data.setlist("modes_accueil", ["en-presentiel"])
    assert client.post(path, data=data).status_code == 302
    service = _db.session.scalars(select(Service).where(Service.organization_id == org.id)).one()
    assert (service.age_min, service.age_max, service.frais) == (12, 17, "payant")
    assert [p.slug for p in service.publics] == ["jeunes"]
    assert "Théâtre ados" in client.get(f"/annuaire/{org.slug}").text

    edit_path = f"/gestion/{org.slug}/activites/{service.id}"
    data = form_fields(client.get(edit_path).text, edit_path)
    assert data["nom"] == "Théâtre ados" and data.getlist("publics") == ["jeunes"]
    data["horaires"] = "Mercredi 15 h"
    assert client.post(edit_path, data=data).status_code == 302

    page = client.get(f"/gestion/{org.slug}")
    archive_path = f"/gestion/{org.slug}/activites/{service.id}/archiver"
    response = client.post(archive_path, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    _db.session.expire_all()
    service = _db.session.get(Service, service.id)
    assert service.archived_at is not None  # archived, never deleted
    assert "Théâtre ados" not in client.get(f"/annuaire/{org.slug}").text
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Activité ajoutée" in history and "Activité retirée" in history
    assert "Activité « Théâtre ados » – Horaires" in history


# Permissions ----------------------------------------------------------------------------------


def test_only_members_and_staff_edit_and_see_the_history(client, db):
    org = OrganizationFactory()
    assert client.get(f"/gestion/{org.slug}").status_code == 302
    assert client.get(f"/annuaire/{org.slug}/historique").status_code == 302
    sign_in(client, member_of(OrganizationFactory()))
    assert client.get(f"/gestion/{org.slug}").status_code == 403
    assert client.get(f"/annuaire/{org.slug}/historique").status_code == 403
    assert "Modifier" not in client.get(f"/annuaire/{org.slug}").text


def test_the_public_page_offers_edit_to_members_and_error_report_to_all(client, db):
    org = OrganizationFactory()
    assert "Signaler une erreur" in client.get(f"/annuaire/{org.slug}").text
    sign_in(client, member_of(org))
    page = client.get(f"/annuaire/{org.slug}").text
    assert f'href="/gestion/{org.slug}"' in page and "Signaler une erreur" in page


# New listings and claims ----------------------------------------------------------------------


def test_a_new_listing_is_a_draft_until_the_staff_publishes_it(client, db, mailbox):
    person = UserFactory()
    sign_in(client, person)
    data = form_fields(client.get("/gestion/nouvelle").text, "/gestion/nouvelle")
    fill(data, **{"nom": "Les Randonneurs de l'Yonne", "description": "Sorties chaque dimanche."})
    data.setlist("communes", ["pont-sur-yonne"])
    response = client.post("/gestion/nouvelle", data=data)
    assert response.status_code == 302
    org = _db.session.scalars(select(Organization).where(Organization.nom.like("Les Rand%"))).one()
    assert org.status == "draft" and org.slug == "les-randonneurs-de-l-yonne"
    assert person.membership_of(org) is not None
    assert client.get(f"/annuaire/{org.slug}").status_code == 404
    assert "Randonneurs" not in client.get("/annuaire", query_string={"q": "randonneurs"}).text
    assert client.get(f"/gestion/{org.slug}").status_code == 200  # they can complete it

    moderator = UserFactory(role=Role.MODERATOR)
    sign_in(client, moderator)
    assert "Les Randonneurs de l&#39;Yonne" in client.get("/moderation/").text
    page = client.get(f"/moderation/fiches/{org.id}")
    assert "Sorties chaque dimanche." in page.text
    response = client.post(f"/moderation/fiches/{org.id}",
                           data={"csrf_token": csrf_token(page.text), "accept": "Accepter"})
    assert response.status_code == 302
    assert reload(org).status == "published"
    assert client.get(f"/annuaire/{org.slug}").status_code == 200
    assert "Randonneurs" in client.get("/annuaire", query_string={"q": "randonneurs"}).text
    assert "est publiée dans l'annuaire" in text_of(mailbox.last(person.email))


def test_claim_with_the_listing_address_is_confirmed_by_mail(client, db, mailbox):
    org = OrganizationFactory(courriel="Contact@Judo-Club.fr")
    person = UserFactory(email="contact@judo-club.fr")
    sign_in(client, person)
    page = client.get(f"/annuaire/{org.slug}/revendiquer")
    assert "lien de confirmation" in page.text
    response = client.post(f"/annuaire/{org.slug}/revendiquer",
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 200
    link = link_in(mailbox.last("Contact@Judo-Club.fr"), "/revendiquer/")
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert person.membership_of(org) is None  # opening the link is not enough
    assert client.post(link, data={"csrf_token": csrf_token(confirm.text)}).status_code == 302
    _db.session.expire_all()
    assert person.membership_of(org) is not None
    assert client.post(link, data={"csrf_token": csrf_token(confirm.text)}).status_code == 400


def test_claim_link_is_for_the_claimant_only(app, client, db, mailbox):
    org = OrganizationFactory(courriel="bureau@chorale.fr")
    person = UserFactory(email="bureau@chorale.fr")
    sign_in(client, person)
    page = client.get(f"/annuaire/{org.slug}/revendiquer")
    client.post(f"/annuaire/{org.slug}/revendiquer", data={"csrf_token": csrf_token(page.text)})
    link = link_in(mailbox.last("bureau@chorale.fr"), "/revendiquer/")
    stranger = sign_in(app.test_client(), UserFactory())
    assert stranger.get(link).status_code == 403
    assert client.get(link.replace("/revendiquer/", "/revendiquer/x")).status_code == 400


def test_other_claims_go_to_the_staff(client, db, mailbox):
    org = OrganizationFactory(courriel="contact@asso.fr")
    person = UserFactory()
    sign_in(client, person)
    page = client.get(f"/annuaire/{org.slug}/revendiquer")
    client.post(f"/annuaire/{org.slug}/revendiquer",
                data={"csrf_token": csrf_token(page.text), "message": "Je suis la trésorière."})
    assert mailbox.messages == []
    claim = _db.session.scalars(select(Claim)).one()
    assert claim.state == "pending" and person.membership_of(org) is None

    sign_in(client, UserFactory(role=Role.MODERATOR))
    queue = client.get("/moderation/")
    assert "Je suis la trésorière." in queue.text
    token = csrf_token(queue.text)
    response = client.post(f"/moderation/revendications/{claim.id}",
                           data={"csrf_token": token, "refuse": "Refuser"})
    assert response.status_code == 422
    assert "Indiquez le motif du refus" in response.text
    client.post(f"/moderation/revendications/{claim.id}",
                data={"csrf_token": token, "accept": "Accepter"})
    _db.session.expire_all()
    assert _db.session.scalars(select(Membership).where(Membership.user_id == person.id)).one()
    assert "Vous gérez maintenant la fiche" in text_of(mailbox.last(person.email))


# Error reports --------------------------------------------------------------------------------


def test_anyone_reports_an_error_which_reaches_the_queue_and_members(client, db, mailbox):
    org = OrganizationFactory(nom="Tennis club")
    member = member_of(org)
    _db.session.commit()
    path = f"/annuaire/{org.slug}/signaler"
    page = client.get(path)
    response = client.post(path, data={"csrf_token": csrf_token(page.text), "message": "x"})
    assert response.status_code == 422 and "Entre 5 et 2 000 caractères." in response.text
    response = client.post(path, data={"csrf_token": csrf_token(page.text),
                                       "message": "Le numéro de téléphone a changé.",
                                       "email": "voisin@exemple.fr"})
    assert response.status_code == 200 and "Merci" in response.text
    assert "Le numéro de téléphone a changé." in text_of(mailbox.last(member.email))
    report = _db.session.scalars(select(ErrorReport)).one()
    assert report.email == "voisin@exemple.fr"

    sign_in(client, UserFactory(role=Role.MODERATOR))
    queue = client.get("/moderation/")
    assert "Le numéro de téléphone a changé." in queue.text
    client.post(f"/moderation/signalements/{report.id}",
                data={"csrf_token": csrf_token(queue.text), "reason": "Corrigé, merci !"})
    assert "Corrigé, merci !" in text_of(mailbox.last("voisin@exemple.fr"))
    assert "Le numéro de téléphone a changé." not in client.get("/moderation/").text


def test_error_reports_have_a_honeypot_and_a_rate_limit(client, db, mailbox):
    org = OrganizationFactory()
    path = f"/annuaire/{org.slug}/signaler"
    token = csrf_token(client.get(path).text)
    robot = client.post(path, data={"csrf_token": token, "message": "Achetez nos montres",
                                    "website": "http://spam.example"})
    assert robot.status_code == 200
    assert _db.session.scalars(select(ErrorReport)).all() == []
    statuses = [
        client.post(path, data={"csrf_token": token, "message": f"Erreur numéro {i}"}).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert len(_db.session.scalars(select(ErrorReport)).all()) == 4


def test_error_report_page_of_a_draft_does_not_exist(client, db):
    org = OrganizationFactory(status="draft")
    assert client.get(f"/annuaire/{org.slug}/signaler").status_code == 404


def test_two_saves_of_the_same_version_cannot_both_be_stored(db):
    """The guarantee behind concurrent edits, for saves that pass the version check together."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from directory.listings import revisions

    org = OrganizationFactory()
    revisions.confirm(org, UserFactory())
    assert revisions.current_number(org) == 2
    _db.session.add(Revision(organization=org, number=2, base_number=1, snapshot={}))
    with pytest.raises(IntegrityError):
        _db.session.flush()
    _db.session.rollback()


# Logos ----------------------------------------------------------------------------------------


def picture(size=(1200, 800), fmt="JPEG") -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=fmt)
    return output.getvalue()


def upload(client, org, content: bytes, filename: str, **values):
    import io

    data = fill(edit_form(client, org.slug), **values)
    files = data.to_dict(flat=False)
    files["logo"] = (io.BytesIO(content), filename)
    return client.post(f"/gestion/{org.slug}", data=files, content_type="multipart/form-data")


def test_a_logo_sent_with_a_refused_form_is_kept_for_the_corrected_one(app, client, db):
    org = OrganizationFactory(nom="Club vidéo", trusted=True)
    sign_in(client, member_of(org))
    refused = upload(client, org, picture((300, 200)), "logo.jpg", nom="")
    assert refused.status_code == 422
    assert "Logo déjà envoyé et vérifié" in refused.text
    kept = re.search(r'name="uploaded_logo" type="hidden" value="([^"]+)"', refused.text)
    assert kept and f'src="/logos/{kept[1]}"' in refused.text
    assert reload(org).logo is None

    # Corrected without choosing the file again: the logo is saved with the listing.
    data = fill(form_fields(refused.text, f"/gestion/{org.slug}"), nom="Club vidéo de Sergines")
    response = client.post(f"/gestion/{org.slug}", data=data)
    assert response.status_code == 302
    assert reload(org).logo == kept[1]


def test_a_forged_kept_logo_name_is_ignored(app, client, db):
    org = OrganizationFactory(nom="Club radio", trusted=True)
    sign_in(client, member_of(org))
    data = fill(edit_form(client, org.slug), uploaded_logo="0" * 64 + ".png")
    assert client.post(f"/gestion/{org.slug}", data=data).status_code == 302
    assert reload(org).logo is None


def test_logo_is_checked_by_content_resized_and_kept_in_the_history(app, client, db):
    import io

    from PIL import Image

    org = OrganizationFactory(nom="Club photo", trusted=True)
    sign_in(client, member_of(org))
    response = upload(client, org, b"<?php echo 'pas une image'; ?>", "logo.png",
                      presentation_resume="Gardé malgré l'erreur")
    assert response.status_code == 422
    assert "Ce fichier n&#39;est pas une image PNG, JPEG, GIF ou WebP." in response.text
    assert "Gardé malgré l&#39;erreur" in response.text
    # A lower bound than the default 2 Mo keeps the test's request body in memory.
    app.config["LOGO_MAX_BYTES"] = 100 * 1024
    try:
        too_big = upload(client, org, picture((2000, 2000), "BMP")[: 100 * 1024 + 1], "logo.bmp")
    finally:
        del app.config["LOGO_MAX_BYTES"]
    assert too_big.status_code == 422 and "Le fichier dépasse 100 Ko" in too_big.text
    assert reload(org).logo is None

    assert upload(client, org, picture(), "photo.txt").status_code == 302
    org = reload(org)
    assert org.logo and org.logo.endswith(".png")
    page = client.get(f"/annuaire/{org.slug}").text
    assert f'src="/logos/{org.logo}"' in page
    with client.get(f"/logos/{org.logo}") as image:
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert Image.open(io.BytesIO(image.data)).size == (400, 267)
    assert client.get("/logos/..%2Finstance.db").status_code == 404
    assert "Logo" in client.get(f"/annuaire/{org.slug}/historique").text

    data = fill(edit_form(client, org.slug), remove_logo="y")
    assert client.post(f"/gestion/{org.slug}", data=data).status_code == 302
    assert reload(org).logo is None
