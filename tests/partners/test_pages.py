"""The partner directory: search by need and commune, what professionals alone see, professional
access requests, orientation sheets and referrals."""

import io
import logging
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service
from directory.partners.models import ProfessionalRequest, Referral
from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    commune,
    member_of,
    public,
    theme,
)
from tests.mailserver import text_of


def professional():
    return UserFactory(role=Role.PROFESSIONAL)


def partner(nom, **kwargs):
    return OrganizationFactory(nom=nom, kind=OrganizationKind.PARTNER, **kwargs)


def without_nowrap(html: str) -> str:
    """The page without the spans that keep time ranges on one line."""
    return re.sub(r'<span class="nowrap">(.*?)</span>', r"\1", html)


def titles(html: str, *names: str) -> list[str]:
    """The names, in the order the page shows them."""
    found = sorted((html.index(n), n) for n in names if n in html)
    return [n for _, n in found]


# Search ---------------------------------------------------------------------------------------


def test_services_covering_the_commune_come_first_then_the_others(client, db):
    near = partner("Épicerie solidaire de Sergines", courriel="epicerie@exemple.fr")
    ServiceFactory(organization=near, nom="Aide alimentaire à Sergines",
                   communes=[commune("sergines")])
    far = partner("Banque alimentaire du Nord")
    ServiceFactory(organization=far, nom="Aide alimentaire d'urgence",
                   communes=[commune("pont-sur-yonne")])
    roaming = partner("Secours itinérant")
    ServiceFactory(organization=roaming, nom="Colis alimentaires itinérants",
                   permanences=[{"commune": "sergines", "lieu": "Mairie", "horaires": "Lundi"}])
    ServiceFactory(organization=partner("Club de judo"), nom="Judo loisir")
    # Without a zone of its own, a service covers its structure's communes.
    ServiceFactory(organization=partner("CCAS", communes=[commune("sergines")]),
                   nom="Bons alimentaires du CCAS")
    ServiceFactory(organization=partner("CCAS voisin", communes=[commune("sergines")]),
                   nom="Colis alimentaire ailleurs", communes=[commune("pont-sur-yonne")])
    _db.session.commit()

    page = client.get("/partenaires?q=alimentaire&commune=sergines").text
    assert titles(page, "Aide alimentaire à Sergines", "Colis alimentaires itinérants",
                  "Aide alimentaire d&#39;urgence")[-1] == "Aide alimentaire d&#39;urgence"
    assert "Autres services, hors de Sergines" in page
    others = page.index("Autres services, hors de Sergines")
    assert others < page.index("Aide alimentaire d&#39;urgence")
    assert "3 couvrant Sergines" in page
    assert page.index("Bons alimentaires du CCAS") < others
    assert page.index("Colis alimentaire ailleurs") > others
    assert "Judo loisir" not in page  # does not match the need

    # Without a commune, the best match comes first; every service is listed without a need.
    assert "Judo loisir" in client.get("/partenaires").text


def test_filters_by_theme_public_and_reception_mode(client, db):
    org = partner("Centre social")
    ServiceFactory(organization=org, nom="Visites à domicile", modalites_accueil=["a-domicile"],
                   themes=[theme("numerique")], publics=[public("seniors")])
    ServiceFactory(organization=org, nom="Accueil numérique", modalites_accueil=["sur-place"],
                   themes=[theme("numerique")], publics=[public("jeunes")])
    ServiceFactory(organization=org, nom="Conseil budgétaire", modalites_accueil=["telephone"])
    # Imported with data·inclusion's modes only: "à distance" reads as "par téléphone".
    ServiceFactory(organization=org, nom="Écrivain public", modes_accueil=["a-distance"])
    _db.session.commit()

    page = client.get("/partenaires?mode=a-domicile").text
    assert "Visites à domicile" in page and "Accueil numérique" not in page
    page = client.get("/partenaires?theme=numerique").text
    assert "Visites à domicile" in page and "Accueil numérique" in page
    assert "Conseil budgétaire" not in page
    page = client.get("/partenaires?public=jeunes").text
    assert "Accueil numérique" in page and "Visites à domicile" not in page
    page = client.get("/partenaires?mode=telephone").text
    assert "Conseil budgétaire" in page and "Écrivain public" in page
    assert "Visites à domicile" not in page
    response = client.get("/partenaires?mode=en-avion")
    assert response.status_code == 400
    assert "Ce mode d&#39;accueil n&#39;existe pas : filtre ignoré." in response.text
    assert "Conseil budgétaire" in response.text


