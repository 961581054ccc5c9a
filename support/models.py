"""Support settings (Kairos's, per site) and each agency's own support details."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core.constraints import TextWithoutNul

from .blocks import ResourceBlock

NEUTRAL_SITE = "https://www.bbc.co.uk/weather"
TEXT_LIMIT = 2000


@register_setting(icon="help")
class SupportSettings(BaseSiteSetting):
    """The Support page's Kairos resources and the quick exit, edited by
    trainers under Settings in the admin. Left empty, the page shows sensible
    defaults (see support/support.html)."""

    intro = models.TextField(
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="Optional. Shown at the top of the Support page. Leave empty "
        "for the standard wording.",
    )
    resources = StreamField(
        [("resource", ResourceBlock())],
        blank=True,
        help_text="Leave empty to show the standard resources (Samaritans, Shout, "
        "and talking to a line manager or clinical supervisor).",
    )
    quick_exit_enabled = models.BooleanField(
        "show “Exit this page”",
        default=False,
        help_text="Adds an “Exit this page” link to the top of every page. It, "
        "or pressing Shift three times, leaves for the site below at once.",
    )
    quick_exit_url = models.URLField(
        "exit to",
        default=NEUTRAL_SITE,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A neutral site that gives nothing away, such as a weather page.",
    )

    panels = [
        FieldPanel("intro"),
        FieldPanel("resources"),
        MultiFieldPanel(
            [FieldPanel("quick_exit_enabled"), FieldPanel("quick_exit_url")],
            heading="Quick exit",
        ),
    ]

    class Meta:
        verbose_name = _("support page")


class AgencySupport(models.Model):
    """An agency's own support for its staff, kept by its managers. Plain text:
    shown as written, with web and email addresses made into links."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="support"
    )
    employee_assistance = models.TextField(
        _("employee assistance programme"),
        blank=True,
        max_length=TEXT_LIMIT,
        help_text=_(
            "Who provides it, how to reach it (phone, website) and when "
            "it is open. Say whether staff can contact it without asking anyone."
        ),
    )
    clinical_supervision = models.TextField(
        _("clinical supervision"),
        blank=True,
        max_length=TEXT_LIMIT,
        help_text=_(
            "How staff arrange clinical or reflective supervision, and with whom."
        ),
    )
    contacts = models.TextField(
        _("other contacts"),
        blank=True,
        max_length=TEXT_LIMIT,
        help_text=_(
            "For example: wellbeing lead, union, occupational health. One per line."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            TextWithoutNul(
                fields=["employee_assistance", "clinical_supervision", "contacts"],
                name="support_agencysupport_text_without_nul",
            ),
        ]
        verbose_name = _("agency support")
        verbose_name_plural = _("agency support")

    def __str__(self):
        return f"Support at {self.agency}"

    @property
    def is_empty(self) -> bool:
        return not (
            self.employee_assistance.strip()
            or self.clinical_supervision.strip()
            or self.contacts.strip()
        )
