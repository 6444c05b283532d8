"""Partner directory forms: the search, professional access, orientation sheets, referrals.

Partner directory forms: the search (GET, bookmarkable), professional access requests,
orientation sheets and referral messages.
"""

from flask import request
from sqlalchemy import select
from wtforms import (
    BooleanField,
    EmailField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.core.text import french_order
from directory.listings.forms.organization import (
    choices,
    commune_choices,
    public_choices,
    theme_choices,
)
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import RECEPTION_DETAIL_LABELS, OrganizationKind, Status

MAX_PAGE = 10_000


def _length(maximum: int):
    return Length(max=maximum, message=f"{maximum} caractères au plus.")


class PartnerSearchForm(BaseForm):
    """Read from the query string, without CSRF: a search URL can be bookmarked and shared."""

    q = SearchField("Besoin de la personne", validators=[_length(200)])
    commune = SelectField("Commune de la personne", choices=[], validate_choice=False)
    theme = SelectField("Thématique", choices=[], validate_choice=False)
    public = SelectField("Public", choices=[], validate_choice=False)
    mode = SelectField("Mode d'accueil", choices=[], validate_choice=False)
    page = StringField(validators=[Optional()])

    def __init__(self, **kwargs):
        kwargs.setdefault("formdata", request.args)
        kwargs.setdefault("meta", {"csrf": False})
        super().__init__(**kwargs)
        self.commune.choices = choices([("", "Toutes les communes"),
                                        *((c.value, c.label) for c in commune_choices())])
        self.theme.choices = [choices([("", "Toutes les thématiques")])[0], *theme_choices()]
        self.public.choices = choices([("", "Tous les publics"),
                                       *((c.value, c.label) for c in public_choices())])
        self.mode.choices = choices([("", "Tous les modes d'accueil"),
                                     *RECEPTION_DETAIL_LABELS.items()])

    def _check(self, field, message):
        if field.data and field.data not in {c.value for c in field.choices}:
            field.data = ""
            raise ValidationError(message)

    def validate_commune(self, field):
        self._check(field, "Cette commune n'est pas dans le territoire : filtre ignoré.")

    def validate_theme(self, field):
        self._check(field, "Cette thématique n'existe pas : filtre ignoré.")

    def validate_public(self, field):
        self._check(field, "Ce public n'existe pas : filtre ignoré.")

    def validate_mode(self, field):
        self._check(field, "Ce mode d'accueil n'existe pas : filtre ignoré.")

    @property
    def page_number(self) -> int:
        raw = self.page.data or "1"
        return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1

    def url_args(self, **changes) -> dict:
        args = {name: self[name].data for name in ("q", "commune", "theme", "public", "mode")}
        args.update(changes)
        return {k: v for k, v in args.items() if v}


def partner_organization_choices():
    """Published partner structures and public services, for « votre structure »."""
    orgs = sorted(db.session.scalars(
        select(Organization)
        .where(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None),
               Organization.kind.in_([OrganizationKind.PARTNER, OrganizationKind.PUBLIC_SERVICE]))
    ), key=lambda o: (french_order(o.nom), o.id))
    return choices([("", "Ma structure n'est pas dans l'annuaire"),
                    *((str(o.id), o.nom) for o in orgs)])


class AccessRequestForm(BaseForm):
    name = StringField("Prénom et nom", validators=[
        InputRequired("Indiquez votre prénom et votre nom."), _length(120)])
    structure = StringField("Structure employeuse", validators=[
        InputRequired("Indiquez la structure où vous travaillez."), _length(150)])
    organization = SelectField("Votre structure dans l'annuaire", choices=[],
                               validate_choice=False)
    role = StringField("Fonction", validators=[
        InputRequired("Indiquez votre fonction (par exemple « Assistante sociale »)."),
        _length(150)])
    reason = TextAreaField("Pourquoi demandez-vous cet accès ?", validators=[
        InputRequired("Dites en quelques mots pourquoi vous demandez cet accès."),
        Length(min=10, max=2000, message="Entre 10 et 2 000 caractères.")])
    submit = SubmitField("Envoyer ma demande")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = partner_organization_choices()

    def validate_organization(self, field):
        if field.data and field.data not in {c.value for c in self.organization.choices}:
            raise ValidationError("Choisissez votre structure dans la liste.")

    @property
    def organization_id(self) -> int | None:
        return int(self.organization.data) if self.organization.data else None