def test_search_does_not_find_a_service_through_its_professionals_only_notes(client, db):
    ServiceFactory(organization=partner("CCAS"), nom="Accueil social",
                   notes_professionnels="Zorglubesque")
    _db.session.commit()
    assert "Accueil social" not in client.get("/partenaires?q=zorglubesque").text


# What professionals alone see ----------------------------------------------------------------


def pro_scene():
    org = partner("CCAS de Sergines", courriel="ccas@sergines.fr", trusted=True)
    service = ServiceFactory(
        organization=org, nom="Aide sociale facultative", justificatifs="Avis d'imposition",
        orientation_courriel="orientation-secret@ccas.fr", orientation_telephone="03 86 99 88 77",
        orientation_precisions="Fiche de liaison MARQUEPRO", notes_professionnels="NOTEPRO",
        orientation_modes=["envoyer-un-courriel"],
    )
    ContactFactory(organization=org, label="Mme Référente", role="Travailleuse sociale",
                   courriel="referente@ccas.fr", visibility=ContactVisibility.PROFESSIONALS,
                   service=service)
    ContactFactory(organization=org, label="Accueil du CCAS", courriel="accueil@ccas.fr")
    _db.session.commit()
    return org, service


SECRETS = ("orientation-secret@ccas.fr", "03 86 99 88 77", "MARQUEPRO", "NOTEPRO",
           "Mme Référente", "referente@ccas.fr")


@pytest.mark.parametrize("who", ["anonymous", "member", "pending"])
def test_professionals_only_fields_hidden_from_others(app, client, db, who):
    org, service = pro_scene()
    if who == "member":  # a member of the structure itself, without the professional role
        sign_in(client, member_of(org))
    elif who == "pending":
        user = UserFactory()
        _db.session.add(ProfessionalRequest(user=user, name="X", structure="Y", role="Z",
                                            email=user.email, reason="Pour orienter"))
        sign_in(client, user)
    page = client.get(f"/partenaires/services/{service.id}").text
    assert "Aide sociale facultative" in page and "Avis d&#39;imposition" in page
    assert "Accueil du CCAS" in page
    for secret in SECRETS:
        assert secret not in page
    assert "Vous êtes professionnel ?" in page
    listing = client.get(f"/annuaire/{org.slug}").text
    for secret in SECRETS:
        assert secret not in listing
    assert client.get(f"/partenaires/services/{service.id}/fiche").status_code in (302, 403)
    assert client.get(f"/partenaires/services/{service.id}/orienter").status_code in (302, 403)


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.MODERATOR])
def test_professionals_and_staff_see_correspondents_and_referral_details(client, db, role):
    org, service = pro_scene()
    sign_in(client, UserFactory(role=role))
    page = client.get(f"/partenaires/services/{service.id}").text
    for secret in SECRETS:
        assert secret in page
    assert "Vous êtes professionnel ?" not in page
    assert "Fiche d'orientation pour la personne" in page


def test_archived_service_or_unpublished_structure_is_not_found(client, db):
    service = ServiceFactory(organization=partner("Brouillon", status="draft"))
    gone = ServiceFactory(organization=partner("Ouverte"), archived_at=utcnow())
    _db.session.commit()
    assert client.get(f"/partenaires/services/{service.id}").status_code == 404
    assert client.get(f"/partenaires/services/{gone.id}").status_code == 404


# Professional access --------------------------------------------------------------------------


