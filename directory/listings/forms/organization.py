"""Editing a listing: the organisation, activity, address and contact forms, read into snapshots."""

import re
from datetime import date
from urllib.parse import urlsplit

from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.core.text import french_order
from directory.core.uploads import CheckedFile, StorageError, UploadError
from directory.listings import logos
from directory.listings.identifiers import normalize_identifier, rna_error, siret_error
from directory.listings.models.organization import Organization
from directory.listings.revisions import (
    CONTACT_FIELDS,
    DATE_FIELDS,
    FORM_FIELDS,
    PLACE_FIELDS,
    SERVICE_FIELDS,
    VISIBILITY_LABELS,
)
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    ACCESSIBILITY_LABELS,
    FEES_LABELS,
    MOBILISATION_MODE_LABELS,
    MOBILISER_LABELS,
    RECEPTION_DETAIL_LABELS,
    RECEPTION_DETAIL_MODES,
    RECEPTION_MODE_LABELS,
)

LONG = 5000


def _text(label, max_length, required=False, area=False, message=None):
    first = InputRequired(message or "Ce champ est obligatoire.") if required else Optional()
    cls = TextAreaField if area else StringField
    return cls(label, validators=[
        first, Length(max=max_length, message=f"{max_length} caractères au plus."),
    ])


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _multi(label, checkboxes=True):
    cls = MultiCheckboxField if checkboxes else SelectMultipleField
    return cls(label, choices=[], validate_choice=True, coerce=str)


def theme_choices() -> list[SelectChoice]:
    """Two levels: each parent theme is a group, itself selectable first."""
    parents = db.session.scalars(
        select(Theme).where(Theme.parent_id.is_(None)).order_by(Theme.position, Theme.name)
    )
    return [
        choice
        for p in parents
        for choice in [
            SelectChoice(p.slug, f"{p.name} (en général)", optgroup=p.name),
            *(SelectChoice(c.slug, c.name, optgroup=p.name) for c in p.children),
        ]
    ]


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def public_choices() -> list[SelectChoice]:
    publics = db.session.scalars(select(Public).order_by(Public.position))
    return choices((p.slug, p.name) for p in publics)


def commune_choices() -> list[SelectChoice]:
    communes = db.session.scalars(select(Commune).where(Commune.in_territory.is_(True)))
    return choices((c.slug, c.name) for c in sorted(communes, key=lambda c: french_order(c.name)))


def _clean(value):
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    if isinstance(value, date):
        return value.isoformat()
    return value


