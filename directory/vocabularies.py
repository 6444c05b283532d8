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