def test_access_request_validated_by_staff_with_a_french_mail(app, client, db, mailbox):
    structure = partner("Mission locale du Nord")
    user = UserFactory(email="c.dupont@mission-locale.fr", name=None)
    _, service = pro_scene()
    sign_in(client, user)
    page = client.get("/partenaires/acces")
    response = client.post("/partenaires/acces", data={
        "csrf_token": csrf_token(page.text), "name": "", "structure": "Mission locale",
        "organization": str(structure.id), "role": "", "reason": "Pour orienter"})
    assert response.status_code == 422
    assert "Indiquez votre prénom et votre nom." in response.text
    assert "Indiquez votre fonction" in response.text
    response = client.post("/partenaires/acces", data={
        "csrf_token": csrf_token(page.text), "name": "Claire Dupont",
        "structure": "Mission locale", "organization": str(structure.id),
        "role": "Conseillère insertion", "reason": "J'accompagne des jeunes de 16 à 25 ans."})
    assert "Merci, votre demande est envoyée" in response.text
    assert "en cours d'examen" in client.get("/partenaires/acces").text
    # Not a professional until the staff says so.
    assert "NOTEPRO" not in client.get(f"/partenaires/services/{service.id}").text

    staff = app.test_client()
    sign_in(staff, UserFactory(role=Role.MODERATOR))
    queue = staff.get("/moderation/file").text
    assert "Claire Dupont" in queue and "Conseillère insertion" in queue
    assert "Rien à examiner" not in queue
    assert "Mission locale du Nord" in queue
    item = _db.session.scalars(select(ProfessionalRequest)).one()
    staff.post(f"/moderation/acces-professionnels/{item.id}",
               data={"csrf_token": csrf_token(queue), "accept": "Accepter",
                     "reason": "Bienvenue"})
    mail = mailbox.last("c.dupont@mission-locale.fr")
    assert "Votre accès professionnel est ouvert" in mail["Subject"]
    assert "est acceptée" in text_of(mail) and "Bienvenue" in text_of(mail)
    assert "NOTEPRO" in client.get(f"/partenaires/services/{service.id}").text

    # Staff list validated professionals and withdraw access when someone leaves their post.
    listing = staff.get("/moderation/acces-professionnels").text
    assert "c.dupont@mission-locale.fr" in listing and "Conseillère insertion" in listing
    staff.post(f"/moderation/acces-professionnels/comptes/{user.id}/retirer",
               data={"csrf_token": csrf_token(listing)})
    assert "NOTEPRO" not in client.get(f"/partenaires/services/{service.id}").text
    assert "c.dupont@mission-locale.fr" not in staff.get("/moderation/acces-professionnels").text
    assert "Demandes d'accès professionnel (0)" in staff.get("/moderation/file").text


def test_refused_access_request_needs_a_reason_and_is_mailed(app, client, db, mailbox):
    user = UserFactory(email="curieux@exemple.fr")
    sign_in(client, user)
    page = client.get("/partenaires/acces")
    client.post("/partenaires/acces", data={
        "csrf_token": csrf_token(page.text), "name": "Curieux", "structure": "Aucune",
        "role": "Particulier", "reason": "Je voudrais voir les numéros."})
    staff = app.test_client()
    sign_in(staff, UserFactory(role=Role.ADMIN))
    queue = staff.get("/moderation/file").text
    item = _db.session.scalars(select(ProfessionalRequest)).one()
    path = f"/moderation/acces-professionnels/{item.id}"
    response = staff.post(path, data={"csrf_token": csrf_token(queue), "refuse": "Refuser"})
    assert response.status_code == 422 and mailbox.messages == []  # no reason: no decision
    assert "Indiquez le motif du refus" in response.text
    staff.post(path, data={"csrf_token": csrf_token(queue), "refuse": "Refuser",
                           "reason": "Accès réservé aux professionnels du territoire."})
    mail = mailbox.last("curieux@exemple.fr")
    assert "n'a pas été acceptée" in text_of(mail)
    assert "réservé aux professionnels" in text_of(mail)
    _db.session.expire_all()
    assert _db.session.get(type(user), user.id).role is None


# Orientation sheets ---------------------------------------------------------------------------


def sheet_scene():
    org = partner("France Services Yonne Nord", telephone="03 86 11 22 33",
                  horaires_accueil="Lundi au vendredi 9 h – 12 h")
    place = PlaceFactory(name="Maison des services", adresse="2 place de la Mairie")
    org.places.append(place)
    service = ServiceFactory(
        organization=org, nom="Accompagnement aux démarches", place=place,
        horaires="Mardi et jeudi 9 h – 12 h", justificatifs="Pièce d'identité\nAvis d'imposition",
        permanences=[{"commune": "sergines", "lieu": "Mairie", "horaires": "1er lundi 14 h"}],
        notes_professionnels="NOTEPRO",
    )
    contact = ContactFactory(organization=org, label="Mme Martin", role="Conseillère",
                             telephone="03 86 44 55 66",
                             visibility=ContactVisibility.PROFESSIONALS)
    _db.session.commit()
    return org, service, contact


def test_orientation_sheet_says_where_when_what_to_bring_and_whom_to_ask(client, db):
    _, service, contact = sheet_scene()
    sign_in(client, professional())
    path = f"/partenaires/services/{service.id}/fiche"
    token = csrf_token(client.get(path).text)
    data = {"csrf_token": token, "name": "M. D.", "ask_for": str(contact.id),
            "note": "Rendez-vous mardi 10 h"}
    response = client.post(path, data={**data, "print_sheet": "Imprimer"})
    assert response.status_code == 200
    sheet = without_nowrap(response.text)
    for expected in ("Pour : M. D.", "Accompagnement aux démarches", "2 place de la Mairie",
                     "Mardi et jeudi 9 h – 12 h", "Pièce d&#39;identité", "Sergines",
                     "1er lundi 14 h", "Mme Martin (Conseillère)", "Rendez-vous mardi 10 h",
                     "03 86 11 22 33"):
        assert expected in sheet, expected
    assert "NOTEPRO" not in sheet and "03 86 44 55 66" not in sheet
    assert response.headers["Cache-Control"] == "no-store"
    assert _db.session.scalars(select(Referral)).all() == []  # printing keeps nothing

    response = client.post(path, data={**data, "pdf": "PDF"})
    assert response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Accompagnement aux démarches" in text and "Mme Martin" in text
    assert "Rendez-vous mardi 10 h" in text


