"""The error summary's list: each error once, linked to its field."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    message: str
    href: str = ""


@register.simple_tag
def error_summary_items(form, page_errors=None) -> list[SummaryError]:
    """Every error of `form`, in the order of the page: `page_errors` (messages from
    the page rather than a form) first, then errors about the form as a whole
    (linked to the field named by the form's `non_field_errors_field`, if it
    has one), then each field's, linked to the field's input so that following
    the link puts her there."""
    items = [SummaryError(str(message)) for message in page_errors or []]
    if not form or not getattr(form, "errors", None):
        return items
    target = getattr(form, "non_field_errors_field", "")
    target_href = f"#{form[target].id_for_label}" if target in form.fields else ""
    items.extend(
        SummaryError(str(message), target_href) for message in form.non_field_errors()
    )
    for field in form:
        if field.is_hidden:
            items.extend(SummaryError(str(message)) for message in field.errors)
            continue
        items.extend(
            SummaryError(str(message), f"#{field.id_for_label}")
            for message in field.errors
        )
    return items
