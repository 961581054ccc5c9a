from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from wagtail.admin.forms.auth import PasswordChangeForm as WagtailPasswordChangeForm
from wagtail.users import forms as wagtail_forms

from .throttling import PasswordChecksPaused, password_is_right

User = get_user_model()


class SignUpForm(BaseUserCreationForm):
    """Public sign-up: full name, email and a password typed twice."""

    class Meta:
        model = User
        fields = ["full_name", "email"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {"full_name": "As you would like it to appear on certificates."}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. "
                "Sign in, or reset your password if you have forgotten it."
            )
        return email


class _NoSplitNameMixin(forms.Form):
    first_name = None
    last_name = None
    full_name = forms.CharField(required=True, label="Full name", max_length=150)


class WagtailUserCreationForm(_NoSplitNameMixin, wagtail_forms.UserCreationForm):
    class Meta(wagtail_forms.UserCreationForm.Meta):
        fields = {"email", "full_name", "is_superuser", "groups"}


class WagtailUserEditForm(_NoSplitNameMixin, wagtail_forms.UserEditForm):
    class Meta(wagtail_forms.UserEditForm.Meta):
        fields = {"email", "full_name", "is_active", "is_superuser", "groups"}


class AuthenticatorCodeForm(forms.Form):
    """The six-digit code an authenticator app shows, to confirm set-up."""

    code = forms.CharField(
        label="Six-digit code from your app",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the six-digit code from your app."},
    )


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label="Code",
        help_text=(
            "The six-digit code your authenticator app shows now, or one of your "
            "backup codes."
        ),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter a code from your app or a backup code."},
    )


class PasswordChangeForm(WagtailPasswordChangeForm):
    """The admin's "change password", with her current password checked the
    one throttled way (accounts.throttling.password_is_right)."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            right = password_is_right(
                self.request, user=self.user, password=old_password
            )
        except PasswordChecksPaused as paused:
            raise forms.ValidationError(paused.message) from None
        if not right:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
