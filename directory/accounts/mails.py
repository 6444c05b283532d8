"""Account mails: address verification, sign-in link, password reset, « you already have one ».

Each function queues its mail (core.mail.queue_mail): it leaves when the request commits.
"""


from directory.accounts import operations as accounts
from directory.accounts.models import User
from directory.core.mail import queue_mail, site_name
from directory.core.urls import absolute_url


def send_verification(user: User) -> None:
    url = absolute_url("account.verify", token=accounts.verification_token(user))
    queue_mail(user.email, f"Confirmez votre adresse – {site_name()}", "verify", user=user,
               url=url)


def send_account_exists(user: User) -> None:
    queue_mail(user.email, f"Vous avez déjà un compte – {site_name()}", "account_exists",
               user=user, login_url=absolute_url("account.login"),
               reset_url=absolute_url("account.forgot_password"))


def send_signin_link(user: User, next_url: str | None) -> None:
    url = absolute_url("account.magic_link", token=accounts.signin_token(user), next=next_url)
    queue_mail(user.email, f"Votre lien de connexion – {site_name()}", "signin_link",
               user=user, url=url, minutes=accounts.MAX_AGE["signin"] // 60)


def send_reset(user: User) -> None:
    url = absolute_url("account.reset_password", token=accounts.reset_token(user))
    queue_mail(user.email, f"Choisir un nouveau mot de passe – {site_name()}",
               "reset_password", user=user, url=url, hours=accounts.MAX_AGE["reset"] // 3600)
