from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.throttling import PasswordChecksPaused, password_is_right


class EraseAccountForm(forms.Form):
    """Her password, and a tick to say she understands it cannot be undone."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and my learning records will be "
            "erased, and that this cannot be undone."
        ),
        error_messages={
            "required": gettext_lazy(
                "Tick the box to confirm that you want your account erased."
            )
        },
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user

    def clean_password(self):
        password = self.cleaned_data["password"]
        try:
            right = password_is_right(self.request, user=self.user, password=password)
        except PasswordChecksPaused as paused:
            raise forms.ValidationError(paused.message) from None
        if not right:
            raise forms.ValidationError(
                _(
                    "That password is not right. Nothing has been changed. Try "
                    "again, or reset your password if you have forgotten it."
                )
            )
        return password
