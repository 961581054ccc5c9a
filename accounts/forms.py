from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import PasswordChangeForm as WagtailPasswordChangeForm
from wagtail.users import forms as wagtail_forms

from core import languages
from core.forms import EMAIL_FORMAT, PeopleFirstErrorsMixin

from . import notifications
from .throttling import PasswordChecksPaused, password_is_right

User = get_user_model()

# A message, not a password.
MISMATCHED_PASSWORDS = _("The passwords do not match. Enter the same password twice.")


def full_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As you would like it to appear on certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Enter a full name of up to 150 characters"),
        },
    )


def email_field(**kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": EMAIL_FORMAT,
        },
        **kwargs,
    )


def new_password_fields(
    label1: str = _("Password"), label2: str = _("Password confirmation")
) -> tuple[forms.CharField, forms.CharField]:
    """A new password, typed twice (autocomplete="new-password", so a password
    manager offers to make one)."""
    password1, password2 = SetPasswordMixin.create_password_fields(label1, label2)
    password1.error_messages["required"] = _("Enter a password")
    password2.error_messages["required"] = _("Enter the password again, to confirm it")
    password2.help_text = _("Enter the same password again, to check it.")
    return password1, password2


class SignUpForm(PeopleFirstErrorsMixin, forms.Form):
    """Public sign-up, first step: her name and email address. Whether or not
    the address already has an account, the answer is the same ("check your
    email"): the email says which it is, to the only person who can read it."""

    full_name = full_name_field()
    email = email_field()

    def clean_full_name(self):
        return self.cleaned_data["full_name"].strip()

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class ChoosePasswordForm(PeopleFirstErrorsMixin, SetPasswordMixin, forms.Form):
    """Public sign-up, second step (from the emailed link): a password typed
    twice, checked against her name and address like any password."""

    error_messages = {"password_mismatch": MISMATCHED_PASSWORDS}
    password1, password2 = new_password_fields()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        self.validate_passwords()
        # The password's problems belong to the box she typed it in first.
        self.validate_password_for_user(self.user, "password1")
        return super().clean()


class CreateAccountForm(ChoosePasswordForm):
    """A new account in one step, for an address already proved (an
    invitation was emailed to it): her name, the address shown but locked, and
    a password typed twice.

    The address is never read from what is posted: `email` is the one it must
    be, and the field only shows it (readonly, and so a password manager saves
    the right address with the password)."""

    full_name = full_name_field()
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_(
            "Your invitation was sent to this address, so your account uses it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "readonly": True}),
    )
    password1, password2 = new_password_fields()
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, email: str, full_name: str = "", **kwargs):
        self.locked_email = email
        super().__init__(
            *args,
            user=User(email=email, full_name=full_name),
            initial={"full_name": full_name, "email": email},
            **kwargs,
        )

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if not full_name:
            raise forms.ValidationError(_("Enter your full name"))
        # Checked against the name she typed, not the one she was invited by.
        self.user.full_name = full_name
        return full_name

    def clean_email(self):
        return self.locked_email


class LoginForm(PeopleFirstErrorsMixin, auth_forms.AuthenticationForm):
    """Sign-in, with messages written for people. A wrong address and a wrong
    password get the same answer, so sign-in tells nobody which addresses have
    accounts."""

    non_field_errors_field = "username"
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": (
            _("The email address or password was not right. Check them and try again.")
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Email address")
        username.error_messages["required"] = _("Enter your email address")
        username.widget.input_type = "email"
        username.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["password"].error_messages["required"] = _("Enter your password")


class InvitationSignInForm(LoginForm):
    """Sign-in on an invitation's page: the password for the invited address,
    which is shown but locked, and never read from what is posted."""

    def __init__(self, request=None, *args, email: str, **kwargs):
        self.locked_email = email
        kwargs.setdefault("initial", {"username": email})
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.required = False
        username.widget.attrs["readonly"] = True
        username.widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autofocus"] = True

    def clean_username(self):
        return self.locked_email


class PasswordResetForm(PeopleFirstErrorsMixin, auth_forms.PasswordResetForm):
    email = email_field()

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """The reset email in her language, its link to the page in it."""
        with languages.speaking_to(context["user"]):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class SetPasswordForm(PeopleFirstErrorsMixin, auth_forms.SetPasswordForm):
    """A new password from a reset link: the one set of rules and messages."""

    error_messages = {"password_mismatch": MISMATCHED_PASSWORDS}
    new_password1, new_password2 = new_password_fields(
        _("New password"), _("New password confirmation")
    )

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        # The password's problems belong to the box she typed it in first.
        self.validate_password_for_user(self.user, "new_password1")
        return super(auth_forms.SetPasswordForm, self).clean()


class _NoSplitNameMixin(forms.Form):
    first_name = None
    last_name = None
    full_name = forms.CharField(required=True, label=_("Full name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left as it was (English for a new account) when not sent.
        self.fields["preferred_language"].required = False

    def clean_preferred_language(self):
        chosen = self.cleaned_data.get("preferred_language")
        if chosen:
            return chosen
        return self.instance.preferred_language or settings.LANGUAGE_CODE


class WagtailUserCreationForm(_NoSplitNameMixin, wagtail_forms.UserCreationForm):
    class Meta(wagtail_forms.UserCreationForm.Meta):
        fields = {"email", "full_name", "preferred_language", "is_superuser", "groups"}


class WagtailUserEditForm(_NoSplitNameMixin, wagtail_forms.UserEditForm):
    class Meta(wagtail_forms.UserEditForm.Meta):
        fields = {
            "email",
            "full_name",
            "preferred_language",
            "is_active",
            "is_superuser",
            "groups",
        }


class AuthenticatorCodeForm(PeopleFirstErrorsMixin, forms.Form):
    """The six-digit code an authenticator app shows, to confirm set-up."""

    code = forms.CharField(
        label=_("Six-digit code from your app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter the six-digit code from your app")},
    )


class TwoFactorCodeForm(PeopleFirstErrorsMixin, forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_(
            "The six-digit code your authenticator app shows now, or one of your "
            "backup codes."
        ),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter a code from your app or a backup code")},
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
        label=_("Emails you can turn off"),
        required=False,
        choices=[(kind.value, kind.label) for kind in notifications.OPTIONAL],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick an email to stop receiving it. Select all that apply."),
        error_messages={
            "invalid_choice": _("Choose from the emails listed on this page."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [
            (kind.value, kind.label) for kind in notifications.choices_for(user=user)
        ]


class LanguageForm(forms.Form):
    """The language of her emails and certificates (and of the site, once she
    signs in). `next` is the page to go back to, when she chose from the offer
    shown after switching language."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "We send your emails and certificates in this language, and show "
            "the site in it when you sign in."
        ),
        error_messages={
            "required": _("Choose a language"),
            "invalid_choice": _("Choose English or Cymraeg."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
