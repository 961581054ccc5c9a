"""Record ids that arrive from outside: query strings, form choices, filters.

A number the database cannot hold is not "no such record" to the database: an
id past 2**63 makes SQLite raise OverflowError and PostgreSQL "out of range",
which the visitor sees as a server error. Everything here turns such input
into what it is — nothing to find — before any query runs: `parse_id` for one
value, `id_from_query` for a query-string parameter (a 400 when it is not an
id), and form fields that give a form error instead.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import connection

# Ids start at 1; the highest a 64-bit signed integer column holds.
MIN_ID = 1
MAX_ID = 2**63 - 1
# No id has more digits than this; longer input is refused before int() reads it.
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value, *, max_id: int = MAX_ID) -> int | None:
    """The id `value` names, or None when it is not one: only ASCII digits
    (spaces around them are allowed), from 1 up to `max_id`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        if not isinstance(value, str):
            return None
        text = value.strip()
        if (
            not text
            or len(text) > _MAX_DIGITS
            or not (text.isascii() and text.isdigit())
        ):
            return None
        number = int(text)
    return number if MIN_ID <= number <= max_id else None


def id_from_query(query, name: str) -> int | None:
    """The id in query-string parameter `name`: None when it is absent or
    empty; a 400 (BadRequest) when it is anything but an id."""
    value = query.get(name)
    if value is None or value == "":
        return None
    number = parse_id(value)
    if number is None:
        raise BadRequest(f"The {name!r} parameter is not a record number.")
    return number


def max_id_for(model, field_name: str | None = None) -> int | None:
    """The highest value the model's id column (or `field_name`) holds on this
    database, or None when that column is not an integer."""
    field = (
        model._meta.pk
        if field_name in (None, "pk")
        else model._meta.get_field(field_name)
    )
    target = getattr(field, "target_field", field)
    low_high = connection.ops.integer_field_range(target.get_internal_type())
    if low_high is None:
        return None
    return min(MAX_ID, low_high[1])


class IdField(forms.IntegerField):
    """A record id typed or chosen in a form: digits only, 1 to MAX_ID."""

    def __init__(self, *, max_value: int = MAX_ID, **kwargs):
        kwargs.setdefault("min_value", MIN_ID)
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value, max_id=self.max_value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class _ChecksIds:
    """For model choice fields: a value that cannot be an id of the queryset's
    model is an invalid choice, found without asking the database."""

    def _max_id(self) -> int | None:
        return max_id_for(self.queryset.model, getattr(self, "to_field_name", None))

    def _refuse_non_id(self, value) -> None:
        # django-filter's "no value" choice, where a filter offers one.
        if getattr(self, "null_label", None) is not None and value == getattr(
            self, "null_value", None
        ):
            return
        max_id = self._max_id()
        if max_id is not None and parse_id(value, max_id=max_id) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class ModelChoiceField(_ChecksIds, forms.ModelChoiceField):
    """Django's ModelChoiceField, refusing values that are not ids as an
    invalid choice instead of passing them to the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model):
            self._refuse_non_id(value)
        return super().to_python(value)

    def bound_data(self, data, initial):
        """A submitted value that cannot be an id is shown again as no choice:
        a chooser widget (Wagtail's image or snippet chooser) would otherwise
        look it up in the database to show what was chosen."""
        if data in self.empty_values or isinstance(data, self.queryset.model):
            return data
        try:
            self._refuse_non_id(data)
        except ValidationError:
            return None
        return data


class _ChecksManyIds(_ChecksIds):
    def _check_values(self, value):
        for each in value:
            if not isinstance(each, self.queryset.model):
                try:
                    self._refuse_non_id(each)
                except ValidationError:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": each},
                    ) from None
        return super()._check_values(value)


class ModelMultipleChoiceField(_ChecksManyIds, forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing values that are not ids."""
