"""The staff's decision on a submitted event: publish, ask for a change, refuse."""

from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

from directory.core.forms import BaseForm


class EventDecisionForm(BaseForm):
    message = TextAreaField(
        "Message à l'organisateur (envoyé par courriel ; obligatoire pour demander une "
        "modification ou refuser)",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    publish = SubmitField("Publier")
    request_changes = SubmitField("Demander une modification")
    refuse = SubmitField("Refuser")

    def validate_message(self, field):
        if field.data:
            return
        if self.refuse.data:
            raise ValidationError("Indiquez le motif du refus : il sera envoyé par courriel.")
        if self.request_changes.data:
            raise ValidationError("Indiquez la modification demandée : elle sera envoyée par "
                                  "courriel.")

    def validate(self, extra_validators=None) -> bool:
        if not (self.publish.data or self.request_changes.data or self.refuse.data):
            super().validate(extra_validators)
            self.message.errors = [*self.message.errors, "Choisissez une décision."]
            return False
        return super().validate(extra_validators)
