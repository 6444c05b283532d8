"""The staff's pathway form: texts, then each step with its rules and pinned listings."""

from sqlalchemy import select
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.core.text import slugify
from directory.listings.forms.organization import (
    MultiCheckboxField,
    choices,
    public_choices,
    theme_choices,
)
from directory.listings.models.organization import Organization
from directory.pathways.models import Pathway
from directory.pathways.steps import KIND_LABELS, clean_step
from directory.taxonomy.vocabularies import Status

#: Blank steps offered under the existing ones, to add a step without JavaScript.
BLANK_STEPS = 2


def _length(n: int):
    return Length(max=n, message=f"{n} caractères au plus.")


class StepForm(Form):
    """One step: when, what to do, who to see; what it lists; listings pinned by the staff."""

    order = IntegerField("Position", validators=[
        Optional(), NumberRange(1, 99, "Un nombre entre 1 et 99.")])
    when = StringField("Quand (par exemple «\u00a0Dès le début de la grossesse\u00a0»)",
                       validators=[Optional(), _length(200)])
    # No Optional(): it would stop the chain before validate_what.
    what = TextAreaField("Que faire", validators=[_length(1000)])
    who = StringField("Qui voir (par exemple «\u00a0La PMI, la sage-femme\u00a0»)",
                      validators=[Optional(), _length(300)])
    themes = MultiCheckboxField("Thématiques des structures et services listés",
                                choices=[], validate_choice=True, coerce=str)
    publics = MultiCheckboxField("Publics", choices=[], validate_choice=True, coerce=str)
    kinds = MultiCheckboxField("Types de structure (aucun coché : tous)",
                               choices=choices(KIND_LABELS.items()), validate_choice=True,
                               coerce=str)
    events = BooleanField("Lister les prochains événements de ces thématiques")
    pins = StringField("Fiches épinglées (adresses des fiches, séparées par des virgules)",
                       validators=[Optional(), _length(1000)])
    remove = BooleanField("Retirer cette étape")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()
        self.publics.choices = public_choices()

    @property
    def is_blank(self) -> bool:
        return not (self.when.data or self.what.data or self.who.data or self.themes.data
                    or self.publics.data or self.pins.data)

    def pin_slugs(self) -> list[str]:
        return [slugify(p) for p in (self.pins.data or "").replace("\n", ",").split(",")
                if p.strip()]

    def validate_what(self, field):
        if not field.data and not self.is_blank and not self.remove.data:
            raise ValidationError("Dites ce qu'il faut faire à cette étape.")

    def validate_pins(self, field):
        wanted = self.pin_slugs()
        if not wanted:
            return
        known = set(db.session.scalars(select(Organization.slug).where(
            Organization.slug.in_(wanted), Organization.status == Status.PUBLISHED)))
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise ValidationError("Aucune fiche publiée à cette adresse : " + ", ".join(unknown)
                                  + ". Copiez la fin de l'adresse de la fiche (après /annuaire/).")

    def step(self) -> dict:
        return clean_step({
            "when": self.when.data, "what": self.what.data, "who": self.who.data,
            "themes": self.themes.data, "publics": self.publics.data,
            "kinds": self.kinds.data, "events": self.events.data, "pins": self.pin_slugs(),
        })


class PathwayForm(BaseForm):
    title = StringField("Titre (le besoin, à la première personne : "
                        "«\u00a0J'attends un enfant\u00a0»)",
                        validators=[InputRequired("Donnez un titre au parcours."), _length(150)])
    slug = StringField("Adresse de la page (/parcours/…)", validators=[Optional(), _length(120)])
    summary = TextAreaField("Présentation (une ou deux phrases)", validators=[
        Optional(), _length(500)])
    easy_read = TextAreaField("Texte «\u00a0Facile à lire\u00a0»",
                              validators=[Optional(), _length(4000)])
    position = IntegerField("Ordre dans la liste des parcours", default=0, validators=[
        Optional(), NumberRange(0, 999, "Un nombre entre 0 et 999.")])
    published = BooleanField("Publié (visible de tous)")
    base_revision = HiddenField()
    steps = FieldList(FormField(StepForm), min_entries=BLANK_STEPS)

    class Meta(BaseForm.Meta):
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):  # they refuse filters
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    def __init__(self, *args, pathway: Pathway | None = None, **kwargs):
        self._pathway = pathway
        super().__init__(*args, **kwargs)

    def validate_slug(self, field):
        slug = slugify(field.data or self.title.data or "")
        if not slug:
            return
        other = db.session.scalars(select(Pathway).where(Pathway.slug == slug)).one_or_none()
        if other is not None and other is not self._pathway:
            raise ValidationError(f"Un autre parcours a déjà l'adresse /parcours/{slug}.")

    def data_dict(self) -> dict:
        """What operations.create/update take: the texts, then the kept steps in order."""
        kept = [(entry.form.order.data or index + 1, index, entry.form.step())
                for index, entry in enumerate(self.steps)
                if not entry.form.remove.data and not entry.form.is_blank]
        kept.sort(key=lambda row: (row[0], row[1]))
        return {
            "title": self.title.data,
            "slug": slugify(self.slug.data or self.title.data),
            "summary": self.summary.data or None,
            "easy_read": (self.easy_read.data or "").replace("\r\n", "\n") or None,
            "position": self.position.data or 0,
            "published": self.published.data,
            "steps": [step for _, _, step in kept],
        }


def form_for(pathway: Pathway | None, formdata=None, base: int = 0) -> PathwayForm:
    """The form filled from the pathway (or the posted data), with blank steps to add."""
    if formdata is not None:
        return PathwayForm(formdata, pathway=pathway)
    steps = [dict(s, order=i, pins=", ".join(s.get("pins", [])))
             for i, s in enumerate(pathway.steps if pathway else [], start=1)]
    steps += [{"order": len(steps) + n} for n in range(1, BLANK_STEPS + 1)]
    form = PathwayForm(formdata=None, pathway=pathway, data={
        "title": pathway.title if pathway else "",
        "slug": pathway.slug if pathway else "",
        "summary": pathway.summary if pathway else "",
        "easy_read": pathway.easy_read if pathway else "",
        "position": pathway.position if pathway else 0,
        "published": pathway.published if pathway else False,
        "base_revision": str(base),
        "steps": steps,
    })
    return form


class ConfirmForm(BaseForm):
    """A button that changes something (archive, restore): its CSRF token only."""
