"""The event form of members and staff, and its parts shared with the public proposal form.

The event form (members and staff), read into the `data` of operations.events, and the
small forms to postpone or cancel an event.
"""

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from directory.agenda import images as event_images
from directory.agenda import recurrence
from directory.agenda.models import Event
from directory.core.dates import PARIS, date_fr, today_paris
from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.core.text import french_order
from directory.core.uploads import CheckedFile, StorageError, UploadError
from directory.listings.forms.organization import (
    MultiCheckboxField,
    choices,
    commune_choices,
    public_choices,
    theme_choices,
)
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.vocabularies import ACCESSIBILITY_LABELS, FEES_LABELS, Fees

NONE, DATES, KEEP = "", "dates", "keep"
REPEAT_LABELS = {
    NONE: "Une seule fois",
    recurrence.WEEKLY: "Chaque semaine",
    recurrence.BIWEEKLY: "Une semaine sur deux",
    recurrence.MONTHLY_WEEKDAY: "Chaque mois, le même jour de la semaine (ex. : premier samedi)",
    DATES: "À plusieurs dates (liste ci-dessous)",
}
#: Rule-based choices, which need an end.
RULES = (recurrence.WEEKLY, recurrence.BIWEEKLY, recurrence.MONTHLY_WEEKDAY)
#: An event lasts at most this long; longer ones are repeating events.
MAX_LENGTH = timedelta(days=31)
MAX_COUNT = 100
#: A repetition ends within this time after its first date.
MAX_SPAN = timedelta(days=2 * 366)
DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def parse_dates(text: str | None) -> tuple[list[date], list[str]]:
    """Dates written one per line (or separated by commas or spaces): JJ/MM/AAAA or AAAA-MM-JJ.

    Returns the dates, sorted without duplicates, and what could not be read.
    """
    found, wrong = set(), []
    for token in re.split(r"[\s,;]+", text or ""):
        if not token:
            continue
        match = DATE_RE.match(token)
        try:
            if match and match.group(1):
                found.add(date(int(match.group(3)), int(match.group(2)), int(match.group(1))))
            elif match:
                found.add(date(int(match.group(4)), int(match.group(5)), int(match.group(6))))
            else:
                wrong.append(token)
        except ValueError:
            wrong.append(token)
    return sorted(found), wrong


def format_dates(values: list[date]) -> str:
    return "\n".join(d.strftime("%d/%m/%Y") for d in values)


def _web_url(form, field):
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError("Indiquez une adresse complète commençant par https:// "
                                  "(exemple : https://www.exemple.fr/inscription).")


def _text(label, max_length, required=False, area=False, message=None):
    first = InputRequired(message or "Ce champ est obligatoire.") if required else Optional()
    cls = TextAreaField if area else StringField
    return cls(label, validators=[
        first, Length(max=max_length, message=f"{max_length} caractères au plus."),
    ])


def _age(label):
    return IntegerField(label, validators=[
        Optional(), NumberRange(0, 120, "Indiquez un âge entre 0 et 120 ans."),
    ])


def place_choices(organization: Organization) -> list[SelectChoice]:
    """The organisation's addresses, then the territory's known venues."""
    own = sorted(organization.places, key=lambda p: p.id)
    own_ids = {p.id for p in own}
    venues = sorted(db.session.scalars(select(Place).where(Place.is_venue.is_(True))),
                    key=lambda p: (french_order(p.name or ""), p.id))
    result = [SelectChoice("", "Autre adresse (indiquée ci-dessous)")]
    result += [SelectChoice(str(p.id), p.one_line, optgroup="Nos adresses") for p in own]
    result += [SelectChoice(str(p.id), p.one_line, optgroup="Lieux du territoire")
               for p in venues if p.id not in own_ids]
    return result


