"""Account pages: registration, sign-in (password or emailed link), password reset, invitations.

Forms that take an email answer the same whether an account exists or not, and are rate
limited per IP address and per email address.
"""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    after_this_request,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from limits import parse as parse_limit
from sqlalchemy import select
from wtforms import SelectChoice

from directory.accounts import jobs as account_jobs
from directory.accounts import mails
from directory.accounts import operations as accounts
from directory.accounts.forms import (
    AcceptInvitationForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from directory.accounts.models import ROLE_LABELS, User, fingerprint, normalize_email
from directory.accounts.permissions import can_invite
from directory.core.extensions import db, limiter
from directory.listings import members
from directory.listings.forms.members import InviteForm
from directory.listings.mails import send_invitation
from directory.listings.models.organization import Organization

bp = Blueprint("account", __name__, url_prefix="/compte")

#: Session key: the account this browser registered and a print of the password it chose.
PENDING_PASSWORD = "registered_password"
_PASSWORD_VOIDED = (
    "Le mot de passe choisi lors de l'inscription n'a pas été gardé : il avait été saisi "
    "depuis un autre navigateur. Choisissez-en un avec « Mot de passe oublié »."
)


def _limit():
    return current_app.config["ACCOUNT_RATELIMIT"]


def _email_key() -> str:
    # Forms without an email field fall back to the IP address.
    email = normalize_email(request.form.get("email", ""))
    return f"email:{email}" if email else get_remote_address()


def limited(view):
    """The account rate limit on POST, per IP address and per typed email address."""
    view = limiter.limit(_limit, methods=["POST"], key_func=_email_key, scope="email")(view)
    return limiter.limit(_limit, methods=["POST"])(view)


#: Cookie of a browser that signed in (operations.device_token).
KNOWN_DEVICE = "appareil"


def _not_a_guess() -> bool:
    """Exempt from the per-address limit on sign-in: asking for a link (never refused: the
    owner always gets in by mail) and a browser this account already signed in from."""
    if request.form.get("send_link"):
        return True
    email = normalize_email(request.form.get("email", ""))
    return bool(email) and accounts.device_email(request.cookies.get(KNOWN_DEVICE)) == email


def limited_sign_in(view):
    """Per IP address, every attempt; per typed address, only wrong passwords from browsers
    that never signed in to it: others' guesses slow down guessing, not the owner, who keeps
    her own browsers and the emailed link."""
    view = limiter.limit(_limit, methods=["POST"], key_func=_email_key, scope="email",
                         exempt_when=_not_a_guess,
                         deduct_when=lambda response: response.status_code != 302)(view)
    return limiter.limit(_limit, methods=["POST"])(view)


def _link_mail_allowed(email: str) -> bool:
    """At most LINK_MAILS_PER_HOUR sign-in links to one address (no mail bombing through the
    never-refused link form); the links already sent stay valid."""
    item = parse_limit(current_app.config.get("LINK_MAILS_PER_HOUR", "6/hour"))
    return limiter.limiter.hit(item, "signin-link", email)


def safe_next(value: str | None) -> str | None:
    """A local path to go back to after sign-in, or None (no other site, no //host)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in value):
        return None
    return value


def _sign_in(user: User):
    accounts.record_login(user)
    token = accounts.device_token(user)

    @after_this_request
    def remember_device(response):
        response.set_cookie(KNOWN_DEVICE, token, max_age=accounts.MAX_AGE["device"],
                            httponly=True, samesite="Lax", secure=request.is_secure,
                            path=url_for("account.login"))
        return response

    # A new session: nothing from before sign-in survives, the CSRF secret included (a token
    # planted or read in the anonymous session is worthless once signed in).
    flashes = session.get("_flashes")
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    if flashes:
        session["_flashes"] = flashes
    login_user(user)


# Registration and sign-in ---------------------------------------------------------------------


@bp.route("/inscription", methods=["GET", "POST"])
@limited
def register():
    if current_user.is_authenticated:
        return redirect(url_for(".index"))
    form = RegisterForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/register.html", form=form), status
    user, _created = accounts.register(form.email.data, form.password.data, form.name.data)
    # Only this browser may keep the password it chose when the address is proven (set on
    # every path: the answer, cookie included, is the same whether the address was known).
    session[PENDING_PASSWORD] = {"u": user.id, "p": fingerprint(user.password_hash)}
    # Same answer either way; the worker mails a verification link, or tells the owner of an
    # existing account what to do.
    account_jobs.queue_for_address("register", user.email)
    db.session.commit()
    return render_template("accounts/sent.html", reason="register", email=form.email.data)


@bp.route("/connexion", methods=["GET", "POST"])
@limited_sign_in
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(".index"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/login.html", form=form), status

    if form.send_link.data:
        # The worker looks the address up: this request does the same for any address.
        email = normalize_email(form.email.data)
        if _link_mail_allowed(email):
            account_jobs.queue_for_address("signin", email, next_url)
        db.session.commit()
        return render_template("accounts/sent.html", reason="link", email=form.email.data)

    user = accounts.authenticate(form.email.data, form.password.data)
    if user is None:
        error = "Adresse électronique ou mot de passe incorrect."
        return render_template("accounts/login.html", form=form, error=error), 400
    if not user.is_verified:
        mails.send_verification(user)
        db.session.commit()  # the mail leaves
        error = (
            "Votre adresse n'est pas encore vérifiée : nous venons de vous renvoyer "
            "le lien de vérification par courriel."
        )
        return render_template("accounts/login.html", form=form, error=error), 403
    _sign_in(user)
    db.session.commit()
    return redirect(next_url or url_for(".index"))


@bp.route("/lien/<token>", methods=["GET", "POST"])
def magic_link(token: str):
    """GET shows a button, POST signs in: mail scanners that open links do not use them up."""
    user = accounts.user_from_signin_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html", kind="signin"), 400
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("accounts/magic_link.html", form=form, user=user)
    if accounts.prove_address(user, _kept_password(user)):  # the link reached this address
        flash(_PASSWORD_VOIDED, "info")
    _sign_in(user)
    db.session.commit()
    return redirect(safe_next(request.args.get("next")) or url_for(".index"))


@bp.get("/verifier/<token>")
def verify(token: str):
    pending = session.get(PENDING_PASSWORD) or {}
    user, voided = accounts.verify_email(token, pending.get("p"))
    if user is None:
        return render_template("accounts/link_invalid.html", kind="verify"), 400
    if pending.get("u") == user.id:
        session.pop(PENDING_PASSWORD, None)
    db.session.commit()
    return render_template("accounts/verified.html", user=user, password_voided=voided)


def _kept_password(user: User) -> str | None:
    pending = session.pop(PENDING_PASSWORD, None) or {}
    return pending.get("p") if pending.get("u") == user.id else None


@bp.post("/deconnexion")
def logout():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.end_sessions(current_user)  # copies of this cookie die too
        db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for(".login"))


# Passwords ------------------------------------------------------------------------------------


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limited
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/forgot_password.html", form=form), status
    account_jobs.queue_for_address("reset", normalize_email(form.email.data))
    db.session.commit()
    return render_template("accounts/sent.html", reason="reset", email=form.email.data)


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
@limited
def reset_password(token: str):
    user = accounts.user_from_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html", kind="reset"), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/reset_password.html", form=form, user=user), status
    accounts.set_password(user, form.password.data)
    _sign_in(user)
    db.session.commit()
    flash("Votre mot de passe est enregistré.", "success")
    return redirect(url_for(".index"))


# My account and invitations -------------------------------------------------------------------


def _invite_form(user: User) -> InviteForm | None:
    organizations = [o for o in user.organizations if can_invite(user, o)]
    if not organizations:
        return None
    form = InviteForm()
    form.organization.choices = [SelectChoice(o.slug, o.nom) for o in organizations]
    return form


@bp.get("/")
@login_required
def index():
    return _render_index(_invite_form(current_user))


def _render_index(invite_form, status=200):
    return render_template(
        "accounts/index.html",
        invite_form=invite_form,
        logout_form=ConfirmForm(),
        role_label=ROLE_LABELS.get(current_user.role),
    ), status


@bp.post("/inviter")
@login_required
@limited
def invite():
    form = _invite_form(current_user)
    if form is None:
        abort(403)
    if not form.validate_on_submit():
        return _render_index(form, 400)
    organization = db.session.scalars(
        select(Organization).where(Organization.slug == form.organization.data)
    ).one()
    if not can_invite(current_user, organization):
        abort(403)
    invitation = members.invite(organization, form.email.data, form.role.data, current_user)
    send_invitation(invitation, current_user)
    db.session.commit()
    flash(f"Invitation envoyée à {invitation.email}.", "success")
    return redirect(url_for(".index"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limited
def invitation(token: str):
    invitation = members.invitation_from_token(token)
    if invitation is None:
        return render_template("accounts/link_invalid.html", kind="invitation"), 400
    login_url = url_for(".login", next=request.path)
    if current_user.is_authenticated:
        form = ConfirmForm()
        if form.validate_on_submit():
            return _accept(invitation, current_user)
    else:
        form = AcceptInvitationForm()
        if form.validate_on_submit():
            existing = User.by_email(invitation.email)
            # An unverified account is nobody's yet: the invitation's reader takes it over.
            if existing is not None and (existing.is_verified or not existing.is_active):
                flash("Un compte existe déjà pour cette adresse : connectez-vous pour "
                      "accepter l'invitation.", "info")
                return redirect(login_url)
            user, _ = accounts.register(invitation.email, form.password.data, form.name.data)
            response = _accept(invitation, user)
            _sign_in(user)
            db.session.commit()
            return response
    status = 400 if form.is_submitted() else 200
    return render_template(
        "accounts/invitation.html", invitation=invitation, form=form, login_url=login_url
    ), status


def _accept(invitation, user: User):
    members.accept_invitation(invitation, user)
    db.session.commit()
    flash(f"Vous êtes maintenant membre de « {invitation.organization.nom} ».", "success")
    return redirect(url_for(".index"))
