"""Account forms: registration, sign-in, password reset, invitations."""

from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from directory.core.forms import BaseForm

PASSWORD_MIN = 12


def email_field(label: str = "Adresse électronique") -> EmailField:
    return EmailField(
        label,
        validators=[
            InputRequired("Indiquez votre adresse électronique."),
            Length(max=254, message="Cette adresse est trop longue."),
            Email("Cette adresse électronique n'est pas valide (exemple : prenom@exemple.fr)."),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password(required: bool) -> PasswordField:
    first = InputRequired("Choisissez un mot de passe.") if required else Optional()
    return PasswordField(
        "Mot de passe",
        validators=[
            first,
            Length(
                min=PASSWORD_MIN,
                max=200,
                message=f"Le mot de passe doit compter au moins {PASSWORD_MIN} caractères.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _confirmation() -> PasswordField:
    return PasswordField(
        "Confirmation du mot de passe",
        validators=[EqualTo("password", "Les deux mots de passe ne sont pas identiques.")],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(BaseForm):
    email = email_field()
    name = StringField(
        "Prénom et nom",
        validators=[Optional(), Length(max=120, message="120 caractères au plus.")],
        render_kw={"autocomplete": "name"},
    )
    password = _new_password(required=False)
    password_confirm = _confirmation()
    submit = SubmitField("Créer mon compte")


class LoginForm(BaseForm):
    """One email field, two ways in: a password, or a link sent by mail."""

    email = email_field()
    password = PasswordField("Mot de passe", render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Se connecter")
    send_link = SubmitField("Recevoir un lien de connexion")

    def validate_password(self, field):
        if not self.send_link.data and not field.data:
            raise ValidationError(
                "Indiquez votre mot de passe, ou demandez un lien de connexion."
            )


class ForgotPasswordForm(BaseForm):
    email = email_field()
    submit = SubmitField("Recevoir un lien pour choisir un mot de passe")


class ResetPasswordForm(BaseForm):
    password = _new_password(required=True)
    password_confirm = _confirmation()
    submit = SubmitField("Enregistrer le mot de passe")


class AcceptInvitationForm(BaseForm):
    """Creates the invitee's account: the email is the invitation's."""

    name = StringField(
        "Prénom et nom",
        validators=[Optional(), Length(max=120, message="120 caractères au plus.")],
        render_kw={"autocomplete": "name"},
    )
    password = _new_password(required=False)
    password_confirm = _confirmation()
    submit = SubmitField("Créer mon compte et rejoindre")


class ConfirmForm(BaseForm):
    """A form with nothing but its CSRF token: sign out, accept an invitation."""

    submit = SubmitField("Confirmer")
