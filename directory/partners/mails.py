"""Partner mails: orientation sheets, referrals and professional access decisions.

Partner mails: orientation sheets and referrals (personal: kept out of the logs), and the
staff's answer to a professional access request.

Each function queues its mail (core.mail.queue_mail): it leaves when the request commits.
"""


from directory.accounts.models import User
from directory.core.mail import queue_mail, site_name
from directory.core.urls import absolute_url
from directory.partners import operations as referrals
from directory.partners import queries as partners
from directory.partners.models import ProfessionalRequest


def send_orientation_sheet(to: str, service, sender: User, *, name: str, note: str | None,
                           ask_for, labels: dict) -> None:
    """The sheet a professional fills in for a person, mailed to that person; answers go to
    the professional."""
    queue_mail(to, f"Votre fiche d'orientation : {service.nom} – {site_name()}",
               "orientation_sheet", personal=True, reply_to=sender.email, service=service,
               org=service.organization, name=name, note=note, ask_for=ask_for, sender=sender,
               communes=partners.commune_names(), labels=labels)


def send_referral(referral, service, sender: User) -> None:
    queue_mail(referral.sent_to, f"Orientation vers « {service.nom} » – {site_name()}",
               "referral", personal=True, reply_to=sender.email, referral=referral,
               service=service, sender=sender, days=referrals.retention_days(),
               url=absolute_url("partners.history"))


def send_access_decision(item: ProfessionalRequest, accepted: bool, reason: str | None) -> None:
    if accepted:
        queue_mail(item.email, f"Votre accès professionnel est ouvert – {site_name()}",
                   "professional_access", accepted=True, item=item, reason=reason,
                   url=absolute_url("partners.index"))
    else:
        queue_mail(item.email, f"Votre demande d'accès professionnel – {site_name()}",
                   "professional_access", accepted=False, item=item, reason=reason, url=None)
