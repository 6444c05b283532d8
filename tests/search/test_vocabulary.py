"""People's words through /annuaire: vocabulary, acronyms, saint, postcodes, stop words, partial
matches, and the zero-result counts."""

from datetime import timedelta

import pytest

from directory.core.dates import today_paris
from directory.search.misses import misses_between
from directory.search.models import SearchMiss
from tests.factories import OrganizationFactory, commune, theme


@pytest.fixture
def orgs(db):
    OrganizationFactory(
        nom="Relais Petite Enfance du Gâtinais",
        presentation_resume="Informations sur les assistantes maternelles du territoire.",
        communes=[commune("sergines")],
    )
    OrganizationFactory(
        nom="Accueil de loisirs Les Lutins",
        presentation_resume="Le mercredi et pendant les vacances, pour les 3-11 ans.",
        communes=[commune("michery")],
    )
    OrganizationFactory(
        nom="Caisse d’allocations familiales de l’Yonne",
        sigle="CAF",
        presentation_resume="Permanences des conseillers.",
        communes=[commune("sergines")],
    )
    OrganizationFactory(
        nom="Café rencontre",
        presentation_resume="Un café pour se retrouver.",
        communes=[commune("michery")],
    )
    OrganizationFactory(
        nom="Danse en Scène",
        presentation_resume="Cours de danse classique.",
        themes=[theme("theatre")],
        communes=[commune("cuy")],
    )
    OrganizationFactory(
        nom="Comité des fêtes",
        presentation_resume="Animations dans les écoles et dans le village.",
        communes=[commune("saint-serotin")],
    )
    db.session.commit()


def page(client, q: str) -> str:
    return client.get("/annuaire", query_string={"q": q}).get_data(as_text=True)


def positions(text: str, *names: str) -> list[int]:
    return [text.find(name) for name in names]


def test_everyday_words_find_the_structures(client, orgs):
    assert "Relais Petite Enfance" in page(client, "nounou")
    assert "Relais Petite Enfance" in page(client, "assistante maternelle")
    assert "Accueil de loisirs Les Lutins" in page(client, "centre aéré")
    assert "Accueil de loisirs Les Lutins" in page(client, "centre de loisirs")
    # RSA is answered by the CAF, not a spelling suggestion.
    text = page(client, "RSA")
    assert "Caisse d’allocations familiales" in text
    assert "Vouliez-vous dire" not in text


def test_acronym_exact_match_ranks_above_prefix(client, orgs):
    text = page(client, "CAF")
    assert "Caisse d’allocations familiales" in text
    cafe = text.find("Café rencontre")
    assert cafe == -1 or text.find("Caisse d’allocations familiales") < cafe


def test_st_means_saint_and_postcode_finds_communes(client, orgs):
    assert "Comité des fêtes" in page(client, "st serotin")
    text = page(client, commune("michery").postal_code)
    assert "Accueil de loisirs Les Lutins" in text
    assert "Café rencontre" in text
    assert "Comité des fêtes" not in page(client, commune("cuy").postal_code) or (
        commune("cuy").postal_code == commune("saint-serotin").postal_code
    )


def test_stop_words_never_collide_with_stems(client, orgs):
    text = page(client, "danse")
    assert "Danse en Scène" in text
    assert "Comité des fêtes" not in text  # « dans les écoles » is not « danse »


def test_partial_matches_are_shown_and_said(client, orgs):
    text = page(client, "danse xylophone")
    assert "Danse en Scène" in text
    assert "Aucune fiche ne contient tous les mots de votre recherche" in text


def test_zero_result_searches_are_counted_by_day_without_who(client, orgs, db):
    page(client, "Zyxwvut Qwerty")
    page(client, "zyxwvut  qwerty")
    day = today_paris()
    assert misses_between(day - timedelta(days=1), day) == [("zyxwvut qwerty", 2)]
    assert misses_between(day, day, scope="partenaires") == []
    row = db.session.query(SearchMiss).one()
    # Only the day, the scope, the words and a count: no IP, account or time of day.
    assert set(SearchMiss.__table__.columns.keys()) == {"id", "day", "scope", "words", "count"}
    assert row.day == day and row.count == 2
    # A query that found something is not counted.
    page(client, "danse")
    assert len(misses_between(day, day)) == 1



def test_staff_add_a_vocabulary_entry_and_the_search_follows(client, orgs, db, login_as):
    from directory.accounts.models import Role
    from tests.conftest import csrf_token
    from tests.factories import UserFactory

    assert "Caisse d’allocations familiales" not in page(client, "sous pour mes enfants")
    login_as(UserFactory(role=Role.MODERATOR))
    form = client.get("/moderation/vocabulaire")
    assert form.status_code == 200
    assert "sous pour mes enfants" in form.text  # the zero-result search, to start from
    token = csrf_token(form.text)
    refused = client.post(
        "/moderation/vocabulaire", data={"csrf_token": token, "words": "", "find": "CAF"}
    )
    assert refused.status_code == 400
    assert "Indiquez au moins un mot ou une expression." in refused.text
    assert "CAF" in refused.text  # nothing typed is lost
    done = client.post(
        "/moderation/vocabulaire",
        data={"csrf_token": token, "words": "sous pour mes enfants", "find": "CAF"},
        follow_redirects=True,
    )
    assert "la recherche en tient compte dès maintenant" in done.text
    assert "Caisse d’allocations familiales" in page(client, "sous pour mes enfants")


def test_the_vocabulary_page_is_for_staff(client, orgs, login_as):
    from tests.factories import UserFactory

    assert client.get("/moderation/vocabulaire").status_code in (302, 401, 403)
    login_as(UserFactory())
    assert client.get("/moderation/vocabulaire").status_code == 403


def test_neighbour_communes_answer_when_the_commune_has_nothing(client, db):
    # Michery is next to Sergines in the territory file; Cuy is not.
    OrganizationFactory(nom="Judo club de Michery", communes=[commune("michery")])
    OrganizationFactory(nom="Judo club de Cuy", communes=[commune("cuy")])
    OrganizationFactory(nom="Théâtre de Sergines", communes=[commune("sergines")])
    db.session.commit()
    text = page(client, "judo Sergines")
    assert "Rien à Sergines même : voici ce qui existe dans les communes voisines." in text
    assert "Judo club de Michery" in text
    assert "Judo club de Cuy" not in text
    assert "Théâtre de Sergines" not in text


def test_a_territory_file_overrides_the_shipped_vocabulary(tmp_path):
    from directory.search import vocabulary

    territory = tmp_path / "ailleurs.toml"
    territory.write_text("")
    vocabulary.territory_file(str(territory)).write_text(
        '[[entry]]\nwords = ["nounou", "baby-sitter"]\nfind = ["Maison des familles"]\n'
    )
    override = vocabulary.territory_file(str(territory))
    merged = vocabulary.Vocabulary(vocabulary.file_entries(override))
    assert merged.phrases[("nounou",)] == [("maison", "des", "familles")]
    assert ("baby", "sitter") in merged.phrases
    # The rest of the shipped vocabulary stays.
    assert ("centre", "aere") in merged.phrases