def test_sheet_by_mail_needs_consent_and_an_address(client, db, mailbox):
    _, service, _ = sheet_scene()
    sign_in(client, professional())
    path = f"/partenaires/services/{service.id}/fiche"
    token = csrf_token(client.get(path).text)
    response = client.post(path, data={"csrf_token": token, "email": "personne@exemple.fr",
                                       "send": "Envoyer"})
    assert response.status_code == 422
    assert "l&#39;accord de la personne est nécessaire" in response.text
    assert 'value="personne@exemple.fr"' in response.text
    response = client.post(path, data={"csrf_token": token, "consent": "y", "send": "Envoyer"})
    assert "Indiquez l&#39;adresse à laquelle envoyer la fiche." in response.text
    assert mailbox.messages == []
    client.post(path, data={"csrf_token": token, "email": "personne@exemple.fr",
                            "consent": "y", "send": "Envoyer", "name": "M. D."})
    mail = mailbox.last("personne@exemple.fr")
    assert "Pièce d'identité" in text_of(mail) and "NOTEPRO" not in text_of(mail)
    (item,) = _db.session.scalars(select(Referral)).all()
    assert item.kind == "fiche" and item.beneficiary_contact == "personne@exemple.fr"


def test_public_listing_shows_permanences_and_documents_but_no_professional_details(client, db):
    org, service, contact = sheet_scene()
    page = without_nowrap(client.get(f"/annuaire/{org.slug}").text)
    assert "Documents à apporter" in page and "Pièce d&#39;identité" in page
    assert "Sergines, Mairie : 1er lundi 14 h" in page
    assert f"/partenaires/services/{service.id}" in page
    assert "NOTEPRO" not in page and "Mme Martin" not in page


# Referrals ------------------------------------------------------------------------------------


def referral_post(client, service, **values):
    path = f"/partenaires/services/{service.id}/orienter"
    token = csrf_token(client.get(path).text)
    data = {"csrf_token": token, "recipient": "orientation-secret@ccas.fr", "name": "M. D.",
            "contact": "06 12 34 56 78", "need": "Aide pour payer une facture d'énergie",
            "consent": "y", **values}
    return client.post(path, data={k: v for k, v in data.items() if v is not None})


def test_referral_requires_consent_then_mails_the_structure(app, client, db, mailbox):
    org, service = pro_scene()
    sender = professional()
    sign_in(client, sender)
    response = referral_post(client, service, consent=None)
    assert response.status_code == 422
    assert "qu&#39;avec l&#39;accord de la personne" in response.text
    assert "Elles sont effacées automatiquement au bout de 90 jours." in response.text
    assert mailbox.messages == [] and _db.session.scalars(select(Referral)).all() == []
    response = referral_post(client, service, recipient="pirate@exemple.fr")
    assert response.status_code == 422 and mailbox.messages == []

    assert referral_post(client, service).status_code == 302
    mail = mailbox.last("orientation-secret@ccas.fr")
    assert mail["Reply-To"] == sender.email
    assert "M. D." in text_of(mail) and "06 12 34 56 78" in text_of(mail)
    assert "M. D." not in mail["Subject"]
    assert "a donné son accord" in text_of(mail)

    # The sender and the receiving structure's members see it; nobody else.
    history = client.get("/partenaires/orientations").text
    assert "Aide pour payer une facture" in history and "06 12 34 56 78" in history
    receiver = sign_in(app.test_client(), member_of(org))
    assert "Aide pour payer une facture" in receiver.get("/partenaires/orientations").text
    other = sign_in(app.test_client(), professional())
    assert "Aide pour payer une facture" not in other.get("/partenaires/orientations").text


