"""Public pages through the test client: home, search with facets, organisation, theme, commune."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from directory.taxonomy.vocabularies import OrganizationKind, Status
from tests.factories import (
    ContactFactory,
    PlaceFactory,
    ServiceFactory,
    commune,
    organization,
    public,
)


@pytest.fixture
def sample(db):
    """A small directory, committed (the index follows commits)."""
    orgs = {
        "theatre": organization("Théâtre des Deux Rives",
            themes=["theatre"],
            publics=["enfants", "adultes"],
            communes=["sergines"],
            presentation_resume="Troupe de théâtre amateur : ateliers enfants et adultes.",
        ),
        "chorale": organization("Chorale À Tout Chœur",
            themes=["musique-et-chant"],
            publics=["adultes"],
            communes=["pont-sur-yonne"],
            presentation_resume="Chant choral, répétitions le jeudi soir.",
        ),
        "judo": organization("Judo club de Villeneuve-la-Guyard",
            themes=["arts-martiaux-et-sports-de-combat"],
            publics=["enfants"],
            communes=["villeneuve-la-guyard"],
            presentation_resume="Judo et jujitsu dès 4 ans.",
        ),
        "ccas": organization("Espace France Services de Pont-sur-Yonne",
            kind=OrganizationKind.PUBLIC_SERVICE,
            themes=["culture"],
            publics=["seniors"],
            communes=["pont-sur-yonne"],
            presentation_resume="Aide aux démarches administratives.",
        ),
    }
    db.session.commit()
    return orgs


def main_text(response) -> str:
    """The visible text of <main>, tags dropped and whitespace collapsed."""
    main = response.text.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def result_names(response) -> list[str]:
    titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)', response.text)
    return [t.strip() for t in titles]


def facet_link(response, label: str) -> tuple[str, str]:
    """(href, text) of the facet link whose label is `label`."""
    for href, text in re.findall(r'<li class="facet__item[^"]*">\s*<a href="([^"]+)">(.*?)</a>',
                                 response.text, re.S):
        plain = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        if plain.startswith(label + " "):
            return href.replace("&amp;", "&"), plain
    raise AssertionError(f"no facet link {label!r}")


# Home ------------------------------------------------------------------------------------------


def test_home_has_a_search_box_and_entry_points(client, sample):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert re.search(r'<form[^>]+action="/annuaire"[^>]+method="get"', html)
    assert '<label class="search-box__label" for="q">' in html
    assert 'name="q"' in html
    # Top-level themes with their counts (Culture holds the theatre, the choir and the CCAS).
    assert re.search(r'href="/thematiques/culture">\s*<span class="tile__name">Culture</span>\s*'
                     r'<span class="tile__count">3 structures</span>', html)
    assert re.search(r'<span class="tile__name">Sport</span>\s*'
                     r'<span class="tile__count">1 structure</span>', html)
    assert 'href="/annuaire?public=seniors">Seniors</a> <span class="count">(1)</span>' in html
    pont = 'href="/communes/pont-sur-yonne">Pont-sur-Yonne</a> <span class="count">(2)</span>'
    assert pont in html
    assert "Communauté de communes Yonne Nord" in html


def test_pages_are_accessible_landmarks(client, sample):
    for path in ["/", "/annuaire", "/annuaire?q=judo", f"/annuaire/{sample['judo'].slug}",
                 "/thematiques", "/thematiques/sport", "/communes", "/communes/sergines"]:
        html = client.get(path).text
        assert '<html lang="fr">' in html, path
        assert html.index('class="skip-link" href="#contenu"') < html.index("<header"), path
        assert '<main id="contenu"' in html, path
        assert "<header" in html and "<nav" in html and "<footer" in html, path
        assert "style=" not in html and "<style" not in html and "<script" not in html, path
        assert "http://" not in html.replace("http://localhost", ""), path


# Search ----------------------------------------------------------------------------------------


def test_search_finds_theatre_without_accents(client, sample):
    response = client.get("/annuaire?q=theatre")
    assert response.status_code == 200
    assert result_names(response) == ["Théâtre des Deux Rives"]
    text = main_text(response)
    assert "1 résultat pour « theatre »" in text
    # The card: kind, summary, themes, communes, freshness.
    assert "Association" in text
    assert "Troupe de théâtre amateur" in text
    assert "Culture › Théâtre" in text
    assert "Sergines" in text
    assert "Mis à jour le" in text
    # What was typed stays in the field.
    assert 'value="theatre"' in response.text


def test_result_card_says_when_it_was_verified(client, db):
    org = organization("Amicale des pêcheurs", themes=["sports-nautiques-et-peche"])
    org.last_verified_at = datetime(2026, 3, 5, 10, tzinfo=UTC)
    db.session.commit()
    text = main_text(client.get("/annuaire?q=pecheurs"))
    assert "Informations vérifiées le 5 mars 2026" in text


def test_empty_query_lists_everything_alphabetically(client, sample):
    response = client.get("/annuaire")
    assert result_names(response) == [
        "Chorale À Tout Chœur",
        "Espace France Services de Pont-sur-Yonne",
        "Judo club de Villeneuve-la-Guyard",
        "Théâtre des Deux Rives",
    ]
    assert "4 résultats" in main_text(response)


def test_facets_show_counts_and_filters_narrow_results(client, sample):
    response = client.get("/annuaire")
    href, text = facet_link(response, "Pont-sur-Yonne")
    assert text.startswith("Pont-sur-Yonne 2")
    filtered = client.get(href)
    assert sorted(result_names(filtered)) == [
        "Chorale À Tout Chœur",
        "Espace France Services de Pont-sur-Yonne",
    ]
    # Another filter on top keeps the first one.
    href, text = facet_link(filtered, "Service public")
    assert "commune=pont-sur-yonne" in href and "type=service-public" in href
    assert result_names(client.get(href)) == ["Espace France Services de Pont-sur-Yonne"]

    href, text = facet_link(response, "Enfants")
    assert text.startswith("Enfants 2")
    assert sorted(result_names(client.get(href))) == [
        "Judo club de Villeneuve-la-Guyard",
        "Théâtre des Deux Rives",
    ]


def test_selected_filter_can_be_removed(client, sample):
    response = client.get("/annuaire?q=&public=adultes")
    assert sorted(result_names(response)) == ["Chorale À Tout Chœur", "Théâtre des Deux Rives"]
    assert re.search(r'class="facet__remove" href="/annuaire">Retirer', response.text)
    assert "Filtres actifs" in main_text(response)
    # A new search from this page keeps the filter (hidden field of the GET form).
    assert '<input id="public" name="public" type="hidden" value="adultes">' in response.text


def test_theme_facet_has_two_levels(client, sample):
    response = client.get("/annuaire")
    href, text = facet_link(response, "Culture")
    assert text.startswith("Culture 3") and href == "/annuaire?theme=culture"
    facet_link(response, "Sport")
    with pytest.raises(AssertionError):
        facet_link(response, "Théâtre")  # children only once their parent is chosen

    culture = client.get(href)
    assert len(result_names(culture)) == 3
    href, text = facet_link(culture, "Théâtre")
    assert text.startswith("Théâtre 1") and href == "/annuaire?theme=theatre"
    facet_link(culture, "Musique et chant")

    theatre = client.get(href)
    assert result_names(theatre) == ["Théâtre des Deux Rives"]
    # The child is selected under its parent; removing it goes back up to the parent.
    assert re.search(
        r'<span class="facet__label">Théâtre</span>\s*'
        r'<a class="facet__remove" href="/annuaire\?theme=culture">', theatre.text
    )


def test_pagination_keeps_the_filters(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_PER_PAGE", 2)
    for n in range(5):
        organization(f"Club de randonnée n° {n + 1}", themes=["randonnee-et-marche"],
                     communes=["cuy"])
    organization("Club de randonnée hors filtre", themes=["randonnee-et-marche"])
    db.session.commit()
    response = client.get("/annuaire?q=randonnee&commune=cuy")
    assert "5 résultats" in main_text(response)
    assert "page 1 sur 3" in main_text(response)
    first = result_names(response)
    assert len(first) == 2
    next_href = re.search(r'<a class="pagination__step" href="([^"]+)" rel="next"', response.text)
    href = next_href.group(1).replace("&amp;", "&")
    assert "q=randonnee" in href and "commune=cuy" in href and "page=2" in href
    second = result_names(client.get(href))
    third = result_names(client.get(href.replace("page=2", "page=3")))
    assert len(second) == 2 and len(third) == 1
    assert len(set(first + second + third)) == 5
    assert "Club de randonnée hors filtre" not in first + second + third


def test_no_result_is_never_a_dead_end(client, db):
    organization("Gymnastique volontaire de Michery", themes=["gymnastique-et-fitness"])
    db.session.commit()
    # Two typos: too far for the fuzzy match, close enough for a suggestion.
    response = client.get("/annuaire?q=gimnastiqe")
    text = main_text(response)
    assert "Aucun résultat pour « gimnastiqe »" in text
    assert re.search(r'Vouliez-vous dire : <a href="/annuaire\?q=gymnastique">gymnastique</a>',
                     response.text)
    assert 'href="/annuaire?theme=gymnastique-et-fitness">Sport › Gymnastique et fitness</a>' \
        in response.text
    assert "parcourir la liste complète de l'annuaire" in text

    with_filter = client.get("/annuaire?q=zzzqqq&commune=cuy")
    assert 'href="/annuaire?q=zzzqqq">chercher « zzzqqq » sans les filtres' in with_filter.text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("theme=inconnu", 400, "Le thème « inconnu » n'existe pas : ce filtre a été ignoré."),
        ("public=martiens", 400, "Le public « martiens » n'existe pas"),
        ("commune=paris", 400, "La commune « paris » n'existe pas"),
        ("type=entreprise", 400, "Le type « entreprise » n'existe pas"),
        ("page=abc", 400, "Le numéro de page demandé n'est pas valide."),
        ("page=0", 400, "Le numéro de page demandé n'est pas valide."),
        ("page=-3", 400, "Le numéro de page demandé n'est pas valide."),
        ("page=99999999999999999999", 400, "Le numéro de page demandé n'est pas valide."),
        ("page=7", 404, "La page 7 n'existe pas pour cette recherche"),
        ("q=" + "x" * 500, 400, "La recherche est limitée à 200 caractères."),
    ],
)
def test_bad_parameters_are_explained_not_crashed_on(client, sample, query, status, message):
    response = client.get(f"/annuaire?{query}")
    assert response.status_code == status
    assert message in main_text(response).replace("&#39;", "'")
    # Still a working page: the search box and a way on.
    assert 'name="q"' in response.text
    assert "/annuaire" in response.text


def test_invalid_filter_is_dropped_but_the_rest_of_the_search_kept(client, sample):
    response = client.get("/annuaire?q=judo&theme=inconnu")
    assert response.status_code == 400
    assert result_names(response) == ["Judo club de Villeneuve-la-Guyard"]
    assert 'value="judo"' in response.text


# Organisation page -----------------------------------------------------------------------------


@pytest.fixture
def full_org(db):
    seat = PlaceFactory(name="Maison des associations", adresse="3 place du Marché",
                        commune=commune("sergines"))
    org = organization("Théâtre des Deux Rives",
        themes=["theatre"],
        publics=["enfants", "adultes"],
        communes=["sergines", "courlon-sur-yonne"],
        sigle="TDR",
        presentation_resume="Troupe de théâtre amateur.",
        description="Nous jouons **deux pièces** par an.\n\n- ateliers\n- stages",
        site_web="https://theatre-deux-rives.example.org",
        social_links=[{"label": "Facebook", "url": "https://facebook.com/tdr"},
                      {"label": "Piège", "url": "javascript:alert(1)"}],
        horaires_accueil="Mercredi 14 h – 18 h",
        accessibility=["moteur", "auditif"],
        accessibility_details="Rampe d'accès côté cour.",
        membership_fee="15 € par an",
        volunteers_wanted=True,
        volunteers_details="Nous cherchons un régisseur lumière.",
        notice="Pas de répétition pendant les vacances de Noël.",
        notice_starts_on=date.today() - timedelta(days=3),
        notice_ends_on=date.today() + timedelta(days=30),
        last_edited_at=datetime(2026, 9, 14, 9, tzinfo=UTC),
        last_verified_at=datetime(2026, 10, 2, 22, 30, tzinfo=UTC),  # 3 octobre à Paris
    )
    org.places.append(seat)
    service = ServiceFactory(
        organization=org, nom="Atelier théâtre enfants", age_min=8, age_max=12,
        horaires="Mercredi 14 h – 15 h 30", frais="payant", frais_precisions="90 € l'année",
        place=seat,
    )
    service.publics.append(public("enfants"))
    ContactFactory(organization=org, label="Présidente", role="Claire Martin",
                   telephone="03 86 66 00 01", courriel="presidente@tdr.example.org")
    ContactFactory(organization=org, label="Trésorier (réservé)", telephone="06 12 34 56 78",
                   courriel="tresorier@tdr.example.org", visibility="professionnels")
    ContactFactory(organization=org, service=service, label="Animatrice atelier",
                   courriel="atelier@tdr.example.org")
    ContactFactory(organization=org, service=service, label="Référent pro",
                   courriel="pro-atelier@tdr.example.org", visibility="professionnels")
    db.session.commit()
    return org


def test_organization_page_shows_every_section(client, full_org):
    response = client.get(f"/annuaire/{full_org.slug}")
    assert response.status_code == 200
    html, text = response.text, main_text(response)
    assert "<h1>Théâtre des Deux Rives" in html and "(TDR)" in text
    assert "Association" in text
    assert "<strong>deux pièces</strong>" in html and "<li>stages</li>" in html
    # Activity: publics, ages, schedule, place, price.
    assert "Atelier théâtre enfants" in text
    assert "de 8 à 12 ans" in text
    assert "Mercredi 14 h – 15 h 30" in text
    assert "Payant : 90 € l'année" in text.replace("&#39;", "'")
    assert "Maison des associations, 3 place du Marché, 89140 Sergines" in text
    # Classification, as links.
    assert 'href="/thematiques/theatre">Culture › Théâtre</a>' in html
    assert 'href="/annuaire?public=enfants">Enfants</a>' in html
    assert 'href="/communes/courlon-sur-yonne">Courlon-sur-Yonne</a>' in html
    # Contacts, web, hours, accessibility, fee, volunteers, notice, dates.
    assert "Présidente" in text and 'href="tel:0386660001"' in html
    assert 'href="mailto:presidente@tdr.example.org"' in html
    assert "Animatrice atelier" in text
    assert '<a href="https://theatre-deux-rives.example.org" rel="noopener">' in html
    assert '<a href="https://facebook.com/tdr" rel="noopener">Facebook</a>' in html
    assert "javascript:" not in html
    assert "Mercredi 14 h – 18 h" in text
    assert "Handicap moteur (accès en fauteuil roulant)" in text
    assert "Handicap auditif" in text and "Rampe d" in text
    assert "15 € par an" in text
    assert "Bénévoles recherchés" in text and "régisseur lumière" in text
    assert "Pas de répétition pendant les vacances de Noël." in text
    assert "Mis à jour le 14 septembre 2026" in text
    assert "Informations vérifiées le 3 octobre 2026" in text


def test_professional_contacts_never_appear_on_public_pages(client, full_org):
    for path in [f"/annuaire/{full_org.slug}", "/annuaire?q=theatre", "/communes/sergines",
                 "/thematiques/theatre"]:
        html = client.get(path).text
        assert "Trésorier" not in html and "06 12 34 56 78" not in html, path
        assert "tresorier@" not in html and "pro-atelier@" not in html, path
        assert "Référent pro" not in html, path


def test_notice_hidden_outside_its_dates(client, db):
    org = organization("Club photo", notice="Fermé en août",
                       notice_ends_on=date.today() - timedelta(days=1))
    db.session.commit()
    assert "Fermé en août" not in client.get(f"/annuaire/{org.slug}").text


def test_markup_in_user_content_is_escaped_or_sanitised(client, db):
    org = organization('Club <script>alert("nom")</script>',
        themes=["theatre"],
        presentation_resume="<img src=x onerror=alert(1)> résumé",
        description='Texte <script>alert("desc")</script> et <a href="javascript:alert(1)">lien</a>'
                    ' <iframe src="https://evil.example"></iframe> **gras**',
    )
    db.session.commit()
    for path in [f"/annuaire/{org.slug}", "/annuaire?q=club", "/thematiques/theatre"]:
        html = client.get(path).text
        html = html[html.index("<main"):]  # the site's own header carries the territory's logo
        assert "<script" not in html and "<iframe" not in html and "<img" not in html, path
        assert "javascript:" not in html, path
    html = client.get(f"/annuaire/{org.slug}").text
    assert "Club &lt;script&gt;" in html
    assert "<strong>gras</strong>" in html


def test_unpublished_organizations_are_not_shown(client, db):
    draft = organization("Brouillon secret", status=Status.DRAFT, themes=["theatre"])
    archived = organization("Ancienne fanfare", status=Status.ARCHIVED, themes=["theatre"])
    db.session.commit()
    response = client.get(f"/annuaire/{draft.slug}")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    response = client.get(f"/annuaire/{archived.slug}")
    assert response.status_code == 410
    assert "Fiche archivée" in response.text
    for path in ["/annuaire", "/annuaire?q=brouillon", "/thematiques/theatre", "/"]:
        html = client.get(path).text
        assert "Brouillon secret" not in html and "Ancienne fanfare" not in html, path


def test_unknown_pages_are_french_404s(client, db):
    for path in ["/annuaire/nexiste-pas", "/thematiques/nexiste-pas", "/communes/paris"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in response.text
        assert '<html lang="fr">' in response.text


# Theme and commune pages -----------------------------------------------------------------------


def test_theme_pages_list_their_organizations(client, sample):
    response = client.get("/thematiques/culture")
    assert response.status_code == 200
    # A parent theme lists those filed under its children too, alphabetically.
    assert result_names(response) == [
        "Chorale À Tout Chœur",
        "Espace France Services de Pont-sur-Yonne",
        "Théâtre des Deux Rives",
    ]
    assert 'href="/thematiques/theatre">Théâtre (1)</a>' in response.text
    assert 'href="/annuaire?theme=culture"' in response.text
    child = client.get("/thematiques/theatre")
    assert result_names(child) == ["Théâtre des Deux Rives"]
    assert 'href="/thematiques/culture">Culture</a>' in child.text  # breadcrumb
    index = client.get("/thematiques")
    assert 'href="/thematiques/arts-martiaux-et-sports-de-combat">' in index.text


def test_commune_pages_list_their_organizations(client, db, sample):
    # An organisation whose seat is in a commune is listed there too.
    seated = organization("Amicale des Sapeurs-Pompiers")
    seated.places.append(PlaceFactory(commune=commune("pont-sur-yonne")))
    db.session.commit()
    response = client.get("/communes/pont-sur-yonne")
    assert response.status_code == 200
    assert result_names(response) == [
        "Amicale des Sapeurs-Pompiers",
        "Chorale À Tout Chœur",
        "Espace France Services de Pont-sur-Yonne",
    ]
    assert "89140" in main_text(response)
    index = client.get("/communes")
    assert 'href="/communes/pont-sur-yonne">Pont-sur-Yonne</a>' in index.text
    assert "89140 · 3 structures" in main_text(index)


def test_listing_pages_paginate_and_refuse_bad_pages(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_PER_PAGE", 2)
    for name in ["Zumba Cuy", "Éveil musical de Cuy", "Atelier couture de Cuy"]:
        organization(name, communes=["cuy"])
    db.session.commit()
    first = client.get("/communes/cuy")
    assert result_names(first) == ["Atelier couture de Cuy", "Éveil musical de Cuy"]
    assert 'href="/communes/cuy?page=2" rel="next"' in first.text
    assert result_names(client.get("/communes/cuy?page=2")) == ["Zumba Cuy"]
    assert client.get("/communes/cuy?page=3").status_code == 404
    assert client.get("/communes/cuy?page=abc").status_code == 400
    assert client.get("/thematiques/sport?page=-1").status_code == 400


def test_links_name_the_organisation_in_correct_french(client, db):
    from tests.factories import EventFactory

    org = organization("Les Amis des livres")
    EventFactory(organization=org)
    other = organization("Comité des fêtes de Serbonnes")
    EventFactory(organization=other)
    db.session.commit()
    assert "Tout l'agenda des Amis des livres" in client.get(f"/annuaire/{org.slug}").text
    assert "Tout l'agenda du Comité des fêtes" in client.get(f"/annuaire/{other.slug}").text
