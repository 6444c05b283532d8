"""`flask users create/archive`: accounts made from the command line, members if asked.

`flask users create/archive`: accounts made from the command line (first administrator, a
member of an organisation), here because an account may be made a member of a listing.
"""

import click
from sqlalchemy import select

from directory.accounts import operations as accounts
from directory.accounts.models import ROLE_LABELS, Role, User
from directory.core.extensions import db
from directory.listings.members import add_membership
from directory.listings.models.organization import Organization


@click.group()
def users():
    """Comptes : création et archivage."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Rôle sur tout le site.")
@click.option("--password", help="Sans mot de passe, la personne se connecte par lien.")
@click.option("--organization", "organization_slug", help="Slug de l'organisation à gérer.")
@click.option("--name", help="Prénom et nom.")
def create(email, role, password, organization_slug, name):
    """Create a verified account, optionally member of an organisation."""
    if User.by_email(email) is not None:
        raise click.ClickException(f"Un compte existe déjà pour {email}.")
    organization = None
    if organization_slug:
        organization = db.session.scalars(
            select(Organization).where(Organization.slug == organization_slug)
        ).first()
        if organization is None:
            raise click.ClickException(f"Aucune organisation « {organization_slug} ».")
    if password is not None and len(password) < 12:
        raise click.ClickException("Le mot de passe doit compter au moins 12 caractères.")
    user = accounts.create_user(email, role, password, name)
    if organization is not None:
        add_membership(user, organization)
    db.session.commit()
    what = ROLE_LABELS.get(role, "compte") if role else "Compte"
    click.echo(f"{what} créé pour {user.email}.")
    if organization is not None:
        click.echo(f"Membre de « {organization.nom} ».")
    if password:
        click.echo("Connexion : page /compte/connexion, avec cette adresse et ce mot de passe.")
    else:
        click.echo(
            "Connexion : page /compte/connexion, saisir cette adresse puis "
            "« Recevoir un lien de connexion » (lien envoyé par courriel)."
        )


@users.command("archive")
@click.argument("email")
def archive(email):
    """Archive an account: it can no longer sign in (accounts are never deleted)."""
    user = User.by_email(email)
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    accounts.archive_user(user)
    db.session.commit()
    click.echo(f"Compte {user.email} archivé.")
