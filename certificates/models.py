import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.constraints import TextWithoutNul
from courses import rules

from . import references

WELSH = "cy"


def new_token() -> str:
    """192 random bits, URL-safe (OWASP ASVS 5.0 11.5.1 asks for at least 128)."""
    return secrets.token_urlsafe(24)


def certificate_storage():
    """Certificates live in storage of their own, never served as public media."""
    return storages["certificates"]


def pdf_path(certificate: "Certificate", filename: str) -> str:
    return f"certificates/{certificate.issued_at:%Y/%m}/{certificate.token}.pdf"


class Certificate(models.Model):
    """Evidence that a learner completed a course. The learner's name, the
    course's title and its CPD hours are copied as they were at completion;
    revoking a certificate records why, when and who, and never deletes it."""

    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("certificate", "Valid")
        EXPIRED = "expired", pgettext_lazy("certificate", "Expired")
        REVOKED = "revoked", pgettext_lazy("certificate", "Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("course"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    reference = models.CharField(
        _("reference"),
        max_length=references.LENGTH + 2,
        unique=True,
        default=references.generate,
        editable=False,
    )
    learner_name = models.CharField(_("learner's name"), max_length=200)
    course_title = models.CharField(_("course title"), max_length=255)
    course_title_welsh = models.CharField(
        _("course title in Welsh"),
        max_length=255,
        blank=True,
        help_text=_("The title of the course's Welsh translation when it was issued."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language it was issued in, the learner's own: a reissue or a "
            "new render keeps it."
        ),
    )
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1)
    completed_at = models.DateTimeField(_("completed"))
    completion = models.ForeignKey(
        "courses.Completion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("completion"),
        help_text=_("The completion it evidences, with the version of the course."),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    reissue_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reissues",
        verbose_name=_("reissue of"),
        help_text=_("The certificate this one replaced."),
    )

    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    pdf = models.FileField(
        _("PDF"),
        storage=certificate_storage,
        upload_to=pdf_path,
        blank=True,
        max_length=200,
    )
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_failed_at = models.DateTimeField(null=True, blank=True)
    render_error = models.TextField(_("rendering error"), blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            TextWithoutNul(
                fields=[
                    "learner_name",
                    "course_title",
                    "course_title_welsh",
                    "revoked_reason",
                ],
                name="certificates_certificate_text_without_nul",
            ),
            # Exactly one certificate in force for each completion; a reissue
            # first revokes the one it replaces.
            models.UniqueConstraint(
                fields=["user", "course", "completed_at"],
                condition=Q(revoked_at__isnull=True),
                name="certificates_one_in_force_per_completion",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificates_revocation_has_reason",
            ),
        ]
        permissions = [
            (
                "revoke_certificate",
                _("Can revoke, reissue and re-render certificates"),
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.learner_name}, {self.course_title}"

    @property
    def status(self) -> "Certificate.Status":
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_on and self.expires_on < timezone.localdate():
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def expires_soon(self) -> bool:
        return self.status == self.Status.VALID and rules.is_expiring(
            self.expires_on, today=timezone.localdate()
        )

    @property
    def course_version(self) -> str:
        """The version of the course she completed, for trainers: "Version of
        26 November 2026 (3f9a1c0b2d4e)", the fingerprint's first characters."""
        if self.completion is None:
            return gettext("Not recorded")
        values = {
            "version": capfirst(self.completion.version_label),
            "fingerprint": self.completion.short_fingerprint,
        }
        if self.completion.backfilled:
            return (
                gettext("%(version)s (%(fingerprint)s, recorded afterwards)") % values
            )
        return gettext("%(version)s (%(fingerprint)s)") % values

    def title_in(self, code: str) -> str:
        """The course's title in a language: the Welsh translation's title as
        issued, for Welsh; the English (source) title otherwise."""
        if code == WELSH and self.course_title_welsh:
            return self.course_title_welsh
        return self.course_title

    @property
    def title_in_current_language(self) -> str:
        return self.title_in(translation.get_language())

    @property
    def language_name(self) -> str:
        """The language it was issued in, named in the language being read."""
        return translation.get_language_info(self.language)["name_translated"]

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf)

    @property
    def surname(self) -> str:
        return self.learner_name.split()[-1] if self.learner_name.strip() else ""


HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Enter a colour as # and six hex digits, e.g. #5b2a86."),
)


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """How certificates look: trainers edit this under Settings in the admin."""

    class Languages(models.TextChoices):
        LEARNERS = "learner", _("In the learner's language")
        BILINGUAL = "bilingual", _("Bilingual: Welsh and English side by side")

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Without one, the Kairos name is printed."),
    )
    signatory_name = models.CharField(
        _("signatory name"), max_length=120, default="Kairos training team"
    )
    signatory_role = models.CharField(_("signatory role"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A scan of the signature on a plain background."),
    )
    languages = models.CharField(
        _("language"),
        max_length=20,
        choices=Languages.choices,
        default=Languages.LEARNERS,
        help_text=_(
            "In the learner's language: Welsh for a learner who reads Kairos in "
            "Welsh, English otherwise. Bilingual: every certificate in Welsh and "
            "English side by side on one page, Welsh first, as Welsh public bodies "
            "issue them."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#5b2a86", validators=[HEX_COLOUR]
    )
    footer_text = models.CharField(
        _("footer text"),
        max_length=300,
        blank=True,
        default=(
            "Kairos, Coventry: supporting women, training the agencies around them."
        ),
    )

    def wording(self, field: str) -> str:
        """A worded field in the language being spoken: its Welsh on a Welsh
        certificate where it has one, else the English."""
        if translation.get_language() == "cy":
            return getattr(self, f"{field}_welsh") or getattr(self, field)
        return getattr(self, field)

    @property
    def signatory_name_shown(self) -> str:
        return self.wording("signatory_name")

    @property
    def signatory_role_shown(self) -> str:
        return self.wording("signatory_role")

    @property
    def footer_text_shown(self) -> str:
        return self.wording("footer_text")

    # The same wording in Welsh, for a Welsh certificate (or the Welsh half of a
    # bilingual one); empty: the English is printed.
    signatory_name_welsh = models.CharField(
        _("signatory name in Welsh"),
        max_length=120,
        blank=True,
        default="Tîm hyfforddi Kairos",
    )
    signatory_role_welsh = models.CharField(
        _("signatory role in Welsh"), max_length=120, blank=True
    )
    footer_text_welsh = models.CharField(
        _("footer text in Welsh"),
        max_length=300,
        blank=True,
        default=(
            "Kairos, Coventry: cefnogi menywod, hyfforddi'r asiantaethau o'u cwmpas."
        ),
        help_text=_("Empty: the English footer is printed on Welsh certificates."),
    )

    panels = [
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_role"),
                FieldPanel("signatory_name_welsh"),
                FieldPanel("signatory_role_welsh"),
                FieldPanel("signature"),
            ],
            heading=_("Signed by"),
        ),
        FieldPanel("languages"),
        FieldPanel("accent_colour"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_welsh"),
        HelpPanel(
            heading=_("Sample certificate"),
            template="certificates/admin/sample_panel.html",
        ),
    ]

    class Meta:
        verbose_name = _("certificate design")
