"""Fixtures of the API's tests: a small directory with what is public and what is not."""

import pytest

from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind, Status
from tests.factories import (
    ContactFactory,
    EventFactory,
    PlaceFactory,
    ServiceFactory,
    commune,
    organization,
    public,
    theme,
)

PRO_SECRET = "SECRET-PRO-7731"


@pytest.fixture
def sample(db):
    theatre = organization("Théâtre des Deux Rives", themes=["theatre"], publics=["enfants"],
                           communes=["sergines"], telephone="03 86 11 22 33")
    theatre.places.append(PlaceFactory(commune=commune("sergines")))
    atelier = ServiceFactory(organization=theatre, nom="Atelier théâtre enfants",
                             type="atelier", frais="payant", modes_accueil=["en-presentiel"])
    atelier.publics.append(public("enfants"))
    atelier.themes.append(theme("theatre"))
    # Reserved to professionals: never in any answer.
    atelier.orientation_courriel = "orientation-secrete@exemple.org"
    atelier.notes_professionnels = PRO_SECRET
    ContactFactory(organization=theatre, label="Accueil du théâtre",
                   courriel="accueil@theatre.example")
    ContactFactory(organization=theatre, label="Référente parcours", courriel=
                   "referente-pro@exemple.org", telephone="06 99 99 99 99",
                   visibility=ContactVisibility.PROFESSIONALS)
    ContactFactory(organization=theatre, service=atelier, label="Animatrice atelier",
                   courriel="atelier@theatre.example")
    ContactFactory(organization=theatre, service=atelier, label="Contact orientation",
                   courriel="orientation-pro@exemple.org",
                   visibility=ContactVisibility.PROFESSIONALS)
    foot = organization("Football Club de Pont", themes=["sports-collectifs"],
                        publics=["jeunes"], communes=["pont-sur-yonne"])
    ServiceFactory(organization=foot, nom="École de foot", frais="payant")
    mairie = organization("France services de Sergines", communes=["sergines"],
                          kind=OrganizationKind.PUBLIC_SERVICE)
    ServiceFactory(organization=mairie, nom="Aide aux démarches", type="accompagnement",
                   frais="gratuit")
    for n in range(3):
        organization(f"Chorale n° {n + 1}", themes=["musique-et-chant"],
                     communes=["vinneuf"])
    # A volunteer mission (its contact address is never in any answer).
    from tests.volunteering.factories import mission

    mission("Tenir la buvette du théâtre", organization=theatre, themes=["theatre"],
            contact_email="buvette-secrete@theatre.example")
    organization("Brouillon invisible", status=Status.DRAFT)
    organization("Fiche archivée", status=Status.ARCHIVED)
    EventFactory(organization=theatre, title="Représentation de fin d'année",
                 commune=commune("sergines"))
    EventFactory(organization=foot, title="Tournoi des jeunes",
                 rrule="FREQ=WEEKLY;COUNT=3")
    db.session.commit()
    return {"theatre": theatre, "atelier": atelier, "foot": foot}


