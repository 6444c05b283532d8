"""French full-text search through search(): folding, stemming, typos, AND, communes, facets."""

import pytest

from directory.core.extensions import db as _db
from directory.search import SearchQuery, search
from directory.taxonomy.vocabularies import OrganizationKind, Status
from tests.factories import (
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    commune,
    public,
    theme,
)


def names(results) -> list[str]:
    from directory.listings.models.organization import Organization

    by_id = {
        o.id: o.nom
        for o in _db.session.query(Organization).filter(Organization.id.in_(results.ids))
    }
    return [by_id[i] for i in results.ids]


def find(q="", **filters) -> list[str]:
    return names(search(SearchQuery(q=q, **filters)))


@pytest.fixture
def directory(db):
    """A small directory of the territory, committed (the index follows commits)."""
    OrganizationFactory(
        nom="Théâtre de la Vanne",
        presentation_resume="Troupe amateur, ateliers pour enfants et adultes.",
        themes=[theme("theatre")],
        publics=[public("enfants"), public("adultes")],
        communes=[commune("sergines")],
    )
    gym = OrganizationFactory(
        nom="Étoile gymnique de Michery",
        presentation_resume="Gymnastique artistique dès 4 ans.",
        themes=[theme("gymnastique-et-fitness")],
        publics=[public("enfants")],
        communes=[commune("michery")],
    )
    ServiceFactory(organization=gym, nom="Baby gym", description="Éveil moteur des tout-petits.")
    walkers = OrganizationFactory(
        nom="Les Marcheurs de l'Oreuse",
        presentation_resume="Randonnée pédestre chaque dimanche.",
        themes=[theme("randonnee-et-marche")],
        publics=[public("adultes"), public("seniors")],
        places=[PlaceFactory(commune=commune("thorigny-sur-oreuse"))],
    )
    ServiceFactory(organization=walkers, nom="Sorties du jeudi")
    OrganizationFactory(
        nom="Danse en Scène",
        presentation_resume="Danse moderne et classique, spectacle de fin d'année.",
        themes=[theme("danse"), theme("theatre")],
        publics=[public("enfants")],
        communes=[commune("pont-sur-yonne")],
    )
    OrganizationFactory(
        nom="Accueil de loisirs intercommunal",
        kind=OrganizationKind.PUBLIC_SERVICE,
        presentation_resume="Mercredis et vacances scolaires.",
        themes=[theme("accueil-de-loisirs")],
        publics=[public("enfants")],
        communes=[commune("sergines"), commune("pont-sur-yonne")],
    )
    OrganizationFactory(
        nom="Théâtre en brouillon",
        status=Status.DRAFT,
        themes=[theme("theatre")],
        communes=[commune("sergines")],
    )
    _db.session.commit()
    return _db


def test_accents_are_folded(directory):
    assert find("theatre") == ["Théâtre de la Vanne", "Danse en Scène"]
    assert find("THÉÂTRE")[0] == "Théâtre de la Vanne"
    assert find("etoile") == ["Étoile gymnique de Michery"]


def test_plural_and_inflections_match(directory):
    assert find("randonnees") == ["Les Marcheurs de l'Oreuse"]
    assert find("randonnée") == ["Les Marcheurs de l'Oreuse"]
    assert find("gymnastiques") == ["Étoile gymnique de Michery"]


def test_prefix_of_a_word_matches(directory):
    assert find("gym") == ["Étoile gymnique de Michery"]


def test_one_typo_in_a_long_word(directory):
    assert find("gymnastque") == ["Étoile gymnique de Michery"]
    assert find("randonee") == ["Les Marcheurs de l'Oreuse"]
    # Two typos are too many.
    assert find("gymnaztque") == []


def test_every_word_must_match_best_first(directory):
    assert find("danse theatre") == ["Danse en Scène"]
    assert find("theatre enfants") == ["Théâtre de la Vanne", "Danse en Scène"]
    # No theatre in Michery: the theatre of neighbouring Sergines, said so.
    results = search(SearchQuery(q="theatre michery"))
    assert results.near_commune == "Michery"
    assert names(results)[0] == "Théâtre de la Vanne"
    # No word in common at all: the listings matching the most words, said to be partial.
    results = search(SearchQuery(q="theatre xylophone"))
    assert results.partial and results.matched_words == (1, 2)


def test_the_name_scores_above_the_description(directory):
    # "Danse" is in the name of one and the theme of none other: still, the name counts most.
    results = find("danse")
    assert results[0] == "Danse en Scène"


def test_commune_name_finds_its_organisations(directory):
    assert set(find("sergines")) == {"Accueil de loisirs intercommunal", "Théâtre de la Vanne"}
    # A place's commune counts too.
    assert find("thorigny") == ["Les Marcheurs de l'Oreuse"]
    assert find("pont-sur-yonne") and set(find("pont-sur-yonne")) == {
        "Danse en Scène",
        "Accueil de loisirs intercommunal",
    }


