"""More time on timed quizzes is hers: in her export, and gone when she is erased."""

import pytest

from privacy import selectors, services
from quizzes import adjustments
from quizzes.models import TimeAdjustment

pytestmark = pytest.mark.django_db


def test_her_export_shows_the_time_agreed_and_erasure_deletes_it(
    learner, other_learner, trainer
):
    adjustments.agree_more_time(by=trainer, learner=learner, multiplier="1.5")
    adjustments.request_more_time(user=other_learner)

    data = selectors.export_for(learner)["more_time_on_timed_quizzes"]
    assert data["agreed"] == "1.5 times the usual time"
    assert data["asked_on"] is None

    services.erase_account(learner, reason="She asked.", actor=learner)

    assert not TimeAdjustment.objects.filter(user=learner).exists()
    assert TimeAdjustment.objects.filter(user=other_learner).exists()


def test_someone_without_an_adjustment_has_none_in_her_export(learner):
    assert selectors.export_for(learner)["more_time_on_timed_quizzes"] is None
