from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.views.account import ChangePasswordPanel
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction

from .forms import PasswordChangeForm


@hooks.register("before_bulk_action")
def learners_are_erased_not_bulk_deleted(request, action_type, objects, action):
    """Deleting learners in bulk would skip the erasure policy (certificates,
    invitations, audit log): each is erased from her own "Delete" page."""
    if not isinstance(action, DeleteBulkAction):
        return None
    from privacy.selectors import has_admin_access

    if all(has_admin_access(user) for user in objects):
        return None
    messages.error(
        request,
        "Learners' accounts are erased one at a time, as the privacy policy "
        "says: open the person and choose Delete.",
    )
    return redirect("wagtailusers_users:index")


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
