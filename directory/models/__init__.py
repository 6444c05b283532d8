"""All models, imported here so that Alembic and the app see every table."""

from directory.models.campaign import Campaign, CampaignRecipient
from directory.models.contact import Contact
from directory.models.edition import Edition, EditionItem, EditionReminder
from directory.models.event import Event, EventOverride
from directory.models.event_feed import EventFeed
from directory.models.event_proposal import EventProposal
from directory.models.event_revision import EventRevision
from directory.models.moderation import Claim, ErrorReport
from directory.models.organization import Organization
from directory.models.place import Place
from directory.models.referral import ProfessionalRequest, Referral
from directory.models.revision import Revision
from directory.models.search_outbox import SearchOutbox
from directory.models.service import Service
from directory.models.taxonomy import Public, Theme
from directory.models.territory import Commune
from directory.models.user import Invitation, Membership, User

__all__ = [
    "Campaign",
    "CampaignRecipient",
    "Claim",
    "Commune",
    "Contact",
    "Edition",
    "EditionItem",
    "EditionReminder",
    "ErrorReport",
    "Event",
    "EventFeed",
    "EventOverride",
    "EventProposal",
    "EventRevision",
    "Invitation",
    "Membership",
    "Organization",
    "Place",
    "ProfessionalRequest",
    "Public",
    "Referral",
    "Revision",
    "SearchOutbox",
    "Service",
    "Theme",
    "User",
]
