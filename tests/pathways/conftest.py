"""A small territory for pathways: structures near Sergines and far from it, secrets, a pathway."""

from dataclasses import dataclass

import pytest

from directory.accounts.models import Role
from directory.listings.queries import territory_communes
from directory.pathways import operations
from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind, Status
from tests.factories import (
    ContactFactory,
    PlaceFactory,
    ServiceFactory,
    UserFactory,
    commune,
    organization,
)

#: Texts that must never reach a public page or a printed booklet.
SECRETS = ("orientation.pro@exemple.org", "06 99 99 99 99", "NOTE-PRO-CONFIDENTIELLE",
           "PRECISIONS-PRO", "Brouillon caché", "Relais archivé")


@dataclass
class Scene:
    pathway: object
    rpe: object
    creche: object
    far: object
    wide: object
    staff: object


def child_care_steps() -> list[dict]:
    return [
        {"when": "Dès le 4e mois de grossesse", "what": "Chercher un mode d'accueil.",
         "who": "Le relais petite enfance", "themes": ["petite-enfance"],
         "publics": ["petite-enfance"], "kinds": [], "events": True, "pins": []},
        {"when": "Pour payer la garde", "what": "Demander l'aide de la CAF.",
         "who": "La CAF", "themes": ["demarches-administratives"], "publics": [],
         "kinds": [OrganizationKind.PUBLIC_SERVICE], "events": False, "pins": []},
    ]


@pytest.fixture
def scene(db):
    sergines, michery = commune("sergines"), commune("michery")
    rpe = organization("Relais Petite Enfance de Sergines", themes=["petite-enfance"],
                       publics=["petite-enfance"], communes=["sergines"],
                       kind=OrganizationKind.PUBLIC_SERVICE,
                       places=[PlaceFactory(adresse="2 rue du Stade", commune=sergines)])
    ContactFactory(organization=rpe, label="Référente orientation", telephone="06 99 99 99 99",
                   courriel="orientation.pro@exemple.org",
                   visibility=ContactVisibility.PROFESSIONALS)
    ServiceFactory(organization=rpe, nom="Information des familles", place=rpe.places[0],
                   notes_professionnels="NOTE-PRO-CONFIDENTIELLE",
                   orientation_precisions="PRECISIONS-PRO",
                   permanences=[{"commune": "michery", "lieu": "Mairie de Michery",
                                 "horaires": "1er jeudi du mois, 14 h – 16 h"}])
    creche = organization("Crèche Les Lucioles de Michery", themes=["petite-enfance"],
                          publics=["petite-enfance"], communes=["michery"],
                          places=[PlaceFactory(commune=michery)])
    far = organization("Micro-crèche de Villeneuve", themes=["petite-enfance"],
                       publics=["petite-enfance"], communes=["villeneuve-la-guyard"],
                       places=[PlaceFactory(commune=commune("villeneuve-la-guyard"))])
    wide = organization("France Services du territoire", themes=["demarches-administratives"],
                        publics=["tout-public"], kind=OrganizationKind.PUBLIC_SERVICE,
                        places=[PlaceFactory(commune=commune("pont-sur-yonne"))])
    wide.communes.extend(territory_communes())  # serves every commune
    organization("Brouillon caché", themes=["petite-enfance"], publics=["petite-enfance"],
                 communes=["sergines"], status=Status.DRAFT)
    organization("Relais archivé", themes=["petite-enfance"], publics=["petite-enfance"],
                 communes=["sergines"], status=Status.ARCHIVED)
    pathway = operations.create({
        "title": "Je cherche un mode de garde", "summary": "Trouver qui garde votre enfant.",
        "easy_read": "Vous cherchez une garde.\n\nLe relais vous aide. C'est gratuit.",
        "published": True, "steps": child_care_steps(),
    }, None)
    staff = UserFactory(role=Role.MODERATOR)
    db.session.commit()
    return Scene(pathway, rpe, creche, far, wide, staff)
