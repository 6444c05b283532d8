"""Forms of subscriptions: subscribe (public, with a trap field) and change what is followed."""

from flask import request
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from directory.core.forms import BaseForm
from directory.listings.forms.organization import (
    MultiCheckboxField,
    commune_choices,
    public_choices,
)
from directory.newsletters import queries
from directory.newsletters.models import FREQUENCY_LABELS, Frequency, SavedSearch
from directory.partners.forms import PartnerSearchForm


class PreferencesForm(BaseForm):
    """What a subscriber follows: nothing ticked in a list means all of it."""

    frequency = RadioField("Fréquence",
                           choices=[SelectChoice(k, v) for k, v in FREQUENCY_LABELS.items()],
                           default=Frequency.WEEKLY,
                           validators=[InputRequired("Choisissez une fréquence.")])
    themes = MultiCheckboxField("Thématiques", choices=[], validate_choice=True, coerce=str)
    publics = MultiCheckboxField("Publics", choices=[], validate_choice=True, coerce=str)
    communes = MultiCheckboxField("Communes", choices=[], validate_choice=True, coerce=str)
    missions = BooleanField("Les nouvelles missions de bénévolat", default=True)
    submit = SubmitField("Enregistrer mes choix")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = queries.theme_choices()
        self.publics.choices = public_choices()
        self.communes.choices = commune_choices()

    def preferences(self) -> dict:
        return {
            "frequency": self.frequency.data,
            "themes": list(self.themes.data or []),
            "publics": list(self.publics.data or []),
            "communes": list(self.communes.data or []),
            "missions": bool(self.missions.data),
        }


class ManageForm(PreferencesForm):
    """The management page of a subscription that holds saved searches: the territory's
    digest may be turned off, the alerts going on."""

    territory = BooleanField("Recevoir aussi la lettre du territoire (rendez-vous, annuaire, "
                             "bénévolat)", default=True)

    def preferences(self) -> dict:
        return {**super().preferences(), "territory": bool(self.territory.data)}


class SaveSearchForm(PartnerSearchForm):
    """A `/partenaires` search to be alerted of (posted, with CSRF); its filters are checked as
    the search page checks them."""

    frequency = RadioField("Recevoir les nouveautés",
                           choices=[SelectChoice(k, v) for k, v in FREQUENCY_LABELS.items()],
                           default=Frequency.WEEKLY,
                           validators=[InputRequired("Choisissez une fréquence.")])
    submit = SubmitField("M'alerter par courriel")

    def __init__(self, **kwargs):
        kwargs.setdefault("meta", {"csrf": True})
        kwargs.setdefault("formdata", request.form)
        super().__init__(**kwargs)

    def values(self) -> dict[str, str]:
        return {name: (self[name].data or "").strip() for name in SavedSearch.FIELDS}


class SubscribeForm(PreferencesForm):
    email = EmailField("Votre adresse électronique", validators=[
        InputRequired("Indiquez votre adresse : le lien de confirmation y sera envoyé."),
        Length(max=254, message="Cette adresse est trop longue."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    #: Honeypot: hidden from people, filled in by robots.
    website = StringField("Ne remplissez pas ce champ",
                          render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField("M'abonner")

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)


class LetterForm(BaseForm):
    """The staff's letter: title, editorial, picks, and whom it is for."""

    title = StringField("Titre", validators=[
        InputRequired("Donnez un titre à la lettre."),
        Length(max=200, message="200 caractères au plus.")])
    editorial = TextAreaField("Éditorial", validators=[
        Optional(), Length(max=20000, message="20 000 caractères au plus.")])
    events = SelectMultipleField("Rendez-vous de l'agenda", choices=[], coerce=int,
                                 validate_choice=True)
    organizations = SelectMultipleField("Structures de l'annuaire", choices=[], coerce=int,
                                        validate_choice=True)
    themes = MultiCheckboxField("Pour les abonnés de ces thématiques (aucune : tous)",
                                choices=[], validate_choice=True, coerce=str)
    communes = MultiCheckboxField("Pour les abonnés de ces communes (aucune : tous)",
                                  choices=[], validate_choice=True, coerce=str)
    submit = SubmitField("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events, organizations = queries.pick_choices()
        self.events.choices = events
        self.organizations.choices = organizations
        self.themes.choices = queries.theme_choices()
        self.communes.choices = commune_choices()

    def values(self) -> dict:
        return {
            "title": self.title.data, "editorial": self.editorial.data or "",
            "event_ids": list(self.events.data or []),
            "organization_ids": list(self.organizations.data or []),
            "themes": list(self.themes.data or []), "communes": list(self.communes.data or []),
        }


class TestSendForm(BaseForm):
    email = EmailField("Adresse de l'essai", validators=[
        InputRequired("Indiquez l'adresse qui recevra l'essai."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    submit = SubmitField("M'envoyer un essai")
