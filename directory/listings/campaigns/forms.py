"""Campaign forms: the staff start one; the organisation confirms its listing through its link."""

import re
from datetime import timedelta

from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from directory.core.dates import today_paris
from directory.core.forms import BaseForm


class CampaignForm(BaseForm):
    name = StringField("Nom de la campagne", validators=[
        InputRequired("Donnez un nom à la campagne (par exemple « Mise à jour 2027 »)."),
        Length(max=120, message="120 caractères au plus."),
    ])
    ends_on = DateField("Dernier jour", validators=[
        InputRequired("Indiquez le dernier jour de la campagne (jj/mm/aaaa)."),
    ], format="%Y-%m-%d",
        description="Les liens personnels ne fonctionnent plus après cette date.")
    reminders = StringField(
        "Relances (jours après le premier envoi)", validators=[Optional()], default="14, 28",
        description="Par exemple « 14, 28 ». Laissez vide pour ne pas relancer.",
    )
    message = TextAreaField("Message ajouté au courriel (facultatif)", validators=[
        Optional(), Length(max=2000, message="2 000 caractères au plus."),
    ])
    submit = SubmitField("Lancer la campagne et envoyer les courriels")

    def validate_ends_on(self, field):
        if field.data and field.data <= today_paris():
            raise ValidationError("Le dernier jour doit être dans le futur.")
        if field.data and field.data > today_paris() + timedelta(days=366):
            raise ValidationError("Une campagne dure un an au plus.")

    def validate_reminders(self, field):
        self.reminder_days = []
        text = field.data or ""
        if not text:
            return
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        if not all(p.isdigit() and 1 <= int(p) <= 365 for p in parts):
            raise ValidationError(
                "Indiquez des nombres de jours entre 1 et 365, séparés par des virgules "
                "(par exemple « 14, 28 »)."
            )
        self.reminder_days = sorted({int(p) for p in parts})


class ConfirmListingForm(BaseForm):
    submit = SubmitField("Confirmer sans changement")
