"""The search form (query string, no CSRF: bookmarkable) and the staff's vocabulary form."""

from flask import request
from wtforms import BooleanField, HiddenField, SearchField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from directory.core.forms import BaseForm

#: The filters a search URL can carry, besides the text and the page.
FILTERS = ("theme", "public", "commune", "type", "benevoles")
MAX_QUERY_LENGTH = 200
MAX_PAGE = 10_000


class SearchForm(BaseForm):
    q = SearchField(
        "Rechercher une association, une activité, un service",
        validators=[
            Length(
                max=MAX_QUERY_LENGTH,
                message=f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères.",
            )
        ],
    )
    theme = HiddenField()
    public = HiddenField()
    commune = HiddenField()
    type = HiddenField()
    benevoles = HiddenField()
    page = StringField(
        validators=[
            Optional(),
            Regexp(r"^[1-9][0-9]{0,4}$", message="Le numéro de page demandé n'est pas valide."),
        ]
    )

    def __init__(self, known: dict[str, set[str]], **kwargs):
        """`known` holds the accepted values of each filter ({"theme": {"sport", …}, …})."""
        kwargs.setdefault("formdata", request.args)
        kwargs.setdefault("meta", {"csrf": False})
        super().__init__(**kwargs)
        self._known = known

    def _check(self, field, message):
        if field.data and field.data not in self._known.get(field.name, ()):
            raise ValidationError(message.format(value=field.data))

    def validate_theme(self, field):
        self._check(field, "Le thème « {value} » n'existe pas : ce filtre a été ignoré.")

    def validate_public(self, field):
        self._check(field, "Le public « {value} » n'existe pas : ce filtre a été ignoré.")

    def validate_commune(self, field):
        self._check(field, "La commune « {value} » n'existe pas : ce filtre a été ignoré.")

    def validate_benevoles(self, field):
        self._check(field, "Le filtre « {value} » n'existe pas : il a été ignoré.")

    def validate_type(self, field):
        self._check(field, "Le type « {value} » n'existe pas : ce filtre a été ignoré.")

    def drop_invalid(self) -> None:
        """Forget the filters that failed validation so that the search runs without them."""
        for name in (*FILTERS, "page"):
            if getattr(self, name).errors:
                getattr(self, name).data = ""

    @property
    def query_text(self) -> str:
        return (self.q.data or "")[:MAX_QUERY_LENGTH]

    @property
    def page_number(self) -> int:
        return int(self.page.data) if self.page.data and not self.page.errors else 1

    @property
    def filters(self) -> dict[str, str | None]:
        """The valid filters, None when absent (url_for leaves them out)."""
        return {name: getattr(self, name).data or None for name in FILTERS}

    @property
    def url_args(self) -> dict[str, str | None]:
        """What a link to another page of the same search carries."""
        return {"q": self.q.data or None, **self.filters}


class VocabularyEntryForm(BaseForm):
    """A vocabulary entry added by staff: the people's words, and the listings' words."""

    words = TextAreaField(
        "Mots des habitants (un par ligne)",
        validators=[
            DataRequired(message="Indiquez au moins un mot ou une expression."),
            Length(max=2000, message="2 000 caractères au plus."),
        ],
    )
    find = TextAreaField(
        "Mots des fiches qui y répondent (un par ligne)",
        validators=[
            DataRequired(message="Indiquez au moins un mot des fiches."),
            Length(max=2000, message="2 000 caractères au plus."),
        ],
    )
    acronym = BooleanField("Sigle (correspondance exacte : « CAF » ne trouve pas « Café »)")
