from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import GroupFilter, UserFilterSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.forms import WagtailUserCreationForm, WagtailUserEditForm
from accounts.roles import has_admin_access
from core.filters import ModelMultipleChoiceFilter

from .services import erase_account

ERASED_BY_ADMIN_REASON = "Erased by an administrator."


class DeleteUserView(WagtailUserDeleteView):
    """Wagtail's "Delete user", except that a learner's account is erased as the
    privacy policy says (docs/privacy.md), never simply deleted: deleting would
    leave her name on certificates, invitations and the audit log. Accounts with
    admin access are deleted as Wagtail does."""

    @cached_property
    def erases(self) -> bool:
        return not has_admin_access(self.object)

    def get_template_names(self):
        if self.erases:
            return ["accounts/admin/confirm_erase.html"]
        return super().get_template_names()

    def get_page_title(self):
        return _("Erase account") if self.erases else super().get_page_title()

    @property
    def confirmation_message(self):
        if not self.erases:
            return super().confirmation_message
        return _(
            "Erase this account? Her learning records, quiz answers, reflections "
            "and agency membership are deleted; her certificates are withdrawn and "
            "her name removed from them; the account itself is kept only as "
            '"Erased learner" so the audit log still makes sense. This cannot be '
            "undone."
        )

    def delete_action(self):
        if not self.erases:
            return super().delete_action()
        erase_account(
            self.object, reason=ERASED_BY_ADMIN_REASON, actor=self.request.user
        )

    def get_success_message(self):
        if not self.erases:
            return super().get_success_message()
        return _("The account of %(person)s was erased.") % {"person": self.object}


class IdCheckedGroupFilter(GroupFilter):
    """Wagtail's group filter, refusing a value that is not an id (core.ids)
    as a form error instead of passing it to the database."""

    field_class = ModelMultipleChoiceFilter.field_class


class IdCheckedUserFilterSet(UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.filters["group"]
        self.filters["group"] = IdCheckedGroupFilter(
            field_name=group.field_name,
            queryset=group.queryset,
            label=group.label,
            use_subquery=group.use_subquery,
            widget=group.extra.get("widget"),
        )


class UserViewSet(WagtailUserViewSet):
    delete_view_class = DeleteUserView
    filterset_class = IdCheckedUserFilterSet

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
