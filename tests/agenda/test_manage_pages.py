"""Organisers announce their events: the form, repetitions, checked uploads, clash warnings,
the shared planning, status changes, history, concurrent edits and who may do what."""

import html
import io
from datetime import UTC, date, datetime

from PIL import Image
from sqlalchemy import select

from directory.accounts.models import Role
from directory.agenda import operations as events
from directory.agenda import recurrence
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db as _db
from directory.taxonomy.vocabularies import EventStatus, ModerationState
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    UserFactory,
    commune,
    member_of,
    public,
)
from tests.htmlforms import fill, form_fields


def text_of(response) -> str:
    """The page as read (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def new_form(client, slug):
    page = client.get(f"/gestion/{slug}/agenda/nouveau")
    assert page.status_code == 200, text_of(page)
    return form_fields(text_of(page), f"/gestion/{slug}/agenda/nouveau")


def post_new(client, slug, files=None, **values):
    fields = new_form(client, slug)
    for name, value in values.items():
        if isinstance(value, list):
            fields.setlist(name, value)
        else:
            fields[name] = value
    data = fields.to_dict(flat=False)
    data.update(files or {})
    return client.post(f"/gestion/{slug}/agenda/nouveau", data=data,
                       content_type="multipart/form-data")


TIMED = {"title": "Loto de l'école", "start_date": "2027-03-20", "start_time": "14:00",
         "end_time": "18:00", "commune": "sergines", "address": "Salle polyvalente"}


def only_event(org) -> Event:
    _db.session.expire_all()
    return _db.session.scalars(select(Event).where(Event.organization_id == org.id)).one()


def signed_member(client, **org_fields):
    org = OrganizationFactory(**org_fields)
    sign_in(client, member_of(org))
    return org


# Creating -----------------------------------------------------------------------------------


def test_a_member_announces_a_timed_event_that_waits_for_validation(client, db):
    org = signed_member(client, nom="Sou des écoles")
    response = post_new(client, org.slug, **TIMED, description="Nombreux **lots** !",
                        frais="payant", price_details="2 € le carton",
                        registration_url="https://exemple.fr/loto", age_min="6",
                        accessibility=["moteur"], publics=["familles"], comment="Première")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.moderation_state == ModerationState.SUBMITTED
    assert (event.starts_at, event.ends_at) == (paris(2027, 3, 20, 14), paris(2027, 3, 20, 18))
    assert not event.all_day and event.commune.slug == "sergines"
    assert event.address == "Salle polyvalente" and event.frais == "payant"
    assert event.age_min == 6 and event.accessibility == ["moteur"]
    assert [p.slug for p in event.publics] == ["familles"]
    assert event.rrule is None and event.created_by is not None
    page = client.get(response.location)
    assert "après validation par l'intercommunalité" in text_of(page)
    assert "En attente de validation" in text_of(page)
    entries = events.history(event)
    assert [e.action for e in entries] == ["submit", "create"]
    assert entries[-1].note == "Première"
    listing = client.get(f"/gestion/{org.slug}/agenda/")
    assert "Loto de l'école" in text_of(listing) and "samedi 20 mars 2027" in text_of(listing)
    assert f"/gestion/{org.slug}/agenda/flux" in listing.text


def test_trusted_organisations_and_staff_publish_directly(client, db):
    org = signed_member(client, trusted=True)
    assert post_new(client, org.slug, **TIMED).status_code == 302
    assert only_event(org).moderation_state == ModerationState.PUBLISHED

    other = OrganizationFactory()
    staff_client = client.application.test_client()
    sign_in(staff_client, UserFactory(role=Role.MODERATOR))
    assert post_new(staff_client, other.slug, **TIMED).status_code == 302
    assert only_event(other).moderation_state == ModerationState.PUBLISHED


def test_an_all_day_event_over_several_days(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, title="Fête du village", all_day="y",
                        start_date="2027-05-01", end_date="2027-05-02", commune="cuy")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.all_day
    assert (event.start_date, event.end_date) == (date(2027, 5, 1), date(2027, 5, 3))
    # The form shows the last day, included, as it was typed.
    page = client.get(response.location)
    fields = form_fields(text_of(page), response.location)
    assert fields["end_date"] == "2027-05-02" and fields["all_day"] == "y"


def test_an_evening_ending_after_midnight(client, db):
    org = signed_member(client, trusted=True)
    response = post_new(client, org.slug, **{**TIMED, "start_time": "21:00", "end_time": "02:00",
                                             "title": "Bal de printemps"}, end_date="2027-03-21")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert (event.starts_at, event.ends_at) == (paris(2027, 3, 20, 21), paris(2027, 3, 21, 2))
    page = client.get(response.location)
    assert "Voir dans l'agenda" in text_of(page)
    assert f"/agenda/evenements/{event.id}-bal-de-printemps" in text_of(page)


def test_weekly_with_excluded_dates(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="weekly", repeat_until="2027-04-24",
                        excluded_dates="20/03/2027\n2027-04-17")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.rrule.startswith("FREQ=WEEKLY;BYDAY=SA;UNTIL=20270424T")
    days = [o.start.astimezone(PARIS).date() for o in
            recurrence.occurrences(event, paris(2027, 1, 1), paris(2028, 1, 1))]
    assert days == [date(2027, 3, 6), date(2027, 3, 13), date(2027, 3, 27), date(2027, 4, 3),
                    date(2027, 4, 10), date(2027, 4, 24)]
    assert event.series_ends_at == paris(2027, 4, 24, 18)
    page = client.get(response.location)
    fields = form_fields(text_of(page), response.location)
    assert fields["repeat"] == "weekly" and fields["repeat_until"] == "2027-04-24"
    assert fields["excluded_dates"].split() == ["20/03/2027", "17/04/2027"]


def test_every_other_week_by_count(client, db):
    org = signed_member(client)
    assert post_new(client, org.slug, **TIMED, repeat="biweekly",
                    repeat_count="3").status_code == 302
    assert only_event(org).rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=3"


def test_monthly_first_saturday(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="monthly-weekday", repeat_count="4")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.rrule == "FREQ=MONTHLY;BYDAY=1SA;COUNT=4"
    days = [o.start.astimezone(PARIS).date() for o in
            recurrence.occurrences(event, paris(2027, 1, 1), paris(2028, 1, 1))]
    assert days == [date(2027, 3, 6), date(2027, 4, 3), date(2027, 5, 1), date(2027, 6, 5)]
    listing = client.get(f"/gestion/{org.slug}/agenda/")
    assert "le premier samedi de chaque mois" in listing.text


def test_monthly_last_saturday_needs_a_last_saturday(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="monthly-weekday", repeat_count="4", monthly_last="y")
    assert response.status_code == 422
    assert "n'est pas le dernier de ce nom du mois" in text_of(response)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-27"},
                        repeat="monthly-weekday", repeat_count="4", monthly_last="y")
    assert response.status_code == 302
    assert only_event(org).rrule == "FREQ=MONTHLY;BYDAY=-1SA;COUNT=4"


def test_a_list_of_dates(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, **TIMED, repeat="dates",
                        extra_dates="03/04/2027, 2027-04-17\n17/04/2027")
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.rrule is None
    assert event.rdates == [paris(2027, 4, 3, 14).isoformat(), paris(2027, 4, 17, 14).isoformat()]
    starts = [o.start for o in recurrence.occurrences(event, paris(2027, 1, 1), paris(2028, 1, 1))]
    assert starts == [paris(2027, 3, 20, 14), paris(2027, 4, 3, 14), paris(2027, 4, 17, 14)]
    assert event.series_ends_at == paris(2027, 4, 17, 18)


def test_a_known_venue_gives_the_commune(client, db):
    venue = PlaceFactory(name="Salle des fêtes", is_venue=True, commune=commune("michery"))
    org = signed_member(client)
    page = client.get(f"/gestion/{org.slug}/agenda/nouveau")
    assert "Lieux du territoire" in text_of(page) and "Salle des fêtes" in text_of(page)
    values = {**TIMED, "commune": "", "address": "", "place": str(venue.id)}
    assert post_new(client, org.slug, **values).status_code == 302
    event = only_event(org)
    assert event.place_id == venue.id and event.commune.slug == "michery"


# Bad input ----------------------------------------------------------------------------------


def test_bad_input_gives_french_errors_and_keeps_what_was_typed(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, title="Kermesse", start_date="2027-03-20",
                        start_time="14:00", end_time="12:00", commune="",
                        registration_url="exemple.fr", age_min="12", age_max="8",
                        frais="payant",
                        repeat="weekly", excluded_dates="31/02/2027",
                        description="Venez nombreux")
    assert response.status_code == 422
    text = text_of(response)
    assert "L'heure de fin doit suivre l'heure de début. Si l'événement finit après minuit, " \
        "indiquez aussi la date de fin." in text
    assert "Choisissez un lieu dans la liste, ou indiquez l'adresse et sa commune." in text
    assert "commençant par https://" in text
    assert "Indiquez le prix (ex. : 5 €, gratuit pour les moins de 12 ans)." in text
    assert "L'âge maximum doit être au moins égal à l'âge minimum." in text
    assert "Indiquez jusqu'à quand l'événement se répète, ou combien de fois." in text
    assert "Ces dates ne sont pas lisibles : « 31/02/2027 »" in text
    fields = form_fields(text, f"/gestion/{org.slug}/agenda/nouveau")
    assert fields["title"] == "Kermesse" and fields["description"] == "Venez nombreux"
    assert fields["age_min"] == "12" and fields["repeat"] == "weekly"
    assert _db.session.scalar(select(Event.id)) is None


def test_a_tampered_place_is_refused(client, db):
    org = signed_member(client)
    elsewhere = PlaceFactory()  # neither the organisation's nor a known venue
    for value in ("abc", str(elsewhere.id)):
        response = post_new(client, org.slug, **TIMED, place=value)
        assert response.status_code == 422
        assert "N'est pas un choix valide." in text_of(response)


def test_missing_title_and_date_and_time(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, commune="cuy")
    assert response.status_code == 422
    assert "Indiquez le titre de l'événement." in text_of(response)
    assert "Indiquez la date de l'événement." in text_of(response)
    response = post_new(client, org.slug, title="Bal", start_date="2027-03-20", commune="cuy")
    assert response.status_code == 422
    assert "Indiquez l'heure de début, ou cochez « Toute la journée »." in text_of(response)


def test_list_of_dates_and_exclusions_are_checked(client, db):
    org = signed_member(client)
    response = post_new(client, org.slug, **TIMED, repeat="dates", extra_dates="")
    assert response.status_code == 422
    assert "Indiquez les autres dates de l'événement." in text_of(response)
    response = post_new(client, org.slug, **TIMED, repeat="dates", extra_dates="01/03/2027")
    assert "Les autres dates doivent suivre la date de début" in text_of(response)
    response = post_new(client, org.slug, **TIMED, repeat="weekly", repeat_count="3",
                        excluded_dates="21/03/2027")
    assert response.status_code == 422
    assert "Ces dates ne font pas partie des dates de l'événement : 21/03/2027." \
        in text_of(response)
    response = post_new(client, org.slug, **TIMED, repeat="weekly", repeat_count="3",
                        repeat_until="2027-05-01")
    assert "Indiquez une date de fin ou un nombre de fois, pas les deux." in text_of(response)


# Uploads ------------------------------------------------------------------------------------


def picture(fmt="PNG", size=(40, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=fmt)
    return output.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def test_an_image_is_checked_by_its_content(client, db):
    org = signed_member(client)
    fake = {"image": (io.BytesIO(b"<html>not a picture</html>"), "affiche.png")}
    response = post_new(client, org.slug, files=fake, **TIMED)
    assert response.status_code == 422
    assert "Ce fichier n'est pas une image JPEG, PNG ou WebP, ni une affiche PDF." \
        in text_of(response)
    assert _db.session.scalar(select(Event.id)) is None

    real = {"image": (io.BytesIO(picture("JPEG")), "photo.txt")}
    response = post_new(client, org.slug, files=real, **TIMED)
    assert response.status_code == 302, text_of(response)
    event = only_event(org)
    assert event.image.endswith(".jpg")
    served = client.get(f"/agenda/images/{event.image}")
    data = served.data
    served.close()
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(data)).size == (40, 30)
    assert client.get("/agenda/images/../secret.jpg").status_code == 404


def test_an_image_sent_with_a_refused_form_is_kept(client, db):
    org = signed_member(client)
    upload = {"image": (io.BytesIO(picture("WEBP")), "a.webp")}
    response = post_new(client, org.slug, files=upload, **{**TIMED, "title": ""})
    assert response.status_code == 422
    assert "Fichier déjà envoyé et vérifié" in text_of(response)
    fields = form_fields(response.text, f"/gestion/{org.slug}/agenda/nouveau")
    assert fields["uploaded_image"].endswith(".webp")
    response = client.post(f"/gestion/{org.slug}/agenda/nouveau",
                           data=fill(fields, title="Bal"))
    assert response.status_code == 302
    assert only_event(org).image == fields["uploaded_image"]
    # A name that is not a stored file is ignored.
    fields = new_form(client, org.slug)
    response = client.post(f"/gestion/{org.slug}/agenda/nouveau", data=fill(
        fields, **TIMED, uploaded_image="../../secret_key"))
    assert response.status_code == 302
    _db.session.expire_all()
    newest = _db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert newest.title == TIMED["title"] and newest.image is None


def test_a_pdf_flyer_is_accepted_unless_it_carries_scripts(client, db):
    org = signed_member(client)
    scripted = PDF.replace(b"/Type /Catalog",
                           b"/Type /Catalog /OpenAction << /JS (app.alert(1)) >>")
    response = post_new(client, org.slug, files={"image": (io.BytesIO(scripted), "a.pdf")},
                        **TIMED)
    assert response.status_code == 422 and "contient des scripts" in text_of(response)
    response = post_new(client, org.slug, files={"image": (io.BytesIO(PDF), "a.pdf")}, **TIMED)
    assert response.status_code == 302
    event = only_event(org)
    served = client.get(f"/agenda/images/{event.image}")
    data = served.data
    served.close()
    assert served.mimetype == "application/pdf" and data == PDF
    assert served.headers["Content-Disposition"].startswith("attachment")
    # Once published, its page offers the flyer to download, not as a broken picture.
    event.moderation_state = ModerationState.PUBLISHED
    _db.session.commit()
    page = text_of(client.get(f"/agenda/evenements/{event.id}", follow_redirects=True))
    assert f'href="http://localhost/agenda/images/{event.image}" download' in page
    assert "Télécharger l'affiche (PDF)" in page
    assert "<img src=\"http://localhost/agenda" not in page


def test_too_large_files_are_refused(client, db, app):
    org = signed_member(client)
    app.config["EVENT_IMAGE_MAX_BYTES"] = 2048
    try:
        big = {"image": (io.BytesIO(picture(size=(400, 400)) + b"\0" * 4000), "a.png")}
        response = post_new(client, org.slug, files=big, **TIMED)
    finally:
        del app.config["EVENT_IMAGE_MAX_BYTES"]
    assert response.status_code == 422
    assert "Le fichier dépasse 2 Ko : choisissez un fichier plus léger." in text_of(response)


# Clash warnings -----------------------------------------------------------------------------


def planned(title, place, day, publics=(), state=ModerationState.PUBLISHED, **extra):
    return EventFactory(title=title, commune=commune(place), moderation_state=state,
                        starts_at=paris(*day, 20), ends_at=paris(*day, 22),
                        publics=[public(p) for p in publics], **extra)


def test_clash_warnings_same_commune_neighbour_and_public(client, db):
    org = signed_member(client)
    planned("Concert à Pont", "pont-sur-yonne", (2027, 3, 20))
    planned("Théâtre à Villemanoche", "villemanoche", (2027, 3, 20),
            state=ModerationState.SUBMITTED)
    planned("Goûter des aînés", "perceneige", (2027, 3, 20), publics=["seniors"])
    planned("Rando à Perceneige", "perceneige", (2027, 3, 20), publics=["adultes"])
    planned("Concert du lendemain", "pont-sur-yonne", (2027, 3, 21))
    planned("Brouillon", "pont-sur-yonne", (2027, 3, 20), state=ModerationState.DRAFT)
    planned("Annulé", "pont-sur-yonne", (2027, 3, 20), public_status=EventStatus.CANCELLED)
    response = post_new(client, org.slug, **{**TIMED, "commune": "pont-sur-yonne"},
                        publics=["seniors"], check="Vérifier les dates")
    assert response.status_code == 200
    text = text_of(response)
    assert "3 autres événements déjà prévus à ces dates" in text
    assert "Concert à Pont" in text and "Même commune" in text
    # Another organisation's event waiting for moderation: a clash, without its title.
    assert "Théâtre à Villemanoche" not in text and "Événement pas encore publié" in text
    assert "Commune voisine (Villemanoche)" in text
    assert "en attente de validation" in text
    assert "Goûter des aînés" in text and "Même public : Seniors" in text
    for absent in ("Rando à Perceneige", "Concert du lendemain", "Brouillon", "Annulé"):
        assert absent not in text
    # Checking saves nothing; the typed values stay.
    assert only_event_count(org) == 0
    assert form_fields(text, f"/gestion/{org.slug}/agenda/nouveau")["title"] == TIMED["title"]


def only_event_count(org) -> int:
    return len(_db.session.scalars(select(Event.id).where(Event.organization_id == org.id)).all())


def test_clashes_on_a_failed_save_on_repeating_dates_and_on_the_edit_page(client, db):
    org = signed_member(client)
    planned("Marché de printemps", "sergines", (2027, 4, 3))
    # A weekly event reaches the 3rd of April; the save fails for another reason.
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06", "title": ""},
                        repeat="weekly", repeat_count="6")
    assert response.status_code == 422
    assert "Marché de printemps" in text_of(response) and "Même commune" in text_of(response)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="weekly", repeat_count="6")
    assert response.status_code == 302
    page = client.get(response.location)
    assert "Marché de printemps" in text_of(page)
    # No clash at all is said too.
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-06-12"},
                        check="Vérifier les dates")
    assert "Aucun autre événement prévu à ces dates" in text_of(response)


# Shared planning ----------------------------------------------------------------------------


def test_the_shared_planning_shows_published_and_submitted_dates(client, db):
    planned("Concert publié", "pont-sur-yonne", (2027, 3, 20))
    planned("Bal en attente", "sergines", (2027, 3, 27), state=ModerationState.SUBMITTED)
    planned("Brouillon caché", "sergines", (2027, 3, 27), state=ModerationState.DRAFT)
    EventFactory(title="Brocante", commune=commune("cuy"), start_date=date(2027, 3, 13),
                 end_date=date(2027, 3, 15))
    signed_member(client)
    page = client.get("/gestion/agenda/planning?mois=2027-03")
    assert page.status_code == 200
    text = text_of(page)
    assert "Planning partagé : mars 2027" in text
    assert "Concert publié" in text and "en attente" in text
    # Another organisation's event waiting for moderation: the day is taken, no title.
    assert "Bal en attente" not in text and "Événement pas encore publié" in text
    assert "Brouillon caché" not in text
    assert text.count("Brocante") == 2  # both days
    assert "20h00" in text
    nearby = client.get("/gestion/agenda/planning?mois=2027-03&commune=villemanoche").text
    assert "Concert publié" in nearby and "pas encore publié" not in nearby
    other_month = client.get("/gestion/agenda/planning?mois=2027-04").text
    assert "Concert publié" not in other_month
    assert client.get("/gestion/agenda/planning?mois=n-importe").status_code == 200


def test_the_planning_is_for_members_and_staff(client, db):
    sign_in(client, UserFactory())
    assert client.get("/gestion/agenda/planning").status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.get("/gestion/agenda/planning").status_code == 302


# Status changes and history -----------------------------------------------------------------


def create_published(org) -> Event:
    event = events.create_event(org, None, {
        "title": "Concert de Noël", "all_day": False,
        "starts_at": paris(2027, 12, 18, 20), "ends_at": paris(2027, 12, 18, 22),
        "commune": "vinneuf"})
    event.moderation_state = ModerationState.PUBLISHED
    _db.session.commit()
    return event


def test_cancel_postpone_and_full_keep_the_event_visible(client, db):
    org = signed_member(client)
    event = create_published(org)
    base = f"/gestion/{org.slug}/agenda/{event.id}"
    page = client.get(f"{base}/annuler")
    response = client.post(f"{base}/annuler", data={"csrf_token": csrf_token(text_of(page)),
                                                    "note": "Chorale malade"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.public_status == EventStatus.CANCELLED
    assert event.moderation_state == ModerationState.PUBLISHED and event.archived_at is None

    page = client.get(f"{base}/reporter")
    token = csrf_token(text_of(page))
    response = client.post(f"{base}/reporter", data={"csrf_token": token,
                                                     "new_date": "2020-01-01"})
    assert response.status_code == 422 and "La nouvelle date est déjà passée." in text_of(response)
    response = client.post(f"{base}/reporter", data={"csrf_token": token,
                                                     "new_date": "2028-01-08", "note": "Météo"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.public_status == EventStatus.POSTPONED
    assert (event.starts_at, event.ends_at) == (paris(2028, 1, 8, 20), paris(2028, 1, 8, 22))

    response = client.post(f"{base}/complet", data={"csrf_token": token})
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.public_status == EventStatus.FULL
    client.post(f"{base}/reprogrammer", data={"csrf_token": token})
    _db.session.expire_all()
    assert event.public_status == EventStatus.SCHEDULED
    assert event.sequence == 4

    history = text_of(client.get(f"{base}/historique"))
    for label in ("Création", "Annulation", "Report", "Marqué complet",
                  "De nouveau programmé", "« Chorale malade »", "« Météo »",
                  "samedi 18 décembre 2027, 20:00 – 22:00",
                  "samedi 8 janvier 2028, 20:00 – 22:00", "Annulé", "Reporté"):
        assert label in history, label


def test_edits_are_in_the_history_with_what_changed(client, db):
    org = signed_member(client, trusted=True)
    response = post_new(client, org.slug, **TIMED)
    event = only_event(org)
    fields = form_fields(client.get(response.location).text, response.location)
    response = client.post(response.location, data=fill(fields, title="Super loto",
                                                         comment="Nouveau nom"))
    assert response.status_code == 302
    history = text_of(client.get(f"/gestion/{org.slug}/agenda/{event.id}/historique"))
    assert "Version n° 3 – Modification" in history
    assert "Loto de l'école" in history and "Super loto" in history
    assert "« Nouveau nom »" in history
    assert "Version n° 2 – Publication" in history


def test_concurrent_edits_do_not_overwrite(client, db, app):
    org = OrganizationFactory(trusted=True)
    first, second = member_of(org), member_of(org)
    event = create_published(org)
    url = f"/gestion/{org.slug}/agenda/{event.id}"
    one = sign_in(app.test_client(), first)
    two = sign_in(app.test_client(), second)
    form_one = form_fields(one.get(url).text, url)
    form_two = form_fields(two.get(url).text, url)
    assert one.post(url, data=fill(form_one, title="Concert de l'Avent",
                                   start_time="20:30")).status_code == 302
    response = two.post(url, data=fill(form_two, title="Veillée de Noël"))
    assert response.status_code == 409
    assert "Quelqu'un a modifié cet événement" in text_of(response)
    assert "Champs modifiés par l'autre personne : Date et heure, Titre" in text_of(response)
    _db.session.expire_all()
    assert event.title == "Concert de l'Avent"
    # The page carries the new version: saving again (after checking) goes through.
    again = form_fields(text_of(response), url)
    assert again["title"] == "Veillée de Noël"
    assert two.post(url, data=again).status_code == 302
    _db.session.expire_all()
    assert event.title == "Veillée de Noël"


# Who may do what ----------------------------------------------------------------------------


def test_the_description_is_markdown_shown_sanitised(client, db):
    org = signed_member(client, trusted=True)
    response = post_new(client, org.slug, **TIMED,
                        description="Venez **nombreux** <script>alert(1)</script>")
    page = client.get(response.location)
    assert "<strong>nombreux</strong>" in page.text
    assert "<script>alert(1)</script>" not in page.text


def test_an_imported_event_says_where_to_change_it(client, db):
    org = signed_member(client)
    event = create_published(org)
    event.source_feed_url, event.source_uid = "https://exemple.fr/agenda.ics", "abc@exemple.fr"
    _db.session.commit()
    page = client.get(f"/gestion/{org.slug}/agenda/{event.id}")
    assert "vient du calendrier de votre organisation" in text_of(page)


def test_an_imported_rule_the_form_cannot_write_is_kept(client, db):
    org = signed_member(client, trusted=True)
    event = create_published(org)
    event.rrule = "FREQ=DAILY;COUNT=3"
    _db.session.commit()
    url = f"/gestion/{org.slug}/agenda/{event.id}"
    fields = form_fields(client.get(url).text, url)
    assert fields["repeat"] == "keep"
    assert client.post(url, data=fill(fields, title="Festival")).status_code == 302
    _db.session.expire_all()
    assert event.title == "Festival" and event.rrule == "FREQ=DAILY;COUNT=3"


def test_outsiders_are_refused(client, db):
    org = OrganizationFactory()
    event = create_published(org)
    other = signed_member(client)
    assert client.get(f"/gestion/{org.slug}/agenda/").status_code == 403
    assert client.get(f"/gestion/{org.slug}/agenda/nouveau").status_code == 403
    assert client.get(f"/gestion/{org.slug}/agenda/{event.id}").status_code == 403
    assert client.get(f"/gestion/{org.slug}/agenda/{event.id}/historique").status_code == 403
    # Their own organisation's URL does not reach another one's event.
    assert client.get(f"/gestion/{other.slug}/agenda/{event.id}").status_code == 404
    page = client.get(f"/gestion/{other.slug}/agenda/nouveau")
    response = client.post(f"/gestion/{org.slug}/agenda/{event.id}/annuler",
                           data={"csrf_token": csrf_token(text_of(page))})
    assert response.status_code == 403
    _db.session.expire_all()
    assert event.public_status == EventStatus.SCHEDULED
    anonymous = client.application.test_client()
    assert anonymous.get(f"/gestion/{org.slug}/agenda/nouveau").status_code == 302


def test_management_pages_link_to_the_agenda(client, db):
    org = signed_member(client)
    assert f"/gestion/{org.slug}/agenda/" in client.get(f"/gestion/{org.slug}").text
    index = client.get("/gestion/").text
    assert f"/gestion/{org.slug}/agenda/" in index and "/gestion/agenda/planning" in index


def test_clash_fragment_for_the_form_script(client, db):
    org = signed_member(client)
    planned("Concert à Pont", "pont-sur-yonne", (2027, 3, 20))
    query = {**TIMED, "commune": "pont-sur-yonne"}
    fragment = client.get(f"/gestion/{org.slug}/agenda/conflits", query_string=query)
    assert fragment.status_code == 200
    assert "Concert à Pont" in text_of(fragment) and "<html" not in fragment.text
    unreadable = client.get(f"/gestion/{org.slug}/agenda/conflits",
                            query_string={"start_date": "demain"})
    assert unreadable.status_code == 200 and unreadable.text.strip() == ""
    outsider = client.application.test_client()
    sign_in(outsider, UserFactory())
    assert outsider.get(f"/gestion/{org.slug}/agenda/conflits",
                        query_string=query).status_code == 403


def test_one_date_of_a_repeating_event_is_cancelled_then_restored(client, db):
    org = signed_member(client, trusted=True)
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2027-03-06"},
                        repeat="weekly", repeat_count="4")
    event = only_event(org)
    base = f"/gestion/{org.slug}/agenda/{event.id}"
    page = client.get(f"{base}/annuler")
    assert "Toutes les dates" in text_of(page) and "samedi 20 mars 2027 à 14h00" in text_of(page)
    key = paris(2027, 3, 20, 14).astimezone(UTC).isoformat()
    response = client.post(f"{base}/annuler", data={"csrf_token": csrf_token(text_of(page)),
                                                    "occurrence": key, "note": "Salle prise"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.public_status == EventStatus.SCHEDULED and event.sequence == 1
    found = recurrence.occurrences(event, paris(2027, 3, 1), paris(2027, 4, 1))
    assert [o.status for o in found] == ["scheduled", "scheduled", "cancelled", "scheduled"]
    assert found[2].note == "Salle prise"
    edit = text_of(client.get(base))
    assert "Dates annulées ou complètes" in edit
    assert "samedi 20 mars 2027 à 14h00 : <strong>Annulé</strong>" in edit
    # That date is no longer offered for cancelling; a date outside the event is refused.
    page = client.get(f"{base}/annuler")
    assert "samedi 20 mars 2027 à 14h00" not in text_of(page)
    wrong = client.post(f"{base}/annuler", data={
        "csrf_token": csrf_token(text_of(page)),
        "occurrence": paris(2027, 3, 21, 14).astimezone(UTC).isoformat()})
    assert wrong.status_code == 422

    client.post(f"{base}/reprogrammer", data={"csrf_token": csrf_token(edit),
                                              "occurrence": key})
    _db.session.expire_all()
    found = recurrence.occurrences(event, paris(2027, 3, 1), paris(2027, 4, 1))
    assert [o.status for o in found] == ["scheduled"] * 4
    history = text_of(client.get(f"{base}/historique"))
    assert "« Date du samedi 20 mars 2027 annulée. Salle prise »" in history
    assert "« Date du samedi 20 mars 2027 rétablie »" in history
    assert "20/03/2027 : Annulé" in history


def test_neighbours_come_from_the_territory_file_both_ways(app, db):
    from directory.agenda.planning import neighbours
    from directory.core.text import slugify
    from directory.taxonomy.territory import read_territory

    assert "villemanoche" in neighbours("pont-sur-yonne")
    assert "pont-sur-yonne" in neighbours("villemanoche")
    assert "perceneige" not in neighbours("pont-sur-yonne")
    assert neighbours(None) == set() and neighbours("ailleurs") == set()
    territory = read_territory()
    slugs = {slugify(c["name"]) for c in territory["communes"]}
    for row in territory["communes"]:
        listed = {slugify(n) for n in row["neighbours"]}
        assert listed and listed <= slugs and slugify(row["name"]) not in listed


# Past dates ---------------------------------------------------------------------------------


def test_a_past_date_is_refused_next_to_the_field_and_the_form_kept(client, db):
    org = signed_member(client, nom="Sou des écoles")
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2025-03-20"})
    assert response.status_code == 422
    page = text_of(response)
    assert "Cette date est passée (20 mars 2025)" in page
    assert 'value="Loto de l&#39;école"' in page or "value=\"Loto de l'école\"" in page
    assert _db.session.scalars(select(Event)).first() is None


def test_staff_may_record_a_past_event_and_are_warned(client, db):
    org = OrganizationFactory(nom="Sou des écoles")
    sign_in(client, UserFactory(role=Role.MODERATOR))
    response = post_new(client, org.slug, **{**TIMED, "start_date": "2025-03-20"})
    assert response.status_code == 302
    page = text_of(client.get(response.location))
    assert "Attention : cet événement est déjà passé" in page
    assert only_event(org).starts_at == paris(2025, 3, 20, 14, 0)


def test_an_event_already_over_can_still_be_corrected(client, db):
    org = signed_member(client, nom="Sou des écoles", trusted=True)
    event = EventFactory(organization=org, title="Loto", starts_at=paris(2025, 3, 20, 14, 0),
                         ends_at=paris(2025, 3, 20, 18, 0))
    _db.session.commit()
    url = f"/gestion/{org.slug}/agenda/{event.id}"
    fields = form_fields(text_of(client.get(url)), url)
    fields["description"] = "Merci aux 120 joueurs !"
    assert client.post(url, data=fields).status_code == 302
