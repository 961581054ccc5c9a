"""Show the export's ISO dates the way the rest of the site does."""

import datetime

from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def when(value) -> str:
    """ "26 November 2026 at 14:05" for a moment, "26 November 2026" for a day,
    and "—" for nothing."""
    if not value:
        return "—"
    try:
        if "T" in str(value):
            moment = datetime.datetime.fromisoformat(str(value))
            return _("%(day)s at %(time)s") % {
                "day": format_date(moment, "j F Y"),
                "time": format_date(moment, "H:i"),
            }
        return format_date(datetime.date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return str(value)


@register.filter
def yes_no(value) -> str:
    if value is None:
        return _("Not yet known")
    return _("Yes") if value else _("No")
