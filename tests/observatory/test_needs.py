"""Needs nobody answers: recorded by professionals without anyone's data; referrals' needs kept
as anonymous counts when their personal data is erased; the staff see them by theme, commune,
month."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from directory.accounts.models import Role
from directory.core.dates import paris_day
from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.observatory.models import ReferralNeed, UnmetNeed
from directory.observatory.privacy import personal_data_problem
from directory.partners.models import Referral
from directory.taxonomy.vocabularies import OrganizationKind
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    commune,
    public,
    theme,
)


def professional():
    return UserFactory(role=Role.PROFESSIONAL)


def post_need(client, **values):
    page = client.get("/partenaires/besoin-non-couvert")
    data = {"csrf_token": csrf_token(page.text), "need": "garde d'enfant le samedi matin",
            "theme": "", "commune": "", "public": "", **values}
    return client.post("/partenaires/besoin-non-couvert", data=data)


def test_a_professional_finds_nothing_and_records_the_need_from_the_search(client, db):
    sign_in(client, professional())
    search = client.get("/partenaires?q=garde+de+nuit&commune=sergines")
    assert "Signaler un besoin non couvert" in search.text
    link = re.search(r'href="(/partenaires/besoin-non-couvert[^"]*)"', search.text).group(1)
    form = client.get(link.replace("&amp;", "&"))
    assert 'value="garde de nuit"' in form.text  # what was searched, ready to send
    assert "Ni nom, ni téléphone" in form.text
    response = post_need(client, need="garde de nuit pour une infirmière",
                         theme="petite-enfance", commune="sergines", public="familles")
    assert response.status_code == 302
    need = _db.session.scalars(select(UnmetNeed)).one()
    assert (need.need, need.theme.slug, need.commune.slug, need.public.slug) == (
        "garde de nuit pour une infirmière", "petite-enfance", "sergines", "familles")


@pytest.mark.parametrize("typed, message", [
    ("rappeler au 06 12 34 56 78", "Pas de numéro de téléphone"),
    ("écrire à camille.martin@exemple.fr", "Pas d&#39;adresse électronique"),
    ("Mme Durand cherche une aide ménagère", "Pas de nom ni de civilité"),
    ("aide ménagère pour Jean Durand", "« Jean » ressemble à un nom de personne"),
])
def test_names_phones_and_mails_are_refused_and_what_was_typed_is_kept(client, db, typed,
                                                                     message):
    sign_in(client, professional())
    response = post_need(client, need=typed)
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{typed}"'.replace("'", "&#39;") in response.text
    assert _db.session.scalars(select(UnmetNeed)).all() == []


def test_acronyms_communes_and_sentence_starts_are_not_names():
    communes = {"Pont-sur-Yonne", "Sergines"}
    for text in ("Aide pour remplir un dossier CAF à Sergines", "Transport vers Pont-sur-Yonne",
                 "Accompagnement France Travail. Garde d'enfant", "EHPAD de jour"):
        assert personal_data_problem(text, communes) is None, text


def test_only_professionals_and_staff_record_needs(client, db):
    assert client.get("/partenaires/besoin-non-couvert").status_code in (302, 401)
    sign_in(client, UserFactory())
    assert client.get("/partenaires/besoin-non-couvert").status_code == 403


def test_referral_needs_stay_as_anonymous_counts_when_erased(app, client, db, runner):
    sport = theme("sport")
    org = OrganizationFactory(nom="Maison des sports", kind=OrganizationKind.PARTNER,
                              courriel="accueil@sports.fr")
    service = ServiceFactory(organization=org, nom="Sport sur ordonnance",
                             place=PlaceFactory(commune=commune("sergines")),
                             orientation_courriel="orientation@sports.fr")
    service.themes.append(sport.children[0] if sport.children else sport)
    service.publics.append(public("seniors"))
    sender = professional()
    old = utcnow() - timedelta(days=100)
    for name in ("M. A.", "Mme B.", "C."):
        _db.session.add(Referral(service=service, organization_id=org.id, sender=sender,
                                 beneficiary_name=name, beneficiary_contact="06 00 00 00 00",
                                 need="reprendre une activité", consent_at=old,
                                 created_at=old))
    _db.session.commit()
    assert runner.invoke(args=["partners", "purge-referrals"]).exit_code == 0
    _db.session.expire_all()
    assert all(r.need is None for r in _db.session.scalars(select(Referral)))
    kept = _db.session.scalars(select(ReferralNeed)).one()
    month = paris_day(old).replace(day=1)
    assert (kept.month, kept.theme_id, kept.commune.slug, kept.public.slug, kept.count) == (
        month, sport.id, "sergines", "seniors", 3)
    # Nothing in the kept row could say who: only these columns exist.
    columns = {c.key for c in inspect(ReferralNeed).columns}
    assert columns == {"id", "month", "theme_id", "commune_id", "public_id", "count"}

    # The staff see them in the needs figures of that month.
    sign_in(client, UserFactory(role=Role.MODERATOR))
    page = client.get(f"/moderation/indicateurs?periode={month:%Y-%m}").text
    row = re.search(r'id="d-orientations-besoins-communes">.*?Sergines</th><td class="num">'
                    r'(\d+)</td>', page, re.S)
    assert row and row.group(1) == "3"
