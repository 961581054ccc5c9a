"""django-filter filters (as Wagtail's admin listings use) whose record ids
are checked as core.ids checks them: a value that is not an id becomes a form
error on the filter, never a database error."""

from __future__ import annotations

import django_filters
from django.db import models
from django_filters import fields as filter_fields
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from wagtail.admin.filters import WagtailFilterSet

from .ids import _ChecksIds, _ChecksManyIds


class _IdChoiceField(_ChecksIds, filter_fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not isinstance(
            value, self.queryset.model
        ):
            self._refuse_non_id(value)
        return super().to_python(value)


class _IdMultipleChoiceField(_ChecksManyIds, filter_fields.ModelMultipleChoiceField):
    pass


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _IdChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _IdMultipleChoiceField


# For a FilterSet's FILTER_DEFAULTS: relations filtered with the checked filters.
FILTER_DEFAULTS = {
    **FILTER_FOR_DBFIELD_DEFAULTS,
    models.ForeignKey: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.ForeignKey],
        "filter_class": ModelChoiceFilter,
    },
    models.OneToOneField: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.OneToOneField],
        "filter_class": ModelChoiceFilter,
    },
    models.ManyToManyField: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.ManyToManyField],
        "filter_class": ModelMultipleChoiceFilter,
    },
}


class IdFilterSetMixin:
    """Mix into a FilterSet (before it) so that filters generated for its
    relations (Meta.fields, Wagtail's list_filter) check their ids."""

    FILTER_DEFAULTS = FILTER_DEFAULTS


__all__ = [
    "FILTER_DEFAULTS",
    "IdFilterSetMixin",
    "ModelChoiceFilter",
    "ModelMultipleChoiceFilter",
]


def id_checked_filterset(model, fields: list[str]):
    """A Wagtail admin filter set over `fields` of `model` (what `list_filter`
    would build), whose relation filters check their ids."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(
        f"{model.__name__}FilterSet",
        (IdFilterSetMixin, WagtailFilterSet),
        {"Meta": meta},
    )
