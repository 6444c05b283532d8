"""Small forms around moderation: error reports, claims and the staff's decisions."""

from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from directory.core.forms import BaseForm


class ReportForm(BaseForm):
    message = TextAreaField("Qu'est-ce qui est inexact ?", validators=[
        InputRequired("Décrivez l'erreur en quelques mots."),
        Length(min=5, max=2000, message="Entre 5 et 2 000 caractères."),
    ])
    email = EmailField("Votre adresse électronique (facultatif, pour vous répondre)", validators=[
        Optional(), Length(max=254, message="Cette adresse est trop longue."),
        Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
    ])
    #: Honeypot: hidden from people, filled in by robots.
    website = StringField("Ne remplissez pas ce champ", render_kw={"autocomplete": "off",
                                                                  "tabindex": "-1"})
    submit = SubmitField("Envoyer le signalement")

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)


class ClaimForm(BaseForm):
    message = TextAreaField("Votre lien avec l'organisation (facultatif)", validators=[
        Optional(), Length(max=2000, message="2 000 caractères au plus."),
    ])
    submit = SubmitField("Demander à gérer cette fiche")


class DecisionForm(BaseForm):
    reason = TextAreaField("Motif (envoyé par courriel ; obligatoire pour un refus)", validators=[
        Length(max=2000, message="2 000 caractères au plus."),
    ])
    accept = SubmitField("Accepter")
    refuse = SubmitField("Refuser")

    def validate_reason(self, field):
        if self.refuse.data and not field.data:
            raise ValidationError("Indiquez le motif du refus : il sera envoyé par courriel.")


class CloseReportForm(BaseForm):
    reason = TextAreaField("Réponse (envoyée à la personne si elle a laissé son adresse)",
                           validators=[Optional(), Length(max=2000,
                                                          message="2 000 caractères au plus.")])
    submit = SubmitField("Marquer comme traité")


class ListingDecisionForm(DecisionForm):
    """A new listing or a pending change: accept, refuse, or send back with what to change."""

    reason = TextAreaField(
        "Motif (envoyé par courriel ; obligatoire pour un refus ou une demande de modification)",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    request_changes = SubmitField("Demander une modification")

    def validate_reason(self, field):
        super().validate_reason(field)
        if self.request_changes.data and not field.data:
            raise ValidationError("Indiquez ce qu'il faut modifier : ce sera envoyé par courriel.")
