"""Volunteering and newsletter indicators: new volunteers, missions, subscribers and mails sent."""

from sqlalchemy import and_, or_, select

from directory.listings.models.organization import Organization
from directory.newsletters.models import Delivery, DeliveryState, Subscription
from directory.observatory.periods import Period
from directory.observatory.queries.common import (
    Section,
    Table,
    cond_sum,
    counts_in,
    figures,
    grouped,
    pair,
    span,
)
from directory.volunteering.models import Mission, VolunteerMessage


def _active_at(end_at):
    """Subscriptions confirmed before `end_at` and not stopped by then."""
    return and_(Subscription.confirmed_at < end_at,
                or_(Subscription.unsubscribed_at.is_(None), Subscription.unsubscribed_at >= end_at))


def volunteering_section(p: Period, b: Period) -> Section:
    messages = pair(select(*counts_in(VolunteerMessage.created_at, p, b))
                    .where(span(VolunteerMessage.created_at, p, b)))
    missions = pair(select(*counts_in(Mission.created_at, p, b))
                    .where(span(Mission.created_at, p, b)))
    subscribers = pair(select(cond_sum(_active_at(p.end_at)), cond_sum(_active_at(b.end_at))))
    sent = pair(select(*counts_in(Delivery.created_at, p, b))
                .where(Delivery.state == DeliveryState.SENT, span(Delivery.created_at, p, b)))
    stopped = pair(select(*counts_in(Subscription.unsubscribed_at, p, b))
                   .where(span(Subscription.unsubscribed_at, p, b)))
    pairs = [
        ("Nouveaux bénévoles (messages reçus par les associations)", *messages),
        ("Missions de bénévolat publiées", *missions),
        ("Abonnés à la lettre d'information, en fin de période", *subscribers),
        ("Lettres envoyées (les ouvertures ne sont pas suivies)", *sent),
        ("Désabonnements", *stopped),
    ]
    by_org = grouped(
        select(Organization.nom, *counts_in(VolunteerMessage.created_at, p, b))
        .select_from(VolunteerMessage)
        .join(Mission, Mission.id == VolunteerMessage.mission_id)
        .join(Organization, Organization.id == Mission.organization_id)
        .where(span(VolunteerMessage.created_at, p, b)).group_by(Organization.nom))
    return Section("benevolat", "Bénévolat et lettre d'information", [
        figures("benevolat-chiffres", "Bénévolat et lettre : chiffres clés", pairs, p, b),
        Table("benevoles-associations", "Nouveaux bénévoles par association",
              ["Association", p.label, b.label], by_org,
              note="Un message envoyé par le formulaire d'une mission compte pour un bénévole ; "
                   "ni son texte ni son adresse ne sont gardés."),
    ])
