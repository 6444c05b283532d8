"""The address of an organisation's own calendar, to import into the agenda."""

from urllib.parse import urlsplit

from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from directory.core.forms import BaseForm


class EventFeedForm(BaseForm):
    url = StringField(
        "Adresse de votre calendrier (iCal)",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")],
        description=(
            "L'adresse publique au format iCal (.ics) de votre agenda Google, Outlook, Nextcloud "
            "ou de votre site. Laissez vide pour arrêter l'import."
        ),
    )
    submit = SubmitField("Enregistrer")

    def validate_url(self, field):
        if not field.data:
            return
        value = field.data
        if value.lower().startswith("webcal://"):
            value = field.data = "https://" + value[len("webcal://"):]
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValidationError(
                "Indiquez une adresse qui commence par https:// (ou http://, ou webcal://)."
            )
