"""Forms of volunteering: a mission (members), the volunteer's message, the search (GET)."""

from wtforms import (
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from directory.core.forms import BaseForm
from directory.listings.forms.organization import (
    MultiCheckboxField,
    commune_choices,
    public_choices,
    theme_choices,
)
from directory.volunteering.models import REGULARITY_LABELS, Regularity


def _text(label, max_length, required_message=None, area=False):
    first = InputRequired(required_message) if required_message else Optional()
    cls = TextAreaField if area else StringField
    return cls(label, validators=[first, Length(max=max_length,
                                                message=f"{max_length} caractères au plus.")])


class MissionForm(BaseForm):
    title = _text("Intitulé de la mission", 150, "Indiquez ce que vous proposez de faire.")
    description = _text("Description", 5000, "Décrivez la mission en quelques lignes.",
                        area=True)
    regularity = RadioField("Rythme",
                            choices=[SelectChoice(k, v) for k, v in REGULARITY_LABELS.items()],
                            default=Regularity.REGULAR,
                            validators=[InputRequired("Choisissez un rythme.")])
    schedule = _text("Quand ? (par exemple « le samedi matin »)", 255)
    frequency = _text("À quelle fréquence ? (par exemple « deux heures par semaine »)", 255)
    commune = SelectField("Commune", choices=[], validate_choice=False)
    place = _text("Où ? (par exemple « à la salle des fêtes », « à domicile »)", 255)
    themes = MultiCheckboxField("Thématiques", choices=[], validate_choice=True, coerce=str)
    publics = MultiCheckboxField("Pour qui ?", choices=[], validate_choice=True, coerce=str)
    skills = _text("Compétences souhaitées", 2000, area=True)
    starts_on = DateField("À partir du", validators=[
        InputRequired("Indiquez la date de début (jj/mm/aaaa).")])
    ends_on = DateField("Jusqu'au (facultatif)", validators=[Optional()])
    contact_email = EmailField("Adresse qui reçoit les messages des bénévoles", validators=[
        Optional(), Length(max=254, message="254 caractères au plus."),
        Email("Cette adresse électronique n'est pas valide (exemple : contact@exemple.fr)."),
    ])
    submit = SubmitField("Enregistrer la mission")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune.choices = [SelectChoice("", "Choisir une commune"), *commune_choices()]
        self.themes.choices = theme_choices()
        self.publics.choices = public_choices()

    def validate_commune(self, field):
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choisissez la commune dans la liste.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("La fin ne peut pas précéder le début.")

    def values(self) -> dict:
        return {
            "title": self.title.data, "description": self.description.data,
            "regularity": self.regularity.data, "schedule": self.schedule.data or None,
            "frequency": self.frequency.data or None, "commune": self.commune.data or None,
            "place": self.place.data or None, "themes": list(self.themes.data or []),
            "publics": list(self.publics.data or []), "skills": self.skills.data or None,
            "starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
            "contact_email": self.contact_email.data or None,
        }


class ContactForm(BaseForm):
    """A volunteer writes to the association; their address is the reply-to, never stored."""

    name = _text("Votre nom", 120, "Indiquez votre nom.")
    email = EmailField("Votre adresse électronique", validators=[
        InputRequired("Indiquez votre adresse : l'association vous répondra à celle-ci."),
        Length(max=254, message="Cette adresse est trop longue."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    message = _text("Votre message", 3000, "Écrivez quelques mots à l'association.", area=True)
    #: Honeypot: hidden from people, filled in by robots.
    website = StringField("Ne remplissez pas ce champ",
                          render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField("Envoyer mon message")

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)
