"""The staff console's forms: the notification choice, the queue's filters and bulk decisions."""

from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from directory.core.forms import BaseForm
from directory.staff.models import NOTIFY_LABELS, Notify


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
