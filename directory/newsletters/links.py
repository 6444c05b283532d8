"""Absolute URLs of the newsletters' mails, in one place."""

from directory.core.urls import absolute_url


def event_url(event) -> str:
    slug = {"slug": event.slug} if event.slug else {}
    return absolute_url("agenda.event", event_id=event.id, **slug)


def organization_url(org) -> str:
    return absolute_url("public.organization", slug=org.slug)


def mission_url(mission) -> str:
    return absolute_url("volunteering.mission", mission_id=mission.id)


def service_url(service) -> str:
    return absolute_url("partners.service", service_id=service.id)


def search_url(alert) -> str:
    return absolute_url("partners.index", **alert.args)


#: What the letter templates build their links with.
LINKS = {"event_link": event_url, "org_link": organization_url}
