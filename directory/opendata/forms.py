"""The staff's CSV import form: the file, what to do with it, and whether to publish."""

from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from directory.core.forms import BaseForm

MODES = {
    "verifier": "Vérifier seulement : rien n'est enregistré",
    "importer": "Importer, seulement si toutes les lignes sont valides",
    "valides": "Importer les lignes valides et laisser de côté les autres",
}


#: An import file's largest size (the label says it).
MAX_BYTES = 5 * 1024 * 1024


class CsvImportForm(BaseForm):
    fichier = FileField(
        "Fichier du tableur : classeur .xlsx, ou enregistré au format « CSV » ou « Texte "
        "Unicode » (.csv, .txt), 5 Mo au plus",
        validators=[
            FileRequired(message="Choisissez le fichier à importer."),
            FileAllowed(["csv", "txt", "xlsx"],
                        message="Le fichier doit être un classeur .xlsx ou un fichier CSV "
                                "(.csv, .txt)."),
            FileSize(MAX_BYTES, message="Le fichier dépasse 5 Mo : découpez-le en plusieurs."),
        ],
    )
    mode = RadioField("Que faire ?", choices=[SelectChoice(v, label) for v, label in MODES.items()],
                      default="verifier")
    publier = BooleanField("Publier les fiches importées (sinon elles restent en brouillon, "
                           "à relire dans la file de modération)")
    submit = SubmitField("Envoyer")


class RnaImportForm(BaseForm):
    """The register's "waldec" file of the département, as published on data.gouv.fr."""

    fichier = FileField(
        "Fichier RNA « waldec » du département (CSV, 5 Mo au plus)",
        validators=[
            FileRequired(message="Choisissez le fichier à importer."),
            FileAllowed(["csv", "txt"], message="Le fichier doit être au format CSV (.csv)."),
            FileSize(MAX_BYTES, message="Le fichier dépasse 5 Mo : découpez-le en plusieurs."),
        ],
    )
    simulation = BooleanField("Simulation : montrer ce qui serait fait, sans rien enregistrer")
    submit = SubmitField("Envoyer")
