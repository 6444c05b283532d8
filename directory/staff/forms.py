"""The staff console's forms: the notification choice, the queue's filters and bulk decisions."""

from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from directory.core.forms import BaseForm
from directory.staff.models import NOTIFY_LABELS, Notify


class NotifyForm(BaseForm):
    notify = RadioField("Être prévenu·e de ce qui arrive dans la file", choices=[
        SelectChoice(choice.value, NOTIFY_LABELS[choice]) for choice in Notify
    ], validators=[InputRequired("Choisissez une des trois possibilités.")])
    submit = SubmitField("Enregistrer mon choix")
