"""The public proposal form of an event, and the form that manages a proposal afterwards.

The public proposal form (an organisation without an account proposes an event) and the
forms behind the proposer's personal management link.
"""

from types import SimpleNamespace

from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from directory.agenda import proposals as event_proposals
from directory.agenda.forms.event import EventForm
from directory.core.extensions import db
from directory.core.forms import BaseForm
from directory.core.text import french_order
from directory.listings.models.organization import Organization

#: No organisation yet: only the territory's known venues are offered as places.
_NO_PLACES = SimpleNamespace(places=[])


class ProposalForm(EventForm):
    """The members' event form, plus who proposes it; no clash check (it would show events
    still waiting for moderation to anyone)."""

    check = None
    comment = None
    organization = SelectField("Votre organisation", choices=[], validate_choice=True,
                               default="")
    organization_name = StringField(
        "Nom de l'organisation (si elle n'est pas dans la liste)",
        validators=[Optional(), Length(max=150, message="150 caractères au plus.")],
    )
    email = EmailField("Votre adresse électronique", validators=[
        InputRequired("Indiquez votre adresse : le lien de confirmation y sera envoyé."),
        Length(max=254, message="Cette adresse est trop longue."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    #: Honeypot: hidden from people, filled in by robots.
    website = StringField("Ne remplissez pas ce champ",
                          render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField("Envoyer la proposition")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, organization=_NO_PLACES, **kwargs)
        orgs = sorted(db.session.scalars(event_proposals.publishable_organizations()),
                      key=lambda o: (french_order(o.nom), o.id))
        self.organization.choices = [
            SelectChoice("", "Mon organisation n'est pas dans l'annuaire"),
            *(SelectChoice(str(o.id), o.nom) for o in orgs),
        ]

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)

    def is_check(self) -> bool:
        return False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.organization.data and not self.organization_name.data:
            # Not a field validator: Optional() would stop the chain on an empty name.
            self.organization_name.errors = [
                *self.organization_name.errors,
                "Choisissez votre organisation dans la liste, ou indiquez son nom si elle n'y "
                "est pas.",
            ]
            return False
        return valid

    def chosen_organization(self) -> Organization | None:
        if not self.organization.data:
            return None
        return db.session.get(Organization, int(self.organization.data))


class ManageEventForm(EventForm):
    """The proposer edits their event through the personal link (no clash check either)."""

    check = None
    comment = None
    submit = SubmitField("Enregistrer les modifications")

    def is_check(self) -> bool:
        return False


class WithdrawForm(BaseForm):
    """The proposer cancels their event (whole event: the public form has no per-date status)."""

    note = TextAreaField("Motif, affiché avec l'événement (facultatif)", validators=[
        Optional(), Length(max=500, message="500 caractères au plus."),
    ])
    submit = SubmitField("Annuler l'événement")