def test_service_and_theme_names_are_searched(directory):
    assert find("baby") == ["Étoile gymnique de Michery"]
    assert find("jeudi") == ["Les Marcheurs de l'Oreuse"]
    # Parent theme name ("Culture") as well as the child's.
    assert set(find("culture")) == {"Théâtre de la Vanne", "Danse en Scène"}


def test_empty_query_lists_everything_alphabetically_ignoring_accents(directory):
    assert find("") == [
        "Accueil de loisirs intercommunal",
        "Danse en Scène",
        "Étoile gymnique de Michery",
        "Les Marcheurs de l'Oreuse",
        "Théâtre de la Vanne",
    ]


def test_drafts_are_not_found(directory):
    assert "Théâtre en brouillon" not in find("brouillon") + find("")


def test_pagination_and_total(directory):
    first = search(SearchQuery(per_page=2))
    second = search(SearchQuery(per_page=2, page=2))
    third = search(SearchQuery(per_page=2, page=3))
    assert first.total == second.total == third.total == 5
    assert first.pages == 3
    assert len(first.ids) == len(second.ids) == 2 and len(third.ids) == 1
    assert set(first.ids) | set(second.ids) | set(third.ids) == set(search(SearchQuery()).ids)
    assert names(third) == ["Théâtre de la Vanne"]
    # With a text query too.
    assert search(SearchQuery(q="enfants", per_page=1, page=2)).total == 4


def counts(results, facet) -> dict[str, int]:
    return {f.value: f.count for f in results.facets[facet]}


def test_facets_count_the_results(directory):
    results = search(SearchQuery())
    assert counts(results, "theme") == {"culture": 2, "sport": 2, "enfance-jeunesse-et-famille": 1}
    assert counts(results, "subtheme") == {
        "theatre": 2,
        "danse": 1,
        "gymnastique-et-fitness": 1,
        "randonnee-et-marche": 1,
        "accueil-de-loisirs": 1,
    }
    assert counts(results, "public") == {"enfants": 4, "adultes": 2, "seniors": 1}
    assert counts(results, "commune")["sergines"] == 2
    assert counts(results, "commune")["thorigny-sur-oreuse"] == 1
    assert counts(results, "type") == {"association": 4, "service-public": 1}


def test_facets_follow_the_query_and_the_other_filters(directory):
    results = search(SearchQuery(q="enfants", public="enfants", commune="sergines"))
    assert set(names(results)) == {"Accueil de loisirs intercommunal", "Théâtre de la Vanne"}
    # Public counts ignore the public filter but keep the query and the commune.
    assert counts(results, "public") == {"enfants": 2, "adultes": 1}
    # Commune counts ignore the commune filter but keep the public.
    assert counts(results, "commune") == {"sergines": 2, "michery": 1, "pont-sur-yonne": 2}
    assert [f.value for f in results.facets["public"] if f.selected] == ["enfants"]


def test_parent_theme_filter_matches_its_children(directory):
    results = search(SearchQuery(theme="culture"))
    assert set(names(results)) == {"Théâtre de la Vanne", "Danse en Scène"}
    # Only children of the selected parent, counted within it.
    assert counts(results, "subtheme") == {"theatre": 2, "danse": 1}
    # The theme facet still offers the other parents.
    assert counts(results, "theme")["sport"] == 2
    assert [f.value for f in results.facets["theme"] if f.selected] == ["culture"]


def test_child_theme_filter(directory):
    results = search(SearchQuery(theme="danse"))
    assert names(results) == ["Danse en Scène"]
    assert counts(results, "subtheme") == {"theatre": 2, "danse": 1}
    assert [f.value for f in results.facets["subtheme"] if f.selected] == ["danse"]


def test_type_and_public_filters(directory):
    assert find(type="service-public") == ["Accueil de loisirs intercommunal"]
    assert find(public="seniors") == ["Les Marcheurs de l'Oreuse"]
    assert find("theatre", public="adultes") == ["Théâtre de la Vanne"]
    assert find(theme="sport", commune="michery") == ["Étoile gymnique de Michery"]
    assert find(commune="cuy") == []


def test_no_result_proposes_a_corrected_query(directory):
    results = search(SearchQuery(q="thaetre danse"))
    # Not a dead end: the listing matching « danse » is shown, said to be a partial match.
    assert results.partial and results.matched_words == (1, 2)
    assert results.suggestion == "theatre danse"
    assert names(search(SearchQuery(q=results.suggestion))) == ["Danse en Scène"]


def test_no_result_proposes_nearby_themes(directory):
    results = search(SearchQuery(q="musiqe chorale"))
    assert results.total == 0
    assert "musique-et-chant" in results.nearest_themes


def test_there_is_always_something_to_propose(directory):
    results = search(SearchQuery(q="xqzw"))
    assert results.total == 0
    assert results.nearest_themes


def test_stop_words_alone_list_everything(directory):
    assert search(SearchQuery(q="les de la")).total == 5
