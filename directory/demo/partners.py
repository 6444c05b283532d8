"""Demo partner directory: how the demo structures receive people and take referrals.

Demo partner directory: how the demo structures receive people and take referrals, and their
named correspondents (all fictional), so that a professional account has something to see.
"""

import random

from directory.demo import content
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service
from directory.taxonomy.vocabularies import ContactVisibility

FIRST_NAMES = ("Sandrine", "Karim", "Élodie", "Thierry", "Nadia", "Julien", "Fatou", "Hélène")
LAST_NAMES = ("Morel", "Benali", "Fournier", "Lemaire", "Diallo", "Garnier", "Perrin", "Roux")
ROLES = ("Référente orientation", "Conseiller", "Travailleuse sociale", "Coordinatrice")
DOCUMENTS = {
    "accompagnement": "Pièce d'identité\nJustificatif de domicile de moins de 3 mois\n"
                      "Numéro d'allocataire CAF ou de sécurité sociale",
    "information": "Aucun document nécessaire",
    "atelier": "Carnet de santé de l'enfant (pour la première séance)",
}
PERMANENCE_HOURS = ("1er et 3e mardis du mois, 9 h – 12 h", "2e et 4e jeudis, 14 h – 17 h",
                    "Chaque vendredi, 9 h 30 – 12 h")


def describe(org: Organization, phone) -> list[Contact]:
    """Fill the partner fields of a structure's services; returns their correspondents.

    A random generator of its own, seeded by the slug, leaves the rest of the demo unchanged.
    """
    rng = random.Random(f"partners-{org.slug}")
    local = org.slug[:40].rsplit("-", 1)[0] if len(org.slug) > 40 else org.slug
    contacts = []
    for position, service in enumerate(org.services):
        _reception(service, org, rng)
        service.justificatifs = DOCUMENTS.get(service.type or "", DOCUMENTS["information"])
        service.modes_mobilisation = ["telephoner", "se-presenter"]
        service.mobilisable_par = ["usagers", "professionnels"]
        service.orientation_modes = ["envoyer-un-courriel", "telephoner"]
        service.orientation_courriel = f"orientation.{local}@{content.EMAIL_DOMAIN}"
        service.orientation_telephone = phone(rng)
        service.orientation_precisions = (
            "Envoyer un courriel avec le nom de la personne, son numéro et son besoin ; "
            "nous la rappelons sous 48 h ouvrées."
        )
        service.notes_professionnels = rng.choice((
            "Prévenir par téléphone pour une situation urgente : un créneau est gardé chaque "
            "matin.",
            "Les rendez-vous du mardi sont réservés aux personnes orientées par un partenaire.",
            "Interprétariat possible sur demande (prévenir 48 h avant).",
        ))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        contacts.append(Contact(
            organization=org, service=service, label=name, role=rng.choice(ROLES),
            telephone=phone(rng), courriel=f"{_mail_name(name)}.{local}@{content.EMAIL_DOMAIN}",
            visibility=ContactVisibility.PROFESSIONALS, position=10 + position,
        ))
    return contacts


def _reception(service: Service, org: Organization, rng: random.Random) -> None:
    modes = ["sur-place", "telephone"]
    if "itinérant" in service.nom.lower() and len(org.places) > 1:
        modes = ["permanence", "telephone"]
        service.permanences = [
            {"commune": place.commune.slug, "lieu": place.name or "Mairie",
             "horaires": rng.choice(PERMANENCE_HOURS)}
            for place in org.places[1:]
        ]
    elif rng.random() < 0.3:
        modes.append("a-domicile")
    service.modalites_accueil = modes
    service.modes_accueil = ["en-presentiel", "a-distance"]


def _mail_name(name: str) -> str:
    from directory.core.text import slugify

    return slugify(name).replace("-", ".")
