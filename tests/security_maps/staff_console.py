"""Write routes of the staff console: the notification choice, bulk decisions, campaigns,
editions."""

from datetime import timedelta

from directory.core.dates import today_paris
from tests.security_maps.route import Route


def extend_scene(s) -> None:
    from directory.listings.campaigns import operations as campaigns
    s.campaign = campaigns.start("Mise à jour", today_paris() + timedelta(days=30), [14],
                                 None, s.staff)
    # Mailed days ago and silent (those with an address): « Relancer maintenant » reminds them.
    from directory.core.models import utcnow

    for recipient in s.campaign.recipients:
        recipient.sent_at = utcnow() - timedelta(days=3)


ROUTES = {
    "staff.notify": Route(lambda s: ("/moderation/courriels", {"notify": "each"}), "staff"),
    "staff.bulk": Route(
        lambda s: ("/moderation/file/decisions",
                   {"item": [f"fiche-{s.draft.id}", f"modification-{s.pending.id}"],
                    "accept": "Accepter la sélection"}),
        "staff",
    ),
}

ROUTES.update({
    "campaigns.remind": Route(lambda s: (f"/moderation/campagnes/{s.campaign.id}/relancer", {}),
                              "staff"),
    # s.edition comes from print_quarterly's scene: a draft of the first quarter of 2031.
    "editions.delete": Route(lambda s: (f"/moderation/editions/{s.edition.id}/supprimer", {}),
                             "staff"),
    "campaigns.close": Route(lambda s: (f"/moderation/campagnes/{s.campaign.id}/cloturer", {}),
                             "staff"),
})

PUBLIC: dict[str, str] = {}


def fingerprint() -> tuple:
    from sqlalchemy import select

    from directory.core.extensions import db
    from directory.listings.campaigns.models import Campaign, CampaignRecipient
    from directory.staff.models import StaffPreference

    return (
        tuple((p.user_id, p.notify) for p in db.session.scalars(
            select(StaffPreference).order_by(StaffPreference.user_id))),
        tuple((c.id, c.closed_at) for c in db.session.scalars(select(Campaign))),
        tuple((r.id, r.reminders_sent) for r in db.session.scalars(select(CampaignRecipient))),
    )
