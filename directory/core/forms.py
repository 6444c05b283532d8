"""The base form: strips surrounding whitespace from every text field."""

from flask_wtf import FlaskForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Every field strips what was typed, before any validator sees it.
            filters = unbound_field.kwargs.get("filters", ())
            options["filters"] = (_strip, *filters)
            return unbound_field.bind(form=form, **options)
