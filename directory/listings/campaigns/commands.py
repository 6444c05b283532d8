"""`flask campaigns send-reminders`: the campaign mails that are due, meant for cron."""

from directory.core.mailings import batch_group
from directory.listings.campaigns.mails import send_due

campaigns = batch_group(
    "campaigns", "Campagnes de mise à jour des fiches.", send_due,
    help="Send due first mails and reminders; running it twice never sends a mail twice.",
    summary="{first} premier(s) envoi(s), {reminders} relance(s)",
    example="2027-07-15T08:00:00+0200")
