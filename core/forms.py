"""What every public form shares: messages written for people, in the GOV.UK
pattern ("Enter your email address", not "This field is required.").

The page side of the pattern (the error summary that takes focus, each error
linked to its field, hints and errors tied to the field by aria-describedby) is
in templates/includes/form_errors.html and form_field.html, with
core/templatetags/form_tags.py and static/js/error-summary.js.
"""

from __future__ import annotations

from django import forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMAIL_FORMAT = gettext_lazy(
    "Enter an email address in the correct format, like name@example.com"
)

# Django's own wording, which no page of ours should show (compared in the
# language of the page, so read each time).
_DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
_DJANGO_INVALID_EMAIL = EmailValidator.message


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def required_message(field: forms.Field, label: str) -> str:
    """What to say when a field is left empty, from its kind and label."""
    label = _lower_first(label or _("this"))
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        return _("Select %(label)s") % {"label": label}
    if isinstance(widget, forms.FileInput | forms.Select | forms.RadioSelect):
        return _("Choose %(label)s") % {"label": label}
    return _("Enter %(label)s") % {"label": label}


class PeopleFirstErrorsMixin:
    """Replace Django's default messages with ones written for people, for any
    field whose form did not already write its own; and, once a form has
    errors, take autofocus off its fields so that focus goes to the error
    summary at the top of the page (which has autofocus itself)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            messages = field.error_messages
            if str(messages.get("required", "")) == str(_DJANGO_REQUIRED):
                messages["required"] = required_message(field, str(field.label or ""))
            # A validator's message gives way to the field's for the same code.
            if isinstance(field, forms.EmailField) and (
                str(messages.get("invalid", _DJANGO_INVALID_EMAIL))
                == str(_DJANGO_INVALID_EMAIL)
            ):
                messages["invalid"] = EMAIL_FORMAT
            limit = getattr(field, "max_length", None)
            if limit and "max_length" not in messages:
                messages["max_length"] = _(
                    "%(label)s must be %(limit)s characters or fewer"
                ) % {"label": field.label or _("This"), "limit": limit}

    def full_clean(self):
        super().full_clean()
        if self._errors:
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)


def posted(request):
    """The form data of a POST, or None for any other method. Not
    `request.POST or None`: an empty POST (every field left blank, as a
    script or an old browser may send it) must still be checked and answered
    with the error summary, not shown as a fresh form."""
    return request.POST if request.method == "POST" else None
