"""`flask editions send-reminders`: the quarterly agenda's deadline reminders, meant for cron."""

from directory.core.mailings import batch_group
from directory.editions.mails import send_due

editions = batch_group(
    "editions", "Éditions imprimées de l'agenda trimestriel.", send_due,
    help="Remind organisations of the submission deadline; running it twice never mails twice.",
    summary="{reminders} rappel(s) envoyé(s)", example="2026-12-01T08:00:00+0100")
