"""Quarterly agenda edition forms: create or set up an edition, the choices per event, finalise."""

import re

from flask import request
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from directory.core.forms import BaseForm

QUARTERS = [("1", "1er trimestre (janvier – mars)"), ("2", "2e trimestre (avril – juin)"),
            ("3", "3e trimestre (juillet – septembre)"), ("4", "4e trimestre (octobre – décembre)")]
#: The longest print text accepted for one event.
PRINT_TEXT_MAX = 600


class EditionSettingsForm(BaseForm):
    title = StringField("Titre", validators=[
        Optional(), Length(max=120, message="120 caractères au plus.")],
        description="Par exemple « Janvier – mars 2027 » (proposé si vous laissez vide).")
    submission_deadline = DateField("Date limite de dépôt des rendez-vous", validators=[
        InputRequired("Indiquez la date limite (jj/mm/aaaa).")], format="%Y-%m-%d")
    reminders = StringField(
        "Rappels (jours avant la date limite)", validators=[Optional()], default="21, 7",
        description="Par exemple « 21, 7 ». Les organisations qui ont un membre sont prévenues "
                    "par courriel. Laissez vide pour ne pas envoyer de rappel.")
    editorial = TextAreaField("Éditorial (Markdown)", validators=[
        Optional(), Length(max=5000, message="5 000 caractères au plus.")])
    submit = SubmitField("Enregistrer")

    def _reminder_parts(self) -> list[str]:
        return [p for p in re.split(r"[\s,;]+", self.reminders.data or "") if p]

    def validate_reminders(self, field):
        if not all(p.isdigit() and 1 <= int(p) <= 120 for p in self._reminder_parts()):
            raise ValidationError("Indiquez des nombres de jours entre 1 et 120, séparés par des "
                                  "virgules (par exemple « 21, 7 »).")

    @property
    def reminder_days(self) -> list[int]:
        """The days before the deadline, once validated (empty: no reminder)."""
        return sorted({int(p) for p in self._reminder_parts()}, reverse=True)


class NewEditionForm(EditionSettingsForm):
    year = IntegerField("Année", validators=[
        InputRequired("Indiquez l'année."),
        NumberRange(2000, 2100, "Indiquez une année entre 2000 et 2100.")])
    quarter = SelectField(
        "Trimestre", choices=[SelectChoice(v, label) for v, label in QUARTERS],
        validators=[InputRequired("Choisissez le trimestre.")])
    submit = SubmitField("Créer l'édition")


class EditionItemsForm(BaseForm):
    """The choices for every event of the quarter, one form: fields named by event id.

    `included-<id>`, `highlighted-<id>` (checkboxes) and `text-<id>` (print text); the event
    ids come from the page (`events-shown`), only the quarter's events are ever read.
    """

    submit = SubmitField("Enregistrer les choix")

    def choices(self, event_ids: set[int]) -> tuple[dict[int, dict], dict[int, str]]:
        values, errors = {}, {}
        shown = {int(v) for v in request.form.getlist("events-shown") if v.isdigit()}
        for event_id in sorted(shown & event_ids):
            text = (request.form.get(f"text-{event_id}") or "").strip()
            if len(text) > PRINT_TEXT_MAX:
                errors[event_id] = f"{PRINT_TEXT_MAX} caractères au plus."
            values[event_id] = {
                "included": request.form.get(f"included-{event_id}") == "1",
                "highlighted": request.form.get(f"highlighted-{event_id}") == "1",
                "print_description": text,
            }
        return values, errors


class FinaliseForm(BaseForm):
    confirm = BooleanField("Je confirme : le contenu est figé et ne changera plus", validators=[
        InputRequired("Cochez la case pour confirmer.")])
    submit = SubmitField("Finaliser l'édition")
