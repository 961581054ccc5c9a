from wagtail import hooks
from wagtail.admin.views.account import ChangePasswordPanel

from .forms import PasswordChangeForm


class ThrottledChangePasswordPanel(ChangePasswordPanel):
    """Wagtail's password panel, checking her current password through the
    throttled check. Wagtail's own panel is turned off in settings
    (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED), since it checks the password with
    no count of wrong tries."""

    form_class = PasswordChangeForm

    def is_active(self):
        return self.user.has_usable_password()

    def get_form(self):
        bind = self.request.method == "POST" and any(
            self.request.POST.get(f"{self.name}-{field}")
            for field in ("new_password1", "new_password2")
        )
        return self.form_class(
            self.user,
            self.request.POST if bind else None,
            prefix=self.name,
            request=self.request,
        )


@hooks.register("register_account_settings_panel")
def change_password_panel(request, user, profile):
    return ThrottledChangePasswordPanel(request, user, profile)
