"""`flask partners purge-referrals`: erase beneficiaries' data past the retention period."""

import click

from directory.core.extensions import db


@click.group()
def partners():
    """Annuaire partenarial."""


@partners.command("purge-referrals")
def purge_referrals():
    """Erase the personal data of referrals older than REFERRAL_RETENTION_DAYS (run daily)."""
    from directory.partners import operations as referrals

    count = referrals.purge()
    db.session.commit()
    click.echo(f"{count} orientation(s) anonymisée(s) (conservation : "
               f"{referrals.retention_days()} jours).")
