"""The mail that carries a volunteer's message to the association, reply-to the volunteer.

The association's address is only ever the recipient: never shown, never told to the
volunteer. It is the mission's own address, else the organisation's, else its members'.
"""

from email.utils import formataddr

from sqlalchemy import select

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.mail import queue_mail, site_name
from directory.listings.models.membership import Membership
from directory.volunteering.models import Mission


def recipients(mission: Mission) -> list[str]:
    if mission.contact_email:
        return [mission.contact_email]
    if mission.organization.courriel:
        return [mission.organization.courriel]
    return list(db.session.scalars(
        select(User.email).join(Membership, Membership.user_id == User.id).where(
            Membership.organization_id == mission.organization_id,
            Membership.archived_at.is_(None), User.archived_at.is_(None))
        .order_by(User.id)))


def send_volunteer_message(mission: Mission, name: str, email: str, message: str,
                           mission_url: str) -> bool:
    """Queued for after the commit; False when the association has no address at all."""
    addresses = recipients(mission)
    for address in addresses:
        queue_mail(address, f"Un·e bénévole pour « {mission.title} » – {site_name()}",
                   "volunteer_message", reply_to=formataddr((name, email)),
                   personal=True, mission=mission, name=name, email=email, message=message,
                   mission_url=mission_url)
    return bool(addresses)
