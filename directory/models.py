"""All models, imported here so that Alembic and the app see every table."""

from directory.accounts.audit import AccountAction
from directory.accounts.models import User
from directory.agenda.models import Event, EventFeed, EventOverride, EventProposal, EventRevision
from directory.core.jobs import Job
from directory.core.uploads import UploadedFile
from directory.editions.models import Edition, EditionItem, EditionReminder
from directory.listings.campaigns.models import Campaign, CampaignRecipient
from directory.listings.models.contact import Contact
from directory.listings.models.membership import Invitation, Membership
from directory.listings.models.merge import ListingMerge
from directory.listings.models.moderation import Claim, ErrorReport
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.revision import Revision
from directory.listings.models.service import Service
from directory.newsletters.models import Delivery, Newsletter, Subscription
from directory.observatory.models import (
    DailyCount,
    DailySalt,
    DailyVisitor,
    ReferralNeed,
    UnmetNeed,
)
from directory.partners.models import ProfessionalRequest, Referral
from directory.pathways.models import Pathway, PathwayRevision
from directory.printing.models import PrintedFile
from directory.search.models import SearchMiss, SearchOutbox, VocabularyEntry
from directory.search.postgres.models import SearchDocument, SearchWord
from directory.staff.models import StaffPreference
from directory.taxonomy.models import Commune, Public, Theme
from directory.volunteering.models import Mission, VolunteerMessage

__all__ = [
    "AccountAction",
    "Campaign",
    "CampaignRecipient",
    "Claim",
    "Commune",
    "Contact",
    "DailyCount",
    "DailySalt",
    "DailyVisitor",
    "Delivery",
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
    "Job",
    "ListingMerge",
    "Membership",
    "Mission",
    "Newsletter",
    "Organization",
    "Pathway",
    "PathwayRevision",
    "Place",
    "PrintedFile",
    "ProfessionalRequest",
    "Public",
    "Referral",
    "ReferralNeed",
    "Revision",
    "SearchDocument",
    "SearchMiss",
    "SearchOutbox",
    "SearchWord",
    "VocabularyEntry",
    "Service",
    "StaffPreference",
    "Subscription",
    "Theme",
    "UnmetNeed",
    "UploadedFile",
    "User",
    "VolunteerMessage",
]
