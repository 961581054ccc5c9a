from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction

from accounts.roles import has_admin_access


@hooks.register("before_bulk_action")
def learners_are_erased_not_bulk_deleted(request, action_type, objects, action):
    """Deleting learners in bulk would skip the erasure policy (certificates,
    invitations, audit log): each is erased from her own "Delete" page."""
    if not isinstance(action, DeleteBulkAction):
        return None
    if all(has_admin_access(user) for user in objects):
        return None
    messages.error(
        request,
        _(
            "Learners' accounts are erased one at a time, as the privacy policy "
            "says: open the person and choose Delete."
        ),
    )
    return redirect("wagtailusers_users:index")
