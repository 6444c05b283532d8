"""Listing mails: invitations, claim links, error reports and the staff's decisions.

Listing mails: invitations to manage a listing, claim links, error reports, the staff's
decisions (with their reason).

Each function queues its mail (core.mail.queue_mail): it leaves when the request commits.
"""


from directory.accounts import operations as accounts
from directory.accounts.models import User
from directory.core.mail import queue_mail, site_name
from directory.core.urls import absolute_url
from directory.listings import members, moderation
from directory.listings import operations as organizations
from directory.listings.models.membership import MEMBERSHIP_ROLE_LABELS
from directory.listings.models.moderation import Claim, ErrorReport
from directory.listings.models.organization import Organization


def send_invitation(invitation, inviter: User) -> None:
    url = absolute_url("account.invitation", token=members.invitation_token(invitation))
    queue_mail(
        invitation.email,
        f"Invitation à gérer la fiche « {invitation.organization.nom} » – {site_name()}",
        "invitation",
        invitation=invitation,
        inviter=inviter,
        url=url,
        role_label=MEMBERSHIP_ROLE_LABELS.get(invitation.role, invitation.role),
        days=accounts.MAX_AGE["invitation"] // 86400,
    )


def send_claim_link(claim: Claim) -> None:
    """To the listing's own address: opening the link proves the claimant can read it."""
    org = claim.organization
    url = absolute_url("manage.confirm_claim", slug=org.slug, token=moderation.claim_token(claim))
    queue_mail(org.courriel, f"Confirmez la gestion de la fiche « {org.nom} » – {site_name()}",
               "claim_confirm", claim=claim, url=url, days=moderation.CLAIM_MAX_AGE // 86400)


def send_error_report(report: ErrorReport, org: Organization) -> None:
    """To every member of the listing."""
    url = absolute_url("manage.edit", slug=org.slug)
    for member in organizations.members(org):
        queue_mail(member.email, f"Erreur signalée sur la fiche « {org.nom} » – {site_name()}",
                   "error_report", report=report, org=org, url=url)


# The staff's decisions, to the person who asked ----------------------------------------------


def send_listing_decision(org: Organization, author: User | None, accepted: bool,
                          reason: str | None) -> None:
    if accepted:
        texts = "Votre fiche est publiée", f"Votre fiche « {org.nom} » est publiée dans l'annuaire."
    else:
        texts = "Votre fiche n'a pas été publiée", f"Votre fiche « {org.nom} » n'a pas été publiée."
    _decision(author and author.email, *texts, reason, _public_url(org) if accepted else None)


def send_change_decision(org: Organization, author: User | None, accepted: bool,
                         reason: str | None) -> None:
    change = f"Votre modification de la fiche « {org.nom} »"
    if accepted:
        texts = "Modification publiée", f"{change} est publiée."
    else:
        texts = "Modification refusée", f"{change} n'a pas été retenue."
    _decision(author and author.email, *texts, reason, _public_url(org) if accepted else None)


def send_listing_changes_requested(org: Organization, author: User | None, message: str) -> None:
    _decision(author and author.email, "Votre fiche : une modification est demandée",
              f"Avant de publier votre fiche « {org.nom} », l'intercommunalité vous demande une "
              "modification. Corrigez la fiche : elle reviendra ensuite dans la file de "
              "validation.", message, absolute_url("manage.edit", slug=org.slug))


def send_change_changes_requested(org: Organization, author: User | None, message: str) -> None:
    _decision(author and author.email, "Votre modification : un changement est demandé",
              f"Votre modification de la fiche « {org.nom} » n'est pas encore publiée : "
              "l'intercommunalité vous demande de la reprendre. Modifiez de nouveau la fiche.",
              message, absolute_url("manage.edit", slug=org.slug))


def send_claim_decision(claim: Claim, accepted: bool, reason: str | None) -> None:
    org = claim.organization
    if accepted:
        texts = "Demande acceptée", f"Vous gérez maintenant la fiche « {org.nom} »."
    else:
        texts = ("Demande refusée",
                 f"Votre demande pour gérer la fiche « {org.nom} » n'a pas été acceptée.")
    url = absolute_url("manage.edit", slug=org.slug) if accepted else None
    _decision(claim.user.email, *texts, reason, url)


def send_report_closed(report: ErrorReport, reason: str | None) -> None:
    _decision(report.email, "Signalement traité",
              f"Votre signalement sur la fiche « {report.organization.nom} » a été traité. "
              "Merci !", reason)


def _public_url(org: Organization) -> str:
    return absolute_url("public.organization", slug=org.slug)


def _decision(to: str | None, subject: str, message: str, reason: str | None,
              url: str | None = None) -> None:
    if not to:  # an imported listing, an anonymous report: nobody to tell
        return
    queue_mail(to, f"{subject} – {site_name()}", "moderation_decision", message=message,
               reason=reason, url=url)