CONSENT_REFERRAL = (
    "La personne est d'accord pour que ces informations soient transmises à la structure. "
    "Elles sont effacées automatiquement au bout de {days} jours."
)
CONSENT_SHEET = (
    "La personne est d'accord pour recevoir cette fiche à cette adresse. Son adresse est "
    "effacée automatiquement au bout de {days} jours."
)


class SheetForm(BaseForm):
    """An orientation sheet to print, download or mail to the person."""

    name = StringField("Nom ou initiales de la personne (facultatif, imprimé sur la fiche)",
                       validators=[Optional(), _length(120)])
    ask_for = SelectField("Qui demander sur place", choices=[], validate_choice=False)
    note = TextAreaField("Précisions pour la personne (rendez-vous, démarche…)",
                         validators=[Optional(), _length(1000)])
    email = EmailField("Adresse électronique de la personne (pour l'envoi par courriel)",
                       validators=[Optional(), _length(254), Email(
                           "Cette adresse électronique n'est pas valide (exemple : "
                           "prenom@exemple.fr).")])
    consent = BooleanField("")
    print_sheet = SubmitField("Imprimer la fiche")
    pdf = SubmitField("Télécharger en PDF")
    send = SubmitField("Envoyer par courriel")

    def __init__(self, *args, contacts=(), retention_days: int = 90, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_for.choices = choices([("", "Personne en particulier"),
                                        *((str(c.id), _contact_label(c)) for c in contacts)])
        self.consent.label.text = CONSENT_SHEET.format(days=retention_days)

    def validate_ask_for(self, field):
        if field.data and field.data not in {c.value for c in self.ask_for.choices}:
            raise ValidationError("Choisissez une personne dans la liste.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.send.data:
            if not self.email.data and not self.email.errors:
                self.email.errors.append("Indiquez l'adresse à laquelle envoyer la fiche.")
                valid = False
            if not self.consent.data:
                self.consent.errors.append("Cochez cette case : l'accord de la personne est "
                                           "nécessaire pour lui envoyer la fiche.")
                valid = False
        return valid


def _contact_label(contact) -> str:
    return f"{contact.label} ({contact.role})" if contact.role else contact.label


class ReferralForm(BaseForm):
    """A referral message to the structure: only what it needs to contact the person."""

    recipient = SelectField("Destinataire", choices=[], validate_choice=False)
    name = StringField("Nom ou initiales de la personne", validators=[
        InputRequired("Indiquez le nom ou les initiales de la personne."), _length(120)])
    contact = StringField("Comment la joindre (téléphone ou courriel)", validators=[
        InputRequired("Indiquez un moyen de joindre la personne."), _length(254)])
    need = TextAreaField("Son besoin, en quelques mots", validators=[
        InputRequired("Décrivez le besoin en quelques mots."),
        Length(min=5, max=2000, message="Entre 5 et 2 000 caractères.")])
    consent = BooleanField("", validators=[InputRequired(
        "Cochez cette case : l'orientation ne peut être envoyée qu'avec l'accord de la "
        "personne.")])
    submit = SubmitField("Envoyer l'orientation")

    def __init__(self, *args, recipients=(), retention_days: int = 90, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient.choices = choices(recipients)
        self.consent.label.text = CONSENT_REFERRAL.format(days=retention_days)

    def validate_recipient(self, field):
        if field.data not in {c.value for c in self.recipient.choices}:
            raise ValidationError("Choisissez le destinataire dans la liste.")
