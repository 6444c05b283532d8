"""The staff console's forms: the notification choice, the queue's filters and bulk decisions."""

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from directory.core.forms import BaseForm
from directory.staff.models import NOTIFY_LABELS, Notify
from directory.staff.operations import ACCEPT, REFUSE, REQUEST_CHANGES


class FrenchRadioField(RadioField):
    """A radio group whose unknown value is refused in French, like an empty one."""

    def pre_validate(self, form):
        if self.data not in {value for value, *_ in self.iter_choices()}:
            raise ValidationError(self.gettext("Choisissez une des possibilités proposées."))


class NotifyForm(BaseForm):
    notify = FrenchRadioField("Être prévenu·e de ce qui arrive dans la file", choices=[
        SelectChoice(choice.value, NOTIFY_LABELS[choice]) for choice in Notify
    ], validators=[InputRequired("Choisissez une des trois possibilités.")])
    submit = SubmitField("Enregistrer mon choix")


class BulkDecisionForm(BaseForm):
    """The queue's checked items and the one decision for all of them."""

    reason = TextAreaField(
        "Motif ou modification demandée (envoyé par courriel à chacun ; obligatoire pour un "
        "refus ou une demande de modification)",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    accept = SubmitField("Accepter la sélection")
    request_changes = SubmitField("Demander une modification")
    refuse = SubmitField("Refuser la sélection")

    @property
    def decision(self) -> str:
        if self.refuse.data:
            return REFUSE
        if self.request_changes.data:
            return REQUEST_CHANGES
        return ACCEPT

    def validate_reason(self, field):
        if self.refuse.data and not field.data:
            raise ValidationError("Indiquez le motif du refus : il sera envoyé à chacun.")
        if self.request_changes.data and not field.data:
            raise ValidationError("Indiquez ce qu'il faut modifier : ce sera envoyé à chacun.")
