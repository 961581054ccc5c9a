"""What every screen of the quizzes admin shares: who may use it, the filters
of the attempt listings, and how a result is named."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import PermissionCheckedMixin

from accounts.roles import trainers_policy
from core.filters import ModelChoiceFilter

from .. import reports
from ..models import Attempt

PER_PAGE = 50


class TrainersOnlyMixin(PermissionCheckedMixin):
    """Trainers and superusers (`accounts.roles.is_trainer`); anyone else with
    admin access meets Wagtail's permission-denied redirect."""

    permission_policy = trainers_policy(Attempt)
    permission_required = "view"


def _quizzes(request):
    return reports.quiz_choices()


def _by_learner(queryset, name, value):
    return reports.filter_by_learner(queryset, value)


class AttemptFilterSet(WagtailFilterSet):
    quiz = ModelChoiceFilter(
        label=_("Quiz"), empty_label=_("All quizzes"), queryset=_quizzes
    )
    learner = django_filters.CharFilter(
        label=_("Learner"),
        method=_by_learner,
        max_length=150,
        help_text=_("Part of her name or email address."),
    )

    class Meta:
        model = Attempt
        fields = ["quiz", "learner"]


class FilteredOnceMixin:
    """ReportView filters `get_queryset()`, which has filtered already."""

    def get_filtered_queryset(self):
        return self.get_queryset()


def result_label(attempt: Attempt) -> str:
    if attempt.status == Attempt.Status.AWAITING_MARKING:
        return gettext("Awaiting marking")
    if attempt.status == Attempt.Status.SUPERSEDED:
        return gettext("Not marked: a later attempt settled her result")
    return gettext("Passed") if attempt.passed else gettext("Not passed")
