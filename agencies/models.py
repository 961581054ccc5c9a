"""Agencies, their teams and people, invitations, and the training they assign.

An Assignment is what a manager decides ("everyone in the Coventry team completes
this course by 31 March"). A Requirement is what that means for one person: one
row per person and course, with her due date, kept in step with assignments and
memberships by `services.sync_requirements`. Dashboards, exports and reminders
read Requirements, so they never have to work assignments out row by row.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates import references
from core.constraints import TextWithoutNul


def new_join_code() -> str:
    """Eight characters from the certificate reference alphabet (no look-alikes)."""
    return "".join(secrets.choice(references.ALPHABET) for _ in range(8))


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Agency(models.Model):
    class Kind(models.TextChoices):
        PROBATION = "probation", _("Probation")
        PRISON = "prison", _("Prison")
        POLICE = "police", _("Police")
        COURTS = "courts", _("Courts")
        HOUSING = "housing", _("Housing")
        HEALTH = "health", _("Health")
        VOLUNTARY = "voluntary", _("Voluntary sector")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.CharField(max_length=100, blank=True)
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            TextWithoutNul(
                fields=["name", "region"],
                name="agencies_agency_text_without_nul",
            ),
        ]
        ordering = ["name"]
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            TextWithoutNul(
                fields=["name"],
                name="agencies_team_text_without_nul",
            ),
            models.UniqueConstraint(
                fields=["agency", "name"], name="agencies_team_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's place in her agency. A manager manages the whole agency, or
    only the teams named in managed_teams."""

    class Role(models.TextChoices):
        LEARNER = "learner", _("Learner")
        MANAGER = "manager", _("Manager")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEARNER)
    managed_teams = models.ManyToManyField(Team, blank=True, related_name="managers")
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} in {self.agency}"

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER


class Invitation(models.Model):
    """An emailed, single-use link to join an agency, which expires."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="invitations"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A manager withdrew it: its link then says so, and she may invite again.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            TextWithoutNul(
                fields=["email", "full_name"],
                name="agencies_invitation_text_without_nul",
            ),
            # One open invitation per person and agency: uploading the same file
            # twice invites nobody twice.
            models.UniqueConstraint(
                "agency",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="agencies_one_open_invitation_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} to {self.agency}"


class Assignment(models.Model):
    """A course a manager requires of her agency, one team, or one person."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="assignments"
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agency_assignments",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="assignments"
    )
    due_date = models.DateField()
    renew_every_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Optional. Leave empty to use the course's own renewal period."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(user__isnull=True),
                name="agencies_assignment_one_target",
            ),
            models.UniqueConstraint(
                fields=["agency", "course"],
                condition=Q(team__isnull=True, user__isnull=True),
                name="agencies_assignment_once_per_agency",
            ),
            models.UniqueConstraint(
                fields=["team", "course"],
                condition=Q(team__isnull=False),
                name="agencies_assignment_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(user__isnull=False),
                name="agencies_assignment_once_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.course_id} for {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.user_id:
            return self.user.full_name or self.user.email
        if self.team_id:
            return gettext("Team: %(team)s") % {"team": self.team.name}
        return gettext("Everyone in %(agency)s") % {"agency": self.agency.name}


class Requirement(models.Model):
    """One person's assigned course: the earliest due date of the assignments
    that cover her, and its renewal period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requirements"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="requirements"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="requirements"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="requirements"
    )
    due_date = models.DateField()
    extended_to = models.DateField(
        null=True, blank=True, help_text=_("A later due date her manager agreed.")
    )
    renew_every_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Her learning record in the course, stored so that the status is a
    # comparison of dates with today (agencies/records.py keeps them).
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    renewal_opens_on = models.DateField(null=True, blank=True)
    renewing = models.BooleanField(
        default=False, help_text=_("Started again to renew, not yet complete again.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="agencies_requirement_once_per_course"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(started_on__isnull=False),
                name="agencies_requirement_completed_once_started",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "course"]),
            # The dashboard's filters: who is overdue, expiring, expired.
            models.Index(
                fields=["agency", "due_date"],
                condition=Q(completed_on__isnull=True),
                name="agencies_req_open_due",
            ),
            models.Index(
                fields=["agency", "renewal_opens_on"], name="agencies_req_renewal"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} must complete {self.course_id} by {self.due_date}"


class ExtensionRequest(models.Model):
    """A learner asking for a later due date. No reason is asked for; her manager
    agrees, or agrees a different date."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for your manager")
        AGREED = "agreed", _("Agreed")
        OTHER_DATE = "other_date", _("A different date was agreed")

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING
    )
    agreed_date = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement"],
                condition=Q(status="pending"),
                name="agencies_one_open_extension_request",
            )
        ]

    def __str__(self):
        return f"{self.requirement_id}: until {self.requested_date} ({self.status})"


class ReminderLog(models.Model):
    """Each reminder sent, once: the unique constraint makes a second run on the
    same day send nothing."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due in a week")
        OVERDUE = "overdue", _("Past its due date")
        DIGEST = "digest", _("Manager's weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "requirement", "kind", "sent_on"],
                name="agencies_reminder_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"],
                condition=Q(requirement__isnull=True),
                name="agencies_digest_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.user_id} on {self.sent_on}"
