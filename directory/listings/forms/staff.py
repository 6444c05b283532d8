"""The staff's forms on accounts (invite a colleague, role, deactivation) and on duplicates."""

from wtforms import EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from directory.accounts.models import ROLE_LABELS, Role
from directory.core.forms import BaseForm

#: The value of "no site-wide role" in the role menu.
NO_ROLE = "aucun"
ROLE_CHOICES = [SelectChoice(NO_ROLE, "Compte ordinaire (membre d'organisations)")] + [
    SelectChoice(role.value, ROLE_LABELS[role]) for role in Role
]


class StaffInviteForm(BaseForm):
    email = EmailField("Adresse électronique", validators=[
        InputRequired("Indiquez l'adresse électronique de la personne."),
        Length(max=254, message="Cette adresse est trop longue."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    name = StringField("Nom (facultatif)", validators=[
        Optional(), Length(max=120, message="120 caractères au plus."),
    ])
    role = SelectField("Rôle", choices=[
        SelectChoice(Role.MODERATOR.value, ROLE_LABELS[Role.MODERATOR]),
        SelectChoice(Role.ADMIN.value, ROLE_LABELS[Role.ADMIN]),
    ], default=Role.MODERATOR.value)
    submit = SubmitField("Inviter")


class RoleForm(BaseForm):
    role = SelectField("Rôle", choices=ROLE_CHOICES)
    submit = SubmitField("Changer le rôle")


class DeactivateForm(BaseForm):
    reason = TextAreaField("Motif (gardé dans le journal)", validators=[
        Optional(), Length(max=2000, message="2 000 caractères au plus."),
    ])
    submit = SubmitField("Désactiver le compte")


class MergeForm(BaseForm):
    kept = IntegerField("Fiche gardée", validators=[InputRequired("Choisissez la fiche gardée.")])
    other = IntegerField("Fiche fusionnée", validators=[
        InputRequired("Choisissez la fiche fusionnée dans l'autre."),
    ])
    submit = SubmitField("Fusionner")