class EventForm(BaseForm):
    #: The event's version the person started from (operations.events.current_number).
    base_version = HiddenField()
    title = _text("Titre", 200, required=True, message="Indiquez le titre de l'événement.")
    description = _text("Description", 5000, area=True)

    all_day = BooleanField("Toute la journée (sans horaire)")
    start_date = DateField("Date de début", format="%Y-%m-%d", validators=[
        InputRequired("Indiquez la date de l'événement.")])
    start_time = TimeField("Heure de début", format="%H:%M", validators=[Optional()])
    end_date = DateField("Date de fin (si l'événement dure plusieurs jours)", format="%Y-%m-%d",
                         validators=[Optional()])
    end_time = TimeField("Heure de fin", format="%H:%M", validators=[Optional()])

    repeat = SelectField("Répétition", choices=choices(REPEAT_LABELS.items()), default=NONE,
                         validate_choice=True)
    monthly_last = BooleanField("Chaque mois : le dernier jour de ce nom du mois "
                                "(au lieu du premier, deuxième…)")
    repeat_until = DateField("Jusqu'au (inclus)", format="%Y-%m-%d", validators=[Optional()])
    repeat_count = IntegerField("Ou nombre de fois", validators=[
        Optional(), NumberRange(2, MAX_COUNT, f"Indiquez un nombre entre 2 et {MAX_COUNT}.")])
    extra_dates = _text("Autres dates (une par ligne, JJ/MM/AAAA)", 5000, area=True)
    excluded_dates = _text("Dates sans l'événement (vacances, jours fériés… une par ligne, "
                           "JJ/MM/AAAA)", 5000, area=True)

    place = SelectField("Lieu", choices=[], validate_choice=True, default="")
    address = _text("Adresse (si le lieu n'est pas dans la liste)", 255)
    commune = SelectField("Commune", choices=[], validate_choice=True, default="")

    themes = SelectMultipleField("Thématiques", choices=[], validate_choice=True, coerce=str)
    publics = MultiCheckboxField("Publics", choices=[], validate_choice=True, coerce=str)
    age_min = _age("Âge minimum")
    age_max = _age("Âge maximum")
    frais = RadioField("Tarif", choices=choices(FEES_LABELS.items()), default=Fees.FREE,
                       validators=[InputRequired("Indiquez si l'entrée est gratuite.")])
    price_details = _text("Précisions sur le tarif (ex. : 5 €, gratuit pour les moins de "
                          "12 ans)", 255)
    registration_url = StringField("Lien d'inscription ou de billetterie", validators=[
        Optional(), Length(max=500, message="500 caractères au plus."), _web_url])
    accessibility = MultiCheckboxField("Accessible aux personnes en situation de handicap",
                                       choices=choices(ACCESSIBILITY_LABELS.items()),
                                       validate_choice=True, coerce=str)
    image = FileField("Image ou affiche (JPEG, PNG, WebP ou PDF, 4 Mo au plus)")
    remove_image = BooleanField("Retirer l'image")
    #: A file already checked and stored by an earlier, refused submission of this form:
    #: browsers cannot fill a file input again, so the page carries its name instead.
    uploaded_image = HiddenField()
    comment = _text("Commentaire (facultatif, visible dans l'historique)", 500, area=True)

    check = SubmitField("Vérifier les dates")
    submit = SubmitField("Enregistrer")

    def __init__(self, *args, organization: Organization, event: Event | None = None,
                 allow_past: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._organization = organization
        self._event = event
        #: Staff may record a past event (for the record); others are told the date is past.
        self._allow_past = allow_past
        #: Set by validate(): the event is over already (staff only get that far).
        self.is_past = False
        self.themes.choices = theme_choices()
        self.publics.choices = public_choices()
        self.commune.choices = [SelectChoice("", "Choisir une commune"), *commune_choices()]
        self.place.choices = place_choices(organization)
        if event is not None and event.place is not None and str(event.place_id) not in {
            c.value for c in self.place.choices
        }:  # an address since removed from the listing stays possible for this event
            self.place.choices.append(SelectChoice(str(event.place_id), event.place.one_line,
                                                   optgroup="Lieu actuel"))
        if event is not None and event.rrule and _repeat_of(event.rrule)[0] == KEEP:
            self.repeat.choices = [*self.repeat.choices,
                                   SelectChoice(KEEP, "Répétition importée, gardée telle quelle")]
        #: The stored image or flyer for event_data(): kept from an earlier submission, or
        #: set by store_image().
        self.image_name = None
        #: A new upload, checked by validate() and not written yet.
        self.image_upload: CheckedFile | None = None
        #: (start, end): aware datetimes, or dates with the end excluded; set by validate().
        self.when = None

    # Reading ------------------------------------------------------------------------------

    @property
    def base_number(self) -> int:
        raw = self.base_version.data or "0"
        return int(raw) if raw.isdigit() else -1

    def is_check(self) -> bool:
        """« Vérifier les dates »: show the clashes, save nothing."""
        return bool(self.check.data)

    def validate_image(self, field):
        # Only checked here (the error sits next to the field): the view writes the file with
        # store_image(), so a validation alone never leaves a file behind.
        self.image_upload = None
        if field.data and getattr(field.data, "filename", None):
            self.uploaded_image.data = ""  # a new file replaces the one kept before
            try:
                self.image_upload = event_images.check(field.data.stream)
            except UploadError as error:
                raise ValidationError(str(error)) from None
        elif event_images.is_stored(self.uploaded_image.data):
            self.image_name = self.uploaded_image.data
        else:
            self.uploaded_image.data = ""

    def store_image(self) -> bool:
        """Writes the upload checked by validation, if any: before the event is saved, or so
        that a refused form shown again keeps it (`uploaded_image` then names it)."""
        if self.image_upload is None:
            return True
        try:
            self.image_name = event_images.store(self.image_upload)
        except StorageError as error:
            # Said next to the field; the file is to be chosen again, nothing else is lost.
            self.image_upload = None
            self.image.errors = [*self.image.errors, str(error)]
            return False
        self.uploaded_image.data = self.image_name
        self.image_upload = None
        return True

    def validate_age_max(self, field):
        if field.data is not None and self.age_min.data is not None \
                and field.data < self.age_min.data:
            raise ValidationError("L'âge maximum doit être au moins égal à l'âge minimum.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        checks = [self._check_times(), self._check_place(), self._check_repeat(),
                  self._check_price()]
        return valid and all(checks) and self._check_not_past()

    def _check_not_past(self) -> bool:
        """A date typed in the past is most often a slip (the wrong year or month)."""
        start_day = self.start_date.data
        last_day = self.repeat_until.data if self.repeat.data in RULES else None
        if start_day is None or max(start_day, last_day or start_day) >= today_paris():
            return True
        stored = self._event
        if stored is not None and _first_day(stored) == start_day:
            return True  # an event already over, corrected for the record
        self.is_past = True
        if self._allow_past:
            return True
        return self._error(self.start_date, f"Cette date est passée ({date_fr(start_day)}) : "
                           "l'agenda annonce les événements à venir. Vérifiez le jour, le mois "
                           "et l'année.")

    def read_dates(self) -> None:
        """Fill `when` from data given to the form (editing), without validating anything."""
        fields = (self.start_date, self.start_time, self.end_date, self.end_time)
        errors = [f.errors for f in fields]
        self._check_times()
        for f, before in zip(fields, errors, strict=True):
            f.errors = before

    def _error(self, field, message: str) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _check_times(self) -> bool:
        start_day = self.start_date.data
        if start_day is None:
            return False
        end_day = self.end_date.data or start_day
        if end_day < start_day:
            return self._error(self.end_date, "La date de fin doit suivre la date de début.")
        if self.all_day.data:
            self.when = (start_day, end_day + timedelta(days=1))
        else:
            if self.start_time.data is None and not self.start_time.errors:
                return self._error(self.start_time, "Indiquez l'heure de début, ou cochez "
                                                    "« Toute la journée ».")
            if self.end_time.data is None and not self.end_time.errors:
                return self._error(self.end_time, "Indiquez l'heure de fin.")
            if self.start_time.data is None or self.end_time.data is None:
                return False
            start = datetime.combine(start_day, self.start_time.data, tzinfo=PARIS)
            end = datetime.combine(end_day, self.end_time.data, tzinfo=PARIS)
            if end <= start:
                return self._error(self.end_time, "L'heure de fin doit suivre l'heure de début. "
                                   "Si l'événement finit après minuit, indiquez aussi la "
                                   "date de fin.")
            self.when = (start, end)
        start, end = self.when
        if end - start > MAX_LENGTH + timedelta(days=1 if self.all_day.data else 0):
            self.when = None
            return self._error(self.end_date, "Un événement dure 31 jours au plus ; pour une "
                                              "activité régulière, choisissez une répétition.")
        return True

    def _check_price(self) -> bool:
        # Not an inline validator: Optional() stops the chain on an empty field.
        if self.frais.data == Fees.PAID and not self.price_details.data:
            return self._error(self.price_details, "Indiquez le prix (ex. : 5 €, gratuit pour "
                                                   "les moins de 12 ans).")
        return True

    def _check_place(self) -> bool:
        if not self.place.data and not self.commune.data:
            return self._error(self.commune, "Choisissez un lieu dans la liste, ou indiquez "
                                             "l'adresse et sa commune.")
        return True

    def _check_repeat(self) -> bool:
        kind = self.repeat.data
        start_day = self.start_date.data
        ok = True
        # Excluded dates only count for a repeating event (the field is hidden otherwise).
        excluded, wrong = parse_dates(self.excluded_dates.data if kind != NONE else "")
        if wrong:
            ok = self._error(self.excluded_dates, _unreadable(wrong))
        if kind in RULES:
            until, count = self.repeat_until.data, self.repeat_count.data
            if until is None and count is None and not (self.repeat_until.errors
                                                        or self.repeat_count.errors):
                ok = self._error(self.repeat_until, "Indiquez jusqu'à quand l'événement se "
                                                    "répète, ou combien de fois.")
            elif until is not None and count is not None:
                ok = self._error(self.repeat_count, "Indiquez une date de fin ou un nombre de "
                                                    "fois, pas les deux.")
            elif until is not None and start_day is not None:
                if until <= start_day:
                    ok = self._error(self.repeat_until, "La répétition doit se terminer après "
                                                        "la première date.")
                elif until - start_day > MAX_SPAN:
                    ok = self._error(self.repeat_until, "Une répétition dure deux ans au plus.")
            if kind == recurrence.MONTHLY_WEEKDAY and self.monthly_last.data and start_day \
                    and (start_day + timedelta(days=7)).month == start_day.month:
                ok = self._error(self.monthly_last, f"Le {date_fr(start_day, 'EEEE d MMMM')} "
                                 "n'est pas le dernier de ce nom du mois : choisissez une "
                                 "première date qui l'est.")
        elif kind == DATES:
            extra, wrong = parse_dates(self.extra_dates.data)
            if wrong:
                ok = self._error(self.extra_dates, _unreadable(wrong))
            elif not extra:
                ok = self._error(self.extra_dates, "Indiquez les autres dates de l'événement.")
            elif start_day is not None and extra[0] <= start_day:
                ok = self._error(self.extra_dates, "Les autres dates doivent suivre la date de "
                                                   "début (la première date).")
            elif start_day is not None and extra[-1] - start_day > MAX_SPAN:
                ok = self._error(self.extra_dates, "Les dates s'étalent sur deux ans au plus.")
            elif len(extra) >= MAX_COUNT:
                ok = self._error(self.extra_dates, f"{MAX_COUNT} dates au plus.")
        if ok and excluded and self.when is not None and kind != NONE:
            preview = self.preview_event()
            days = _occurrence_days(preview)
            outside = [d for d in excluded if d not in days]
            if outside:
                ok = self._error(self.excluded_dates, "Ces dates ne font pas partie des dates "
                                 "de l'événement : " + ", ".join(d.strftime("%d/%m/%Y")
                                                                for d in outside) + ".")
        return ok

    # Building -----------------------------------------------------------------------------

    def _moment(self, day: date) -> str:
        if self.all_day.data:
            return day.isoformat()
        return datetime.combine(day, self.start_time.data, tzinfo=PARIS).isoformat()

    def _rule(self) -> tuple[str | None, list[str], list[str]]:
        kind = self.repeat.data
        start_day = self.start_date.data
        rrule, rdates = None, []
        if kind in RULES:
            rrule = recurrence.build_rrule(
                kind, start_day, all_day=bool(self.all_day.data),
                start_time=None if self.all_day.data else self.start_time.data,
                until=self.repeat_until.data, count=self.repeat_count.data,
                nth=-1 if kind == recurrence.MONTHLY_WEEKDAY and self.monthly_last.data
                else None,
            )
        elif kind == KEEP and self._event is not None:
            rrule = self._event.rrule
        elif kind == DATES:
            rdates = [self._moment(d) for d in parse_dates(self.extra_dates.data)[0]]
        exdates = []
        if kind != NONE:
            exdates = [self._moment(d) for d in parse_dates(self.excluded_dates.data)[0]]
        return rrule, rdates, exdates

    def preview_event(self) -> Event | None:
        """A transient Event (never added to the session) with the typed dates, for clashes."""
        if self.when is None:
            return None
        event = Event(title=self.title.data or "", accessibility=[], overrides=[])
        start, end = self.when
        if self.all_day.data:
            event.set_days(start, end)
        else:
            event.set_times(start.astimezone(UTC), end.astimezone(UTC))
        try:
            event.rrule, event.rdates, event.exdates = self._rule()
        except (ValueError, TypeError):
            event.rrule, event.rdates, event.exdates = None, [], []
        event.public_status = "scheduled"
        return event

    def commune_slug(self) -> str | None:
        """The commune of the chosen place, else the commune chosen."""
        if self.place.data:
            if not str(self.place.data).isdigit():
                return None
            place = db.session.get(Place, int(self.place.data))
            return place.commune.slug if place is not None else None
        return self.commune.data or None

    def event_data(self) -> dict:
        """What operations.events.create_event / update_event expect (form validated)."""
        start, end = self.when
        data = {"all_day": bool(self.all_day.data)}
        if self.all_day.data:
            data.update(start_date=start, end_date=end)
        else:
            data.update(starts_at=start.astimezone(UTC), ends_at=end.astimezone(UTC))
        data["rrule"], data["rdates"], data["exdates"] = self._rule()
        data.update(
            title=self.title.data,
            description=_clean(self.description.data),
            place_id=int(self.place.data) if self.place.data else None,
            address=None if self.place.data else _clean(self.address.data),
            commune=None if self.place.data else self.commune.data,
            themes=sorted(self.themes.data or []),
            publics=sorted(self.publics.data or []),
            frais=self.frais.data or Fees.FREE,
            price_details=_clean(self.price_details.data),
            registration_url=_clean(self.registration_url.data),
            accessibility=sorted(self.accessibility.data or []),
            age_min=self.age_min.data,
            age_max=self.age_max.data,
        )
        if self.image_name:
            data["image"] = self.image_name
        elif self.remove_image.data:
            data["image"] = None
        return data

    @staticmethod
    def data_from(event: Event) -> dict:
        """Form data for an existing event."""
        data = {
            "title": event.title, "description": event.description or "",
            "all_day": event.all_day,
            "place": str(event.place_id) if event.place_id else "",
            "address": event.address or "",
            "commune": event.commune.slug if event.commune and not event.place_id else "",
            "themes": [t.slug for t in event.themes], "publics": [p.slug for p in event.publics],
            "frais": event.frais or Fees.FREE, "price_details": event.price_details or "",
            "registration_url": event.registration_url or "",
            "accessibility": list(event.accessibility or []),
            "age_min": event.age_min, "age_max": event.age_max,
        }
        if event.all_day:
            data["start_date"] = event.start_date
            last = event.end_date - timedelta(days=1)
            data["end_date"] = last if last != event.start_date else None
        else:
            start, end = event.starts_at.astimezone(PARIS), event.ends_at.astimezone(PARIS)
            data.update(start_date=start.date(), start_time=start.time().replace(tzinfo=None),
                        end_date=end.date() if end.date() != start.date() else None,
                        end_time=end.time().replace(tzinfo=None))
        if event.rrule:
            kind, until, count, last = _repeat_of(event.rrule)
            data.update(repeat=kind, repeat_until=until, repeat_count=count, monthly_last=last)
        elif event.rdates:
            data["repeat"] = DATES
            data["extra_dates"] = format_dates(_days(event.rdates))
        data["excluded_dates"] = format_dates(_days(event.exdates or []))
        return data


def _clean(value):
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    return value or None


def _unreadable(wrong: list[str]) -> str:
    shown = ", ".join(f"« {w} »" for w in wrong[:5])
    return f"Ces dates ne sont pas lisibles : {shown}. Écrivez-les JJ/MM/AAAA, une par ligne."


def _days(values: list[str]) -> list[date]:
    days = set()
    for value in values:
        if len(value) == 10:
            days.add(date.fromisoformat(value))
        else:
            days.add(datetime.fromisoformat(value).astimezone(PARIS).date())
    return sorted(days)


def _repeat_of(rule: str) -> tuple[str, date | None, int | None, bool]:
    """The form's choices for a stored rule; KEEP for a rule the form cannot write."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    interval = parts.get("INTERVAL", "1")
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    extra = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}
    kind = KEEP
    last = False
    if not extra and len(days) == 1:
        if parts.get("FREQ") == "WEEKLY" and interval in ("1", "2") and days[0] in \
                recurrence.ICAL_DAYS:
            kind = recurrence.WEEKLY if interval == "1" else recurrence.BIWEEKLY
        elif parts.get("FREQ") == "MONTHLY" and interval == "1":
            match = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", days[0])
            if match and match.group(1) in ("1", "2", "3", "4", "5", "+1", "-1"):
                kind = recurrence.MONTHLY_WEEKDAY
                last = match.group(1) == "-1"
    until = None
    if "UNTIL" in parts:
        value = parts["UNTIL"]
        if value.endswith("Z"):
            until = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=UTC).astimezone(PARIS).date()
        else:
            until = datetime.strptime(value[:8], "%Y%m%d").date()
    count = int(parts["COUNT"]) if parts.get("COUNT", "").isdigit() else None
    return kind, until, count, last


def _occurrence_days(event: Event) -> set[date]:
    """The days on which an event's occurrences start (rule and extra dates, no exclusions)."""
    start = event.starts_at
    probe = Event(all_day=event.all_day, start_date=event.start_date, end_date=event.end_date,
                  starts_at=event.starts_at, ends_at=event.ends_at, rrule=event.rrule,
                  rdates=event.rdates, exdates=[], overrides=[], title="",
                  public_status="scheduled")
    found = recurrence.occurrences(probe, start, start + MAX_SPAN + timedelta(days=40))
    return {o.start if isinstance(o.start, date) and not isinstance(o.start, datetime)
            else o.start.astimezone(PARIS).date() for o in found}


class PostponeForm(BaseForm):
    new_date = DateField("Nouvelle date (laisser vide si elle n'est pas encore connue)",
                         format="%Y-%m-%d", validators=[Optional()])
    new_time = TimeField("Nouvelle heure de début", format="%H:%M", validators=[Optional()])
    note = _text("Message affiché avec l'événement (ex. : « Reporté pour cause de météo »)",
                 500, area=True)
    submit = SubmitField("Reporter l'événement")

    def new_start(self, event: Event):
        """The new start (a date for all-day events), None when not known yet."""
        if self.new_date.data is None:
            return None
        if event.all_day:
            return self.new_date.data
        clock = self.new_time.data or event.starts_at.astimezone(PARIS).time().replace(
            tzinfo=None)
        return datetime.combine(self.new_date.data, clock, tzinfo=PARIS).astimezone(UTC)


class CancelForm(BaseForm):
    #: For a repeating event: one date only ("" for all of them); choices set by the view.
    occurrence = SelectField("Quelle date ?", choices=[], validate_choice=True, default="")
    note = _text("Motif, affiché avec l'événement (facultatif)", 500, area=True)
    submit = SubmitField("Annuler")


def _first_day(event: Event) -> date:
    if event.all_day and event.start_date is not None:
        return event.start_date
    return event.starts_at.astimezone(PARIS).date()