def test_referral_data_is_erased_after_the_retention_period(app, client, db, mailbox, runner):
    _, service = pro_scene()
    sign_in(client, professional())
    referral_post(client, service)
    referral_post(client, service, name="Mme E.")
    old, recent = _db.session.scalars(select(Referral).order_by(Referral.id)).all()
    old.created_at = utcnow() - timedelta(days=91)
    recent.created_at = utcnow() - timedelta(days=89)
    _db.session.commit()

    result = runner.invoke(args=["partners", "purge-referrals"])
    assert result.exit_code == 0 and "1 orientation(s) anonymisée(s)" in result.output
    _db.session.expire_all()
    assert (old.beneficiary_name, old.beneficiary_contact, old.need) == (None, None, None)
    assert old.purged_at is not None and recent.beneficiary_name == "Mme E."

    # Purged on access too, with a shorter period set by the installation.
    app.config["REFERRAL_RETENTION_DAYS"] = 30
    try:
        history = client.get("/partenaires/orientations").text
    finally:
        del app.config["REFERRAL_RETENTION_DAYS"]
    assert "Mme E." not in history and "Données personnelles effacées" in history
    _db.session.expire_all()
    assert recent.beneficiary_name is None


def test_referral_data_never_reaches_the_logs(app, client, db, caplog):
    _, service = pro_scene()
    sign_in(client, professional())
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = None  # mails written to instance/mails/ and logged
    try:
        with caplog.at_level(logging.DEBUG):
            referral_post(client, service, name="Zéphyrine Q.", contact="zephyrine@exemple.fr")
    finally:
        app.config["MAIL_SERVER"] = server
    assert caplog.records  # the mail was logged, without its content
    assert "Zéphyrine" not in caplog.text and "zephyrine@exemple.fr" not in caplog.text
    assert "facture" not in caplog.text


# Listing management ---------------------------------------------------------------------------


def test_members_describe_reception_permanences_and_referral_in_the_activity_form(client, db):
    org = partner("Centre social du Nord", trusted=True)
    service = ServiceFactory(organization=org, nom="Accueil familles",
                             modes_accueil=["en-presentiel"])
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/activites/{service.id}"
    page = client.get(path).text
    assert re.search(r'checked[^>]*value="sur-place"', page)  # from the data·inclusion mode
    response = client.post(path, data={
        "csrf_token": csrf_token(page), "base_revision": "0", "nom": "Accueil familles",
        "modalites_accueil": ["a-domicile", "telephone"],
        "permanences-0-commune": "sergines", "permanences-0-lieu": "Mairie",
        "permanences-0-horaires": "1er mardi 9 h – 12 h",
        "permanences-1-commune": "", "permanences-1-lieu": "", "permanences-1-horaires": "",
        "justificatifs": "Livret de famille", "modes_mobilisation": ["telephoner"],
        "mobilisable_par": ["usagers", "professionnels"],
        "orientation_modes": ["envoyer-un-courriel"],
        "orientation_courriel": "orientation@centre.fr", "orientation_telephone": "0386000001",
        "notes_professionnels": "Appeler le matin", "frais": "",
    })
    assert response.status_code == 302, response.text
    _db.session.expire_all()
    assert service.modalites_accueil == ["a-domicile", "telephone"]
    assert service.modes_accueil == ["en-presentiel", "a-distance"]
    assert service.permanences == [{"commune": "sergines", "lieu": "Mairie",
                                    "horaires": "1er mardi 9 h – 12 h"}]
    assert service.orientation_telephone == "03 86 00 00 01"
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Permanences" in history and "Sergines – Mairie – 1er mardi 9 h – 12 h" in history

    response = client.post(path, data={
        "csrf_token": csrf_token(page), "base_revision": "2", "nom": "Accueil familles",
        "permanences-0-lieu": "Salle des fêtes", "orientation_courriel": "pas une adresse",
    })
    assert response.status_code == 422
    assert "Choisissez la commune de la permanence." in response.text
    assert "Cette adresse électronique n&#39;est pas valide" in response.text


def test_demo_professional_sees_the_demo_structures_correspondents(client, db, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    result = runner.invoke(args=["demo", "accounts"])
    assert "pro@exemple.org / demo-pro-yonne-nord" in result.output
    service = _db.session.scalars(
        select(Service).join(Service.organization)
        .where(Organization.nom == "France Services Yonne Nord",
               Service.nom == "Permanence itinérante")
    ).one()
    assert service.permanences and service.orientation_courriel
    (correspondent,) = [c for c in _db.session.scalars(select(Contact))
                        if c.service_id == service.id]
    page = client.get(f"/partenaires/services/{service.id}").text
    assert "Sergines" in page and correspondent.label not in page
    login = client.get("/compte/connexion")
    client.post("/compte/connexion", data={"csrf_token": csrf_token(login.text),
                                           "email": "pro@exemple.org",
                                           "password": "demo-pro-yonne-nord"})
    page = client.get(f"/partenaires/services/{service.id}").text
    assert correspondent.label in page and service.orientation_courriel in page
