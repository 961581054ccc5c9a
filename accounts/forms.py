from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from wagtail.admin.forms.auth import PasswordChangeForm as WagtailPasswordChangeForm
from wagtail.users import forms as wagtail_forms

from . import notifications
from .throttling import PasswordChecksPaused, password_is_right

User = get_user_model()


class SignUpForm(forms.Form):
    """Public sign-up, first step: her name and email address. Whether or not
    the address already has an account, the answer is the same ("check your
    email"): the email says which it is, to the only person who can read it."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="As you would like it to appear on certificates.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_full_name(self):
        return self.cleaned_data["full_name"].strip()

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class ChoosePasswordForm(SetPasswordMixin, forms.Form):
    """Public sign-up, second step (from the emailed link): a password typed
    twice, checked against her name and address like any password."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(self.user)
        return super().clean()


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


class NotificationsForm(forms.Form):
    """Which of the optional emails she receives: a box ticked for each one on."""

    receive = forms.MultipleChoiceField(
        label="Emails you can turn off",
        required=False,
        choices=[(kind.value, kind.label) for kind in notifications.OPTIONAL],
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick an email to stop receiving it. Select all that apply.",
        error_messages={
            "invalid_choice": "Choose from the emails listed on this page.",
        },
    )
