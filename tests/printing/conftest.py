"""A small directory to print: classified listings, and what must never reach paper."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind, Status
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    commune,
    public,
    theme,
)


@dataclass
class Scene:
    judo: object
    seniors: object
    eveil: object
    zebre: object
    france_services: object


@pytest.fixture
def scene(db):
    sergines = commune("sergines")
    pont = commune("pont-sur-yonne")
    judo = OrganizationFactory(
        nom="Judo Club de Sergines",
        presentation_resume="Judo et jujitsu dès 4 ans.",
        telephone="03 86 11 22 33",
        horaires_accueil="Mercredi 14 h – 18 h",
        themes=[theme("arts-martiaux-et-sports-de-combat"), theme("accueil-de-loisirs")],
        publics=[public("enfants"), public("jeunes")],
        communes=[sergines],
        places=[PlaceFactory(name="Dojo", adresse="2 rue du Stade", commune=sergines)],
    )
    ContactFactory(organization=judo, label="Président", telephone="06 12 34 56 78",
                   courriel="president.judo@exemple.org")
    ContactFactory(organization=judo, label="Référente orientation", telephone="06 99 99 99 99",
                   courriel="orientation.pro@exemple.org",
                   visibility=ContactVisibility.PROFESSIONALS)
    ServiceFactory(
        organization=judo,
        nom="Baby judo",
        horaires="Samedi 10 h – 11 h",
        place=judo.places[0],
        orientation_courriel="orientation-directe@exemple.org",
        orientation_precisions="PRECISIONS-PRO",
        notes_professionnels="NOTE-PRO-CONFIDENTIELLE",
    )
    seniors = OrganizationFactory(
        nom="Amicale des seniors",
        presentation_resume="Sorties, repas et aide aux courses.",
        themes=[theme("maintien-a-domicile")],
        publics=[public("seniors")],
        places=[PlaceFactory(adresse="5 place de la Mairie", commune=pont)],
    )
    eveil = OrganizationFactory(
        nom="Éveil musical du Nord",
        themes=[theme("musique-et-chant")],
        publics=[public("petite-enfance")],
        communes=[pont],
    )
    zebre = OrganizationFactory(nom="Zèbre sans thème", communes=[pont])
    france_services = OrganizationFactory(
        nom="France Services Yonne Nord",
        kind=OrganizationKind.PUBLIC_SERVICE,
        telephone="03 86 00 11 00",
        themes=[theme("demarches-administratives")],
        places=[PlaceFactory(adresse="1 quai de l'Yonne", commune=pont)],
    )
    # Comes to Sergines once a month: a permanence there.
    ServiceFactory(
        organization=france_services,
        nom="Aide aux démarches en ligne",
        horaires="Lundi 9 h – 12 h",
        permanences=[{"commune": "sergines", "lieu": "Mairie de Sergines",
                      "horaires": "1er mardi du mois, 9 h – 12 h"}],
    )
    OrganizationFactory(nom="Brouillon caché", status=Status.DRAFT, communes=[sergines],
                        themes=[theme("arts-martiaux-et-sports-de-combat")])
    OrganizationFactory(nom="Association partie", status=Status.ARCHIVED, communes=[sergines],
                        themes=[theme("arts-martiaux-et-sports-de-combat")])
    OrganizationFactory(nom="Ancien club archivé", archived_at=datetime(2026, 1, 1, tzinfo=UTC),
                        communes=[sergines], themes=[theme("maintien-a-domicile")],
                        publics=[public("seniors")])
    db.session.commit()
    return Scene(judo, seniors, eveil, zebre, france_services)
