"""Inviting someone to become a member of an organisation."""

from wtforms import SelectChoice, SelectField, SubmitField

from directory.accounts.forms import email_field
from directory.core.forms import BaseForm
from directory.listings.models.membership import MEMBERSHIP_ROLE_LABELS


class InviteForm(BaseForm):
    #: Choices are the inviter's organisations, set by the view.
    organization = SelectField("Organisation", choices=[], validate_choice=True)
    email = email_field("Adresse électronique de la personne à inviter")
    role = SelectField(
        "Rôle",
        choices=[SelectChoice(value, label) for value, label in MEMBERSHIP_ROLE_LABELS.items()],
        validate_choice=True,
    )
    submit = SubmitField("Envoyer l'invitation")
