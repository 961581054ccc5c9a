from django import template
from django.utils import timezone

from agencies import reminders, selectors

register = template.Library()


@register.inclusion_tag("agencies/includes/assigned_to_you.html", takes_context=True)
def assigned_to_you(context):
    """ "Assigned to you" for My learning: overdue first, then by due date, with
    when she will next be reminded."""
    user = context["request"].user
    today = timezone.localdate()
    requests = selectors.latest_extension_requests(user=user)
    rows = [
        (
            requirement,
            cell,
            reminders.next_reminder(cell, today=today),
            requests.get(requirement.pk),
        )
        for requirement, cell in selectors.learner_requirements(user=user, today=today)
    ]
    return {"rows": rows, "due_soon_days": reminders.DUE_SOON_DAYS}
