"""Editing a listing: the organisation form and the activity form, both read into snapshots."""

from datetime import date
from urllib.parse import urlsplit

from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
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

from directory import logos
from directory.extensions import db
from directory.forms.base import BaseForm
from directory.identifiers import normalize_identifier, rna_error, siret_error
from directory.models.organization import Organization
from directory.models.taxonomy import Public, Theme
from directory.models.territory import Commune
from directory.operations.revisions import DATE_FIELDS, FORM_FIELDS, SERVICE_FIELDS
from directory.vocabularies import ACCESSIBILITY_LABELS, FEES_LABELS, RECEPTION_MODE_LABELS

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
    communes = select(Commune).where(Commune.in_territory.is_(True)).order_by(Commune.name)
    return choices((c.slug, c.name) for c in db.session.scalars(communes))


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


class OrganizationForm(SnapshotForm):
    nom = _text("Nom", 150, required=True, message="Indiquez le nom de l'organisation.")
    sigle = _text("Sigle", 40)
    rna = StringField("Numéro RNA", validators=[Optional(), _identifier(rna_error)])
    siret = StringField("SIRET", validators=[Optional(), _identifier(siret_error)])
    presentation_resume = _text("Présentation courte (une ou deux phrases)", 280, area=True)
    description = _text("Description", LONG, area=True)
    telephone = _text("Téléphone", 30)
    courriel = StringField("Courriel", validators=[
        Optional(), Length(max=254, message="254 caractères au plus."),
        Email("Cette adresse électronique n'est pas valide (exemple : contact@exemple.fr)."),
    ])
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
    remove_logo = BooleanField("Retirer le logo")

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        self._organization = organization
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
        # Checked by content, resized and stored here so that the error sits next to the field;
        # a stored file nobody uses costs little, and files are never deleted anyway.
        self.logo_name = None
        if field.data and getattr(field.data, "filename", None):
            try:
                self.logo_name = logos.store(field.data.stream)
            except logos.LogoError as error:
                raise ValidationError(str(error)) from None

    def validate_notice_ends_on(self, field):
        start = self.notice_starts_on.data
        if field.data and start and field.data < start:
            raise ValidationError("La date de fin doit suivre la date de début.")

    def snapshot_part(self) -> dict:
        data = self.read([*FORM_FIELDS, "themes", "publics", "communes"])
        data["volunteers_wanted"] = bool(data["volunteers_wanted"])
        data["accessibility"] = [v for v in ACCESSIBILITY_LABELS if v in data["accessibility"]]
        if getattr(self, "logo_name", None):
            data["logo"] = self.logo_name
        elif self.remove_logo.data:
            data["logo"] = None
        return data


class ServiceForm(SnapshotForm):
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
    conditions_acces = _text("Conditions d'accès", 2000, area=True)
    modes_accueil = _multi("Modes d'accueil")
    themes = _multi("Thématiques", checkboxes=False)
    publics = _multi("Publics")
    communes = _multi("Communes concernées")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.modes_accueil.choices = choices(RECEPTION_MODE_LABELS.items())

    def validate_age_max(self, field):
        minimum = self.age_min.data
        if field.data is not None and minimum is not None and field.data < minimum:
            raise ValidationError("L'âge maximum doit être supérieur ou égal à l'âge minimum.")

    def snapshot_part(self) -> dict:
        data = self.read([*SERVICE_FIELDS, "themes", "publics", "communes"])
        data["modes_accueil"] = [v for v in RECEPTION_MODE_LABELS if v in data["modes_accueil"]]
        return data

