"""The audit log: who did what to whom, and when.

One row per thing a person did that an agency or Kairos may later have to
account for: a staff report exported, a person's record opened, a certificate
revoked, an answer marked, a membership or an assignment changed. Rows are
written by `audit.services.record`, inside the transaction of the change they
describe, and are never edited: the admin only lists and inspects them.

Who and what are also kept as text, copied at the time, so a row still reads
correctly after the person or the object is deleted or anonymised.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import TextWithoutNul


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        REPORT_EXPORTED = "report_exported", _("Staff report exported")
        PERSON_VIEWED = "person_viewed", _("Person's record viewed")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate reissued")
        ANSWER_MARKED = "answer_marked", _("Answer marked")
        MEMBERSHIP_ADDED = "membership_added", _("Joined an agency")
        MEMBERSHIP_CHANGED = "membership_changed", _("Membership changed")
        MEMBERSHIP_REMOVED = "membership_removed", _("Membership removed")
        ASSIGNMENT_CREATED = "assignment_created", _("Course assigned")
        ASSIGNMENT_CHANGED = "assignment_changed", _("Assignment changed")
        ASSIGNMENT_REMOVED = "assignment_removed", _("Assignment removed")
        DATA_EXPORTED = "data_exported", _("Personal data downloaded")
        ACCOUNT_ERASED = "account_erased", _("Account erased")
        TEAM_DELETED = "team_deleted", _("Team deleted")
        AGENCY_DELETED = "agency_deleted", _("Agency deleted")
        TWO_FACTOR_RESET = "two_factor_reset", _("Two-step sign-in reset")
        QUIZ_TIME_REQUESTED = "quiz_time_requested", _("More quiz time asked for")
        QUIZ_TIME_AGREED = "quiz_time_agreed", _("More quiz time agreed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
        INVITATION_CANCELLED = "invitation_cancelled", _("Invitation cancelled")
        JOIN_CODE_ROTATED = "join_code_rotated", _("Join code changed")
        JOIN_CODE_VIEWED = "join_code_viewed", _("Join code viewed")
        MORE_TIME_REQUESTED = "more_time_requested", _("More time asked for")
        SUPPORT_DETAILS_CHANGED = (
            "support_details_changed",
            _("Support details changed"),
        )
        TEAM_CREATED = "team_created", _("Team created")
        TEAM_CHANGED = "team_changed", _("Team changed")
        AGENCY_CREATED = "agency_created", _("Agency created")
        AGENCY_CHANGED = "agency_changed", _("Agency changed")
        EVIDENCE_PACK_BUILT = "evidence_pack_built", _("Evidence pack built")
        EVIDENCE_PACK_DOWNLOADED = (
            "evidence_pack_downloaded",
            _("Evidence pack downloaded"),
        )
        EVIDENCE_PACK_VERIFIED = (
            "evidence_pack_verified",
            _("Evidence pack's verification page viewed"),
        )
        CERTIFICATES_BULK_BUILT = "certificates_bulk_built", _("Certificates ZIP built")
        CERTIFICATES_BULK_DOWNLOADED = (
            "certificates_bulk_downloaded",
            _("Certificates ZIP downloaded"),
        )
        LARGE_EXPORT_BUILT = "large_export_built", _("Large staff report built")
        LARGE_EXPORT_DOWNLOADED = (
            "large_export_downloaded",
            _("Large staff report downloaded"),
        )

    when = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("what"), max_length=300, blank=True)
    # The person the event is about (the learner whose record was opened, whose
    # answer was marked...), so her name can be taken out of the log on erasure.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The agency's name as it was, so the event still says which agency once
    # the agency itself is deleted.
    agency_label = models.CharField(_("agency name"), max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [
            TextWithoutNul(
                fields=["actor_label", "target_label", "agency_label"],
                name="audit_auditevent_text_without_nul",
            ),
        ]
        ordering = ["-when", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        # Only viewing: nobody, not even a superuser, adds, edits or deletes a row
        # (the admin's permission policy refuses those actions too).
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["-when", "-id"], name="audit_when_desc"),
            models.Index(fields=["action", "-when"], name="audit_action_when"),
            models.Index(fields=["agency", "-when"], name="audit_agency_when"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_label or '-'}"

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency_id else self.agency_label
