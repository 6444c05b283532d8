"""Write routes of the open data area: the staff's CSV import page."""

import io

from tests.security_maps.route import Route


class ReplayableFile(io.BytesIO):
    """An upload posted several times by the test (anonymous, outsider, staff): each post
    reads it from the start again."""

    def read(self, size=-1):
        data = super().read(size)
        if not data:
            self.seek(0)
        return data

    def close(self):
        self.seek(0)  # the test client closes uploads once sent: keep it for the next post


CSV = "Nom;Commune\nAssociation importée par le test;Sergines\n".encode()

ROUTES = {
    "imports.csv_import": Route(
        lambda s: ("/moderation/imports/csv", {
            "fichier": (ReplayableFile(CSV), "annuaire.csv"),
            "mode": "importer",
        }),
        "staff",
    ),
}

PUBLIC: dict[str, str] = {}
