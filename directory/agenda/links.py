"""What an event page offers besides its text: calendar links and subscription addresses.

What an event page offers besides its text: add-to-calendar links, subscription addresses,
schema.org structured data. Pure functions of the event; URLs are passed in by the view.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from directory.agenda import recurrence
from directory.core.dates import PARIS
from directory.core.text import without_place_name
from directory.taxonomy.vocabularies import Accessibility, EventStatus, Fees

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
#: The form documented by InteractionDesignFoundation/add-event-to-calendar-docs (no official doc).
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"
#: Google Calendar's "add by URL" page takes a webcal:// address in `cid`.
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="

SCHEMA_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.FULL: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}

#: The description sent to other calendars is cut to keep URLs reasonable.
MAX_DETAILS = 1000


def location_text(event) -> str:
    """'Salle des fêtes, 3 rue de la République, 89140 Pont-sur-Yonne' or the address given."""
    if event.place is not None:
        return event.place.one_line
    if event.commune is None:
        return event.address or ""
    address = without_place_name(event.address or "", event.commune.name)
    return ", ".join(p for p in (address, f"{event.commune.postal_code} {event.commune.name}") if p)


def _details(event, page_url: str) -> str:
    text = (event.description or "").strip()
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    return f"{text}\n\n{page_url}" if text else page_url


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event, occurrence: recurrence.Occurrence, page_url: str) -> str:
    """Google Calendar's "create event" link for one occurrence (UTC times, or dates).

    `dates` takes start/end in UTC ("…Z"), or two dates with the end excluded for all-day ones.
    """
    if isinstance(occurrence.start, datetime):
        dates = f"{_utc_stamp(occurrence.start)}/{_utc_stamp(occurrence.end)}"
    else:
        dates = f"{occurrence.start:%Y%m%d}/{occurrence.end:%Y%m%d}"
    params = {
        "action": "TEMPLATE",
        "text": occurrence.title,
        "dates": dates,
        "details": _details(event, page_url),
        "location": location_text(event),
        "ctz": "Europe/Paris",
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(params, quote_via=quote)}"


def outlook_url(event, occurrence: recurrence.Occurrence, page_url: str) -> str:
    """Outlook.com's "new event" link for one occurrence: ISO 8601 in UTC, or dates + allday."""
    if isinstance(occurrence.start, datetime):
        start = occurrence.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = occurrence.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        all_day = "false"
    else:
        start, end, all_day = occurrence.start.isoformat(), occurrence.end.isoformat(), "true"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": occurrence.title,
        "startdt": start,
        "enddt": end,
        "allday": all_day,
        "body": _details(event, page_url),
        "location": location_text(event),
    }
    return f"{OUTLOOK_COMPOSE}?{urlencode(params, quote_via=quote)}"


def webcal_url(https_url: str) -> str:
    """The same address with the webcal:// scheme, which calendar apps offer to subscribe to."""
    parts = urlsplit(https_url)
    return urlunsplit(("webcal", *parts[1:]))


def google_subscribe_url(https_url: str) -> str:
    return GOOGLE_SUBSCRIBE + quote(webcal_url(https_url), safe="")


# --- schema.org ------------------------------------------------------------------------------


def _schema_moment(value: datetime | date) -> str:
    """Paris local time with its offset ('2026-12-05T14:30:00+01:00'), or a plain date."""
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat(timespec="seconds")
    return value.isoformat()


def _schema_end(value: datetime | date) -> str:
    # All-day ends are exclusive in the data; schema.org's endDate is the last day.
    if isinstance(value, datetime):
        return _schema_moment(value)
    return (value - timedelta(days=1)).isoformat()


def json_ld(
    event,
    occurrence: recurrence.Occurrence,
    *,
    page_url: str,
    organizer_url: str | None = None,
    image_url: str | None = None,
) -> dict:
    """A schema.org Event for one occurrence (the next one for a repeating event).

    The template writes it with `|tojson`, which escapes `<`, `>` and `&`: no `</script>`.
    """
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": occurrence.title,
        "url": page_url,
        "startDate": _schema_moment(occurrence.start),
        "endDate": _schema_end(occurrence.end),
        "eventStatus": SCHEMA_STATUS.get(occurrence.status, SCHEMA_STATUS[EventStatus.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.description:
        data["description"] = event.description[:MAX_DETAILS]
    location = _schema_place(event)
    if location:
        data["location"] = location
    organizer = {"@type": "Organization", "name": event.organization.nom}
    if organizer_url:
        organizer["url"] = organizer_url
    data["organizer"] = organizer
    if image_url:
        data["image"] = [image_url]
    offer: dict = {
        "@type": "Offer",
        "url": event.registration_url or page_url,
        "availability": "https://schema.org/SoldOut"
        if occurrence.status == EventStatus.FULL
        else "https://schema.org/InStock",
    }
    if event.frais == Fees.FREE:
        data["isAccessibleForFree"] = True
        offer.update(price="0", priceCurrency="EUR")
    elif event.price_details:
        offer["description"] = event.price_details
    data["offers"] = offer
    if event.age_min is not None or event.age_max is not None:
        audience: dict = {"@type": "PeopleAudience"}
        if event.age_min is not None:
            audience["suggestedMinAge"] = event.age_min
        if event.age_max is not None:
            audience["suggestedMaxAge"] = event.age_max
        data["audience"] = audience
    if Accessibility.MOTOR in (event.accessibility or []):
        data["accessibilityFeature"] = ["wheelchairAccessible"]
    return data


def _schema_place(event) -> dict | None:
    commune = event.place.commune if event.place is not None else event.commune
    street = event.place.adresse if event.place is not None else event.address
    if commune is None and not street:
        return None
    address: dict = {"@type": "PostalAddress", "addressCountry": "FR"}
    if street:
        address["streetAddress"] = street
    if commune is not None:
        address["addressLocality"] = commune.name
        address["postalCode"] = (
            event.place.code_postal if event.place is not None and event.place.code_postal
            else commune.postal_code
        )
    name = (event.place.name if event.place is not None else None) or (
        commune.name if commune is not None else street
    )
    place: dict = {"@type": "Place", "name": name, "address": address}
    if event.place is not None and event.place.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": event.place.latitude,
            "longitude": event.place.longitude,
        }
    return place
