"""Write routes of the staff console: the notification choice, bulk decisions, campaigns,
editions."""

from tests.security_maps.route import Route

ROUTES = {
    "staff.notify": Route(lambda s: ("/moderation/courriels", {"notify": "each"}), "staff"),
    "staff.bulk": Route(
        lambda s: ("/moderation/file/decisions",
                   {"item": [f"fiche-{s.draft.id}", f"modification-{s.pending.id}"],
                    "accept": "Accepter la sélection"}),
        "staff",
    ),
}

PUBLIC: dict[str, str] = {}


def fingerprint() -> tuple:
    from sqlalchemy import select

    from directory.core.extensions import db
    from directory.staff.models import StaffPreference

    return tuple((p.user_id, p.notify) for p in db.session.scalars(
        select(StaffPreference).order_by(StaffPreference.user_id)))
