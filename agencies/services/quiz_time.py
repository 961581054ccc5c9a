"""More time on timed quizzes: who may agree it for whom.

Her agency's manager (within the manager's scope), or a Kairos trainer when she
belongs to no agency. The adjustment itself, and its audit, is
`quizzes.adjustments.agree_more_time`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from accounts.roles import is_trainer
from quizzes import adjustments
from quizzes.models import TimeAdjustment

from ..selectors import Scope
from .errors import AgencyError


def agree_quiz_time(
    *, scope: Scope, by, membership_id: int, multiplier: str
) -> TimeAdjustment:
    """A manager agrees more time for someone in her agency or teams."""
    membership = (
        scope.memberships().select_related("user").filter(pk=membership_id).first()
    )
    if membership is None:
        raise AgencyError(gettext("That person is not in your agency or teams."))
    return _agree(
        by=by, learner=membership.user, multiplier=multiplier, agency=scope.agency
    )


def agree_quiz_time_as_trainer(*, by, user_id: int, multiplier: str) -> TimeAdjustment:
    """A Kairos trainer agrees more time for someone who belongs to no agency
    (anyone in an agency asks her manager)."""
    if not is_trainer(by):
        raise AgencyError(gettext("Only Kairos trainers can agree more time here."))
    learner = (
        get_user_model().objects.filter(pk=user_id, membership__isnull=True).first()
    )
    if learner is None:
        raise AgencyError(
            gettext("That person belongs to an agency: her manager decides.")
        )
    return _agree(by=by, learner=learner, multiplier=multiplier, agency=None)


def _agree(*, by, learner, multiplier: str, agency) -> TimeAdjustment:
    try:
        return adjustments.agree_more_time(
            by=by, learner=learner, multiplier=multiplier, agency=agency
        )
    except adjustments.AdjustmentError as error:
        raise AgencyError(error.message) from error
