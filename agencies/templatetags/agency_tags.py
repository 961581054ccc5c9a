import functools

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


@register.simple_tag
def status_cell(cell):
    """One person's status on one course, as the dashboard and the person page
    show it. A tag, not an include: the dashboard draws hundreds per page."""
    if cell is None:
        return format_html('<span class="cell cell--none">{}</span>', _("Not assigned"))
    return _cell_html(
        cell.status, cell.dashboard_label, cell.detail, language=get_language()
    )


@register.simple_tag
def status_cells(cells):
    """A row of the dashboard's status cells, each in its table cell: one tag
    for the row, since a page draws hundreds."""
    return format_html_join("", "<td>{}</td>", ((status_cell(cell),) for cell in cells))


@functools.lru_cache(maxsize=4096)
def _cell_html(status: str, label: str, detail: str, *, language: str) -> str:
    # A page repeats the same few cells (one due date per assignment). Kept
    # per language as well as per text: a Welsh page never gets an English cell.
    return format_html(
        '<span class="cell cell--{}">{}</span><span class="cell__detail">{}</span>',
        status,
        label,
        detail,
    )
