"""Observatory forms: a need nobody answers, and the period of the indicators (GET)."""

from flask import request
from sqlalchemy import select
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.listings.forms.organization import (
    choices,
    commune_choices,
    public_choices,
    theme_choices,
)
from directory.observatory import periods
from directory.observatory.privacy import personal_data_problem
from directory.taxonomy.models import Commune


class UnmetNeedForm(BaseForm):
    need = StringField(
        "Le besoin, en quelques mots",
        description="Par exemple : « garde d'enfant le samedi », « transport vers l'hôpital ». "
                    "Ni nom, ni téléphone, ni adresse : ce qui est écrit ici entre dans les "
                    "chiffres de l'observatoire, que toute l'équipe lit.",
        validators=[InputRequired("Décrivez le besoin en quelques mots."),
                    Length(min=3, max=200, message="Entre 3 et 200 caractères.")],
    )
    theme = SelectField("Thématique", choices=[], validate_choice=False)
    commune = SelectField("Commune de la personne", choices=[], validate_choice=False)
    public = SelectField("Public", choices=[], validate_choice=False)
    submit = SubmitField("Enregistrer le besoin non couvert")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.theme.choices = [choices([("", "Thématique : je ne sais pas")])[0], *theme_choices()]
        self.commune.choices = choices([("", "Commune : non précisée"),
                                        *((c.value, c.label) for c in commune_choices())])
        self.public.choices = choices([("", "Public : non précisé"),
                                       *((c.value, c.label) for c in public_choices())])

    def _check(self, field, message):
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError(message)

    def validate_need(self, field):
        names = db.session.scalars(select(Commune.name)).all()
        problem = personal_data_problem(field.data or "", set(names))
        if problem:
            raise ValidationError(problem)

    def validate_theme(self, field):
        self._check(field, "Choisissez une thématique de la liste.")

    def validate_commune(self, field):
        self._check(field, "Choisissez une commune du territoire.")

    def validate_public(self, field):
        self._check(field, "Choisissez un public de la liste.")


class PeriodForm(BaseForm):
    """The indicators' period, from the query string: a page of figures can be bookmarked."""

    periode = SelectField("Période", choices=[], validate_choice=False)

    def __init__(self, today, **kwargs):
        kwargs.setdefault("formdata", request.args)
        kwargs.setdefault("meta", {"csrf": False})
        super().__init__(**kwargs)
        self.periode.choices = periods.choices(today)
