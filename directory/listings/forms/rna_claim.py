"""Forms that steer an association to its draft imported from the RNA rather than a duplicate.

The register lookup, and the new-listing form's checks.
"""

from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from directory.core.dates import date_fr
from directory.core.forms import BaseForm
from directory.listings import rna_drafts
from directory.listings.forms.organization import OrganizationForm
from directory.listings.identifiers import normalize_identifier


class RegisterLookupForm(BaseForm):
    """A GET search: no CSRF, so that results can be bookmarked and reloaded."""

    class Meta:
        csrf = False

    q = StringField("Numéro RNA ou nom de l'association", validators=[
        InputRequired("Indiquez le numéro RNA (W suivi de 9 caractères) ou le nom."),
        Length(max=200, message="200 caractères au plus."),
    ])


class NewOrganizationForm(OrganizationForm):
    """The new-listing form: refuses to duplicate a listing imported from the register."""

    not_in_register = BooleanField(
        "Aucune de ces fiches n'est notre association : créer une nouvelle fiche"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Imported drafts the person should claim rather than duplicate (shown with a link).
        self.register_matches: list[rna_drafts.RegisterDraft] = []

    def validate_nom(self, field):
        if self.not_in_register.data or normalize_identifier(self.rna.data):
            return  # a different RNA number is a different association: checked below
        matches = rna_drafts.by_name(field.data, exact=True)
        if matches:
            self.register_matches = matches
            raise ValidationError(
                "Une association de ce nom figure déjà dans l'annuaire, importée du répertoire "
                "national des associations : demandez à gérer sa fiche (ci-dessous) plutôt que "
                "d'en créer une autre, ou cochez « Aucune de ces fiches n'est notre "
                "association »."
            )

    def validate_rna(self, field):
        draft = rna_drafts.by_rna(field.data) if field.data else None
        if draft is not None:
            self.register_matches = [draft]
            raise ValidationError(
                f"Votre association figure déjà dans l'annuaire : la fiche « "
                f"{draft.organization.nom} » a été importée du répertoire national des "
                f"associations le {date_fr(draft.imported_at)} avec ce numéro. Demandez à la "
                f"gérer (lien ci-dessous) au lieu d'en créer une autre."
            )
        super().validate_rna(field)
