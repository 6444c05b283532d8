"""Closed vocabularies stored as strings, with their French labels."""

from enum import StrEnum


class OrganizationKind(StrEnum):
    ASSOCIATION = "association"
    PUBLIC_SERVICE = "service-public"
    PARTNER = "structure-partenaire"


ORGANIZATION_KIND_LABELS = {
    OrganizationKind.ASSOCIATION: "Association",
    OrganizationKind.PUBLIC_SERVICE: "Service public",
    OrganizationKind.PARTNER: "Structure partenaire",
}


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


STATUS_LABELS = {
    Status.DRAFT: "Brouillon",
    Status.PUBLISHED: "Publiée",
    Status.ARCHIVED: "Archivée",
}


class Accessibility(StrEnum):
    """The five kinds of disability used by the Tourisme & Handicap label."""

    MOTOR = "moteur"
    HEARING = "auditif"
    VISUAL = "visuel"
    INTELLECTUAL = "mental"
    PSYCHIC = "psychique"


ACCESSIBILITY_LABELS = {
    Accessibility.MOTOR: "Handicap moteur (accès en fauteuil roulant)",
    Accessibility.HEARING: "Handicap auditif",
    Accessibility.VISUAL: "Handicap visuel",
    Accessibility.INTELLECTUAL: "Handicap intellectuel",
    Accessibility.PSYCHIC: "Handicap psychique",
}


class Fees(StrEnum):
    """data·inclusion `frais`."""

    FREE = "gratuit"
    PAID = "payant"


FEES_LABELS = {Fees.FREE: "Gratuit", Fees.PAID: "Payant"}


class ReceptionMode(StrEnum):
    """data·inclusion `modes_accueil`."""

    ON_SITE = "en-presentiel"
    REMOTE = "a-distance"


RECEPTION_MODE_LABELS = {ReceptionMode.ON_SITE: "Sur place", ReceptionMode.REMOTE: "À distance"}


class ContactVisibility(StrEnum):
    PUBLIC = "public"
    #: Shown to signed-in professionals and staff only.
    PROFESSIONALS = "professionnels"


class ModerationState(StrEnum):
    """Where an event stands with the staff; independent of its public status."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REFUSED = "refused"


MODERATION_STATE_LABELS = {
    ModerationState.DRAFT: "Brouillon",
    ModerationState.SUBMITTED: "En attente de validation",
    ModerationState.PUBLISHED: "Publié",
    ModerationState.REFUSED: "Refusé",
}


class EventStatus(StrEnum):
    """What the public is told about an event (a cancelled event stays visible as such)."""

    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    FULL = "full"
    CANCELLED = "cancelled"


EVENT_STATUS_LABELS = {
    EventStatus.SCHEDULED: "Programmé",
    EventStatus.POSTPONED: "Reporté",
    EventStatus.FULL: "Complet",
    EventStatus.CANCELLED: "Annulé",
}


class ReceptionDetail(StrEnum):
    """How people are received, finer than data·inclusion `modes_accueil` (derived from it)."""

    ON_SITE = "sur-place"
    HOME = "a-domicile"
    ITINERANT = "permanence"
    PHONE = "telephone"
    VIDEO = "visio"


RECEPTION_DETAIL_LABELS = {
    ReceptionDetail.ON_SITE: "Sur place, dans les locaux",
    ReceptionDetail.HOME: "À domicile",
    ReceptionDetail.ITINERANT: "Permanences itinérantes",
    ReceptionDetail.PHONE: "Par téléphone",
    ReceptionDetail.VIDEO: "En visioconférence",
}
#: Each finer mode's data·inclusion `modes_accueil` value.
RECEPTION_DETAIL_MODES = {
    ReceptionDetail.ON_SITE: ReceptionMode.ON_SITE,
    ReceptionDetail.HOME: ReceptionMode.ON_SITE,
    ReceptionDetail.ITINERANT: ReceptionMode.ON_SITE,
    ReceptionDetail.PHONE: ReceptionMode.REMOTE,
    ReceptionDetail.VIDEO: ReceptionMode.REMOTE,
}


class MobilisationMode(StrEnum):
    """data·inclusion `modes_mobilisation`: how a service is mobilised (by a person or a pro)."""

    EMAIL = "envoyer-un-courriel"
    IN_PERSON = "se-presenter"
    PHONE = "telephoner"
    LINK = "utiliser-lien-mobilisation"


MOBILISATION_MODE_LABELS = {
    MobilisationMode.EMAIL: "Envoyer un courriel",
    MobilisationMode.PHONE: "Téléphoner",
    MobilisationMode.LINK: "Remplir le formulaire en ligne",
    MobilisationMode.IN_PERSON: "Se présenter sur place",
}


class Mobiliser(StrEnum):
    """data·inclusion `mobilisable_par`."""

    PEOPLE = "usagers"
    PROFESSIONALS = "professionnels"


MOBILISER_LABELS = {
    Mobiliser.PEOPLE: "Les personnes elles-mêmes",
    Mobiliser.PROFESSIONALS: "Les professionnels qui les accompagnent",
}
