"""The base form: strips every text field and keeps single-line fields on one line."""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

#: Line breaks and other control characters: never part of a single-line value (a title with
#: a CR LF broke mail headers and iCalendar lines).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def one_line(value):
    """A single-line field's value: each run of line breaks or control characters is a space."""
    return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else value


def _single_line(field_class) -> bool:
    return (
        issubclass(field_class, StringField)
        and not issubclass(field_class, (TextAreaField, PasswordField))
    )


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Every field strips what was typed, before any validator sees it.
            filters = unbound_field.kwargs.get("filters", ())
            first = one_line if _single_line(unbound_field.field_class) else _strip
            options["filters"] = (first, *filters)
            return unbound_field.bind(form=form, **options)