class SnapshotForm(BaseForm):
    """A form whose named fields map one to one onto a snapshot's keys."""

    #: The version the person started from (see operations.revisions.save).
    base_revision = HiddenField()
    comment = _text("Commentaire (facultatif, visible dans l'historique)", 500, area=True)
    submit = SubmitField("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self:
            self.themes.choices = theme_choices()
            self.publics.choices = public_choices()
            self.communes.choices = commune_choices()

    @property
    def base_number(self) -> int:
        raw = self.base_revision.data or "0"
        return int(raw) if raw.isdigit() else -1

    def read(self, names) -> dict:
        """What was typed, for these keys only (never status, owner or moderation fields)."""
        data = {}
        for name in names:
            value = _clean(self[name].data)
            if isinstance(value, list):
                value = sorted(value)
            data[name] = value
        return data

    @staticmethod
    def data_from(snapshot_part: dict) -> dict:
        """Form data from a snapshot, to fill the form in."""
        data = dict(snapshot_part)
        for name in DATE_FIELDS & data.keys():
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        return data


def _identifier(check):
    def validator(form, field):
        field.data = normalize_identifier(field.data)
        if field.data:
            error = check(field.data)
            if error:
                raise ValidationError(error)

    return validator


def _web_url(form, field):
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(
                "Indiquez une adresse complète commençant par https:// (exemple : "
                "https://www.exemple.fr)."
            )


def normalize_phone(value: str | None) -> str | None:
    """A French number written the usual way, "03 86 12 34 56"; None when it is not one."""
    digits = re.sub(r"[\s.\-/()]", "", value or "")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if digits.startswith("00"):
        return None
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        return None
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def _phone(form, field):
    if field.data:
        phone = normalize_phone(field.data)
        if phone is None:
            raise ValidationError("Indiquez un numéro de téléphone français à 10 chiffres "
                                  "(exemple : 03 86 12 34 56).")
        field.data = phone


def _email_field(label="Courriel"):
    return StringField(label, validators=[
        Optional(), Length(max=254, message="254 caractères au plus."),
        Email("Cette adresse électronique n'est pas valide (exemple : contact@exemple.fr)."),
    ])


def _optional_id(value) -> str:
    return "" if value in (None, "") else str(value)


class OrganizationForm(SnapshotForm):
    nom = _text("Nom", 150, required=True, message="Indiquez le nom de l'organisation.")
    sigle = _text("Sigle", 40)
    rna = StringField("Numéro RNA", validators=[Optional(), _identifier(rna_error)])
    siret = StringField("SIRET", validators=[Optional(), _identifier(siret_error)])
    presentation_resume = _text("Présentation courte (une ou deux phrases)", 280, area=True)
    description = _text("Description", LONG, area=True)
    easy_read = _text("Texte «\u00a0Facile à lire\u00a0» (facultatif)", LONG, area=True)
    telephone = StringField("Téléphone", validators=[Optional(), _phone])
    courriel = _email_field()
    site_web = StringField("Site internet", validators=[
        Optional(), Length(max=500, message="500 caractères au plus."), _web_url,
    ])
    horaires_accueil = _text("Horaires d'accueil", 2000, area=True)
    accessibility = _multi("Accueil adapté")
    accessibility_details = _text("Précisions sur l'accessibilité", 2000, area=True)
    membership_fee = _text("Adhésion", 255)
    volunteers_wanted = BooleanField("Nous recherchons des bénévoles")
    volunteers_details = _text("Précisions sur le bénévolat", 2000, area=True)
    notice = _text("Information temporaire (par exemple « Fermé en août »)", 500)
    notice_starts_on = DateField("Afficher à partir du", validators=[Optional()],
                                 format="%Y-%m-%d")
    notice_ends_on = DateField("Afficher jusqu'au", validators=[Optional()], format="%Y-%m-%d")
    themes = _multi("Thématiques", checkboxes=False)
    publics = _multi("Publics")
    communes = _multi("Communes d'intervention")
    logo = FileField("Logo (PNG, JPEG, GIF ou WebP, 2 Mo au plus)")
    #: A logo sent with a form that was refused for another field: checked and stored already,
    #: so that the person does not have to choose it again.
    uploaded_logo = HiddenField()
    remove_logo = BooleanField("Retirer le logo")

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        self._organization = organization
        #: A new logo, checked by validate() and not written yet; its name once store_logo()
        #: wrote it.
        self.logo_upload: CheckedFile | None = None
        self.logo_name: str | None = None
        super().__init__(*args, **kwargs)
        self.accessibility.choices = choices(ACCESSIBILITY_LABELS.items())

    def validate_rna(self, field):
        if not field.data:
            return
        query = select(Organization.id).where(Organization.rna == field.data)
        if self._organization is not None:
            query = query.where(Organization.id != self._organization.id)
        if db.session.scalar(query) is not None:
            raise ValidationError("Une autre fiche de l'annuaire porte déjà ce numéro RNA.")

    def validate_logo(self, field):
        # Checked by content and resized here so that the error sits next to the field; the
        # view writes it with store_logo() once the whole form is valid.
        self.logo_upload = None
        if field.data and getattr(field.data, "filename", None):
            self.uploaded_logo.data = ""  # a new file replaces the one kept before
            try:
                self.logo_upload = logos.check(field.data.stream)
            except UploadError as error:
                raise ValidationError(str(error)) from None
        elif logos.is_stored(self.uploaded_logo.data):
            self.logo_name = self.uploaded_logo.data
        else:
            self.uploaded_logo.data = ""

    def store_logo(self) -> bool:
        """Writes the logo checked by validation, if any: before the listing is saved, or so
        that a refused form shown again keeps it (`uploaded_logo` then names it)."""
        if self.logo_upload is None:
            return True
        try:
            self.logo_name = logos.store(self.logo_upload)
        except StorageError as error:
            # Said next to the field; the file is to be chosen again, nothing else is lost.
            self.logo_upload = None
            self.logo.errors = [*self.logo.errors, str(error)]
            return False
        self.uploaded_logo.data = self.logo_name
        self.logo_upload = None
        return True

    def validate_notice_ends_on(self, field):
        start = self.notice_starts_on.data
        if field.data and start and field.data < start:
            raise ValidationError("La date de fin doit suivre la date de début.")

    def edited_fields(self, snapshot: dict) -> list[str]:
        """Labels of the fields whose posted value differs from the listing's `snapshot`
        (as revisions.snapshot_of gives it), a new logo or its removal included."""
        shown = type(self)(formdata=None, data=self.data_from(
            {**snapshot["fields"], **{r: snapshot[r] for r in ("themes", "publics", "communes")}}
        ))
        names = [*FORM_FIELDS, "themes", "publics", "communes"]
        # An empty field posts "" where the listing holds None: both mean « nothing ».
        edited = [str(self[n].label.text) for n in names
                  if (self[n].data or None) != (shown[n].data or None)]
        if getattr(self.logo.data, "filename", None) or self.uploaded_logo.data:
            edited.append("Logo")
        if self.remove_logo.data:
            edited.append(str(self.remove_logo.label.text))
        return edited

    def snapshot_part(self) -> dict:
        data = self.read([*FORM_FIELDS, "themes", "publics", "communes"])
        data["volunteers_wanted"] = bool(data["volunteers_wanted"])
        data["accessibility"] = [v for v in ACCESSIBILITY_LABELS if v in data["accessibility"]]
        if self.logo_name:
            data["logo"] = self.logo_name
        elif self.remove_logo.data:
            data["logo"] = None
        return data


class PermanenceForm(Form):
    """One itinerant permanence: a commune, a place there, days and hours."""

    commune = SelectField("Commune", choices=[], validate_choice=False)
    lieu = StringField("Lieu (par exemple « Mairie, salle du conseil »)", validators=[
        Optional(), Length(max=200, message="200 caractères au plus.")])
    horaires = StringField("Jours et heures (par exemple « 1er et 3e mardis, 9 h – 12 h »)",
                           validators=[Optional(),
                                       Length(max=300, message="300 caractères au plus.")])

    def validate_commune(self, field):
        if (self.lieu.data or self.horaires.data) and not field.data:
            raise ValidationError("Choisissez la commune de la permanence.")
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choisissez la commune dans la liste.")


def _referral_email_field(label):
    return StringField(label, validators=[
        Optional(), Length(max=254, message="254 caractères au plus."),
        Email("Cette adresse électronique n'est pas valide (exemple : contact@exemple.fr)."),
    ])


class ServiceForm(SnapshotForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):  # they refuse filters
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    nom = _text("Nom de l'activité", 150, required=True, message="Indiquez le nom de l'activité.")
    description = _text("Description", LONG, area=True)
    age_min = IntegerField("Âge minimum", validators=[
        Optional(), NumberRange(0, 120, "Indiquez un âge entre 0 et 120 ans."),
    ])
    age_max = IntegerField("Âge maximum", validators=[
        Optional(), NumberRange(0, 120, "Indiquez un âge entre 0 et 120 ans."),
    ])
    horaires = _text("Horaires", 2000, area=True)
    frais = SelectField("Tarif", choices=choices([("", "Non précisé"), *FEES_LABELS.items()]),
                        validate_choice=True, default="")
    frais_precisions = _text("Précisions sur le tarif", 500)
    place_id = SelectField("Lieu de l'activité", choices=[], coerce=_optional_id,
                           validate_choice=False)
    conditions_acces = _text("Conditions d'accès", 2000, area=True)
    modalites_accueil = _multi("Modes d'accueil")
    permanences = FieldList(FormField(PermanenceForm), min_entries=1)
    justificatifs = _text("Documents à apporter", 2000, area=True)
    modes_mobilisation = _multi("Comment solliciter le service")
    mobilisable_par = _multi("Qui peut le solliciter")
    lien_mobilisation = StringField("Formulaire en ligne (adresse)", validators=[
        Optional(), Length(max=500, message="500 caractères au plus."), _web_url,
    ])
    mobilisation_precisions = _text("Précisions pour solliciter le service", 2000, area=True)
    # Professionals only (models.service.PRO_ONLY_FIELDS).
    orientation_modes = _multi("Comment un professionnel oriente quelqu'un")
    orientation_courriel = _referral_email_field("Courriel d'orientation")
    orientation_telephone = StringField("Ligne directe", validators=[Optional(), _phone])
    orientation_precisions = _text("Comment orienter (fiche de liaison, pièces à joindre…)", 2000,
                                   area=True)
    notes_professionnels = _text("Notes pour les professionnels", 2000, area=True)
    themes = _multi("Thématiques", checkboxes=False)
    publics = _multi("Publics")
    communes = _multi("Communes concernées")

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        data = kwargs.get("data")
        if data is not None and not data.get("modalites_accueil"):
            # Listings from before the finer modes: start from their data·inclusion modes.
            start = {"en-presentiel": "sur-place", "a-distance": "telephone"}
            data["modalites_accueil"] = [start[m] for m in data.get("modes_accueil") or []
                                         if m in start]
        super().__init__(*args, **kwargs)
        self.modalites_accueil.choices = choices(RECEPTION_DETAIL_LABELS.items())
        self.modes_mobilisation.choices = choices(MOBILISATION_MODE_LABELS.items())
        self.orientation_modes.choices = choices(MOBILISATION_MODE_LABELS.items())
        self.mobilisable_par.choices = choices(MOBILISER_LABELS.items())
        if not self.is_submitted() and all(e.form.commune.data for e in self.permanences):
            self.permanences.append_entry()  # one blank row to add a permanence
        communes = choices([("", "Choisissez la commune"),
                            *((c.value, c.label) for c in commune_choices())])
        for entry in self.permanences:
            entry.form.commune.choices = communes
        places = sorted(organization.places, key=lambda p: p.id) if organization else []
        self.place_id.choices = choices([("", "Non précisé"),
                                         *((p.id, p.one_line) for p in places)])

    def validate_place_id(self, field):
        # Only one of the listing's own addresses (checked here for a French message).
        if field.data and field.data not in {c.value for c in self.place_id.choices}:
            raise ValidationError("Choisissez l'une des adresses de la fiche.")

    def validate_age_max(self, field):
        minimum = self.age_min.data
        if field.data is not None and minimum is not None and field.data < minimum:
            raise ValidationError("L'âge maximum doit être supérieur ou égal à l'âge minimum.")

    def snapshot_part(self) -> dict:
        names = [n for n in SERVICE_FIELDS if n not in ("modes_accueil", "permanences")]
        data = self.read([*names, "themes", "publics", "communes"])
        for name, labels in (("modalites_accueil", RECEPTION_DETAIL_LABELS),
                             ("modes_mobilisation", MOBILISATION_MODE_LABELS),
                             ("orientation_modes", MOBILISATION_MODE_LABELS),
                             ("mobilisable_par", MOBILISER_LABELS)):
            data[name] = [v for v in labels if v in (data[name] or [])]
        modes = {RECEPTION_DETAIL_MODES[v] for v in data["modalites_accueil"]}
        data["modes_accueil"] = [v for v in RECEPTION_MODE_LABELS if v in modes]
        data["permanences"] = [
            {name: _clean(entry.form[name].data) for name in ("commune", "lieu", "horaires")}
            for entry in self.permanences if entry.form.commune.data
        ]
        data["place_id"] = int(data["place_id"]) if data["place_id"] else None
        return data


class ContactForm(SnapshotForm):
    label = _text("Nom ou fonction", 150, required=True,
                  message="Indiquez un nom ou une fonction (par exemple « Accueil »).")
    role = _text("Rôle", 150)
    telephone = StringField("Téléphone", validators=[Optional(), _phone])
    courriel = _email_field()
    visibility = SelectField("Qui peut voir ce contact ?",
                             choices=choices(VISIBILITY_LABELS.items()),
                             default="public", validate_choice=False)
    service_id = SelectField("Contact pour", choices=[], coerce=_optional_id,
                             validate_choice=False)

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        services = [s for s in organization.services if s.archived_at is None] \
            if organization else []
        self.service_id.choices = choices([("", "Toute la structure"),
                                           *((s.id, f"L'activité « {s.nom} »") for s in services)])

    def validate_visibility(self, field):
        if field.data not in VISIBILITY_LABELS:
            raise ValidationError("Choisissez qui peut voir ce contact.")

    def validate_service_id(self, field):
        if field.data and field.data not in {c.value for c in self.service_id.choices}:
            raise ValidationError("Choisissez l'une des activités de la fiche.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.telephone.data and not self.courriel.data and not self.courriel.errors:
            self.courriel.errors.append("Indiquez au moins un téléphone ou un courriel.")
            valid = False
        return valid

    def snapshot_part(self) -> dict:
        data = self.read(CONTACT_FIELDS)
        data["service_id"] = int(data["service_id"]) if data["service_id"] else None
        return data


def _coordinate(name: str, limit: int):
    def validator(form, field):
        if not field.data:
            return
        try:
            value = float(field.data.replace(",", ".").replace(" ", ""))
        except ValueError:
            value = None
        if value is None or not -limit <= value <= limit:
            raise ValidationError(f"Indiquez la {name} en degrés décimaux, entre -{limit} et "
                                  f"{limit} (exemple : {'47,98' if limit == 90 else '3,27'}).")
        field.data = value

    return validator


class PlaceForm(SnapshotForm):
    name = _text("Nom du lieu (facultatif, par exemple « Salle des fêtes »)", 150)
    adresse = _text("Adresse", 255, required=True,
                    message="Indiquez l'adresse (numéro et rue, ou lieu-dit).")
    complement_adresse = _text("Complément d'adresse", 255)
    code_postal = StringField("Code postal", validators=[Optional()])
    commune = SelectField("Commune", choices=[], validate_choice=False)
    latitude = StringField("Latitude (facultatif)", validators=[Optional(),
                                                                _coordinate("latitude", 90)])
    longitude = StringField("Longitude (facultatif)", validators=[Optional(),
                                                                  _coordinate("longitude", 180)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communes = sorted(db.session.scalars(select(Commune)), key=lambda c: french_order(c.name))
        self.commune.choices = choices([("", "Choisissez la commune"),
                                        *((c.slug, c.name) for c in communes)])

    def validate_commune(self, field):
        if not field.data or field.data not in {c.value for c in self.commune.choices}:
            raise ValidationError("Choisissez la commune dans la liste.")

    def validate_code_postal(self, field):
        if field.data and not re.fullmatch(r"\d{5}", field.data):
            raise ValidationError("Le code postal compte 5 chiffres (exemple : 89100).")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        latitude, longitude = self.latitude, self.longitude
        if not (latitude.errors or longitude.errors) and (
            (latitude.data in (None, "")) != (longitude.data in (None, ""))
        ):
            longitude.errors.append("Indiquez la latitude et la longitude, ou aucune des deux.")
            valid = False
        return valid

    def snapshot_part(self) -> dict:
        return self.read(PLACE_FIELDS)

