import json

import pytest

from privacy import selectors
from privacy.models import RetentionNotice

from .conftest import HER_DRAFT, HER_FREE_TEXT, HER_REFLECTION, MARKER_COMMENT

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_her_in_plain_sections(her, them):
    data = selectors.export_for(her)
    json.dumps(data)  # JSON-serialisable as it is
    assert data["account"]["email"] == "leah@example.org"
    assert data["account"]["full_name"] == "Leah Morgan"
    assert data["agency_membership"]["agency"] == "Coventry Probation"
    assert data["agency_membership"]["role"] == "Learner"
    assert [i["email"] for i in data["invitations"]] == ["LEAH@EXAMPLE.ORG"]
    [assigned] = data["assigned_training"]
    assert assigned["course"] == "Trauma-informed practice"
    assert assigned["status"] == "In progress"  # as My learning says it
    assert assigned["assigned_to_you_by_name"] is True
    [more_time] = data["more_time_requests"]
    assert more_time["status"] == "Waiting for your manager"
    assert data["reminders_sent"][0]["reminder"] == "Due in a week"
    learning = {course["course"]: course for course in data["learning"]}
    trauma = learning["Trauma-informed practice"]
    assert trauma["break"]["stopped_at"] == "Pausing to reflect"
    assert [step["step"] for step in trauma["steps_finished"]] == [
        "Trauma-informed practice lesson 1"
    ]
    assert learning["Responding to exploitation"]["completed"]
    [completed] = data["completed_courses"]
    assert completed["course"] == "Responding to exploitation"
    assert completed["completed"] == learning["Responding to exploitation"]["completed"]
    assert completed["course_version"].startswith("version ")
    assert len(completed["content_fingerprint"]) == 64
    [attempt] = data["quiz_attempts"]
    assert attempt["course"] == "Trauma-informed practice"
    assert attempt["status"] == "Marked"
    assert attempt["passed"] is False
    answers = {answer["question"]: answer for answer in attempt["answers"]}
    assert answers["What comes first?"]["your_answer"] == "Offer a choice"
    assert answers["What comes first?"]["correct"] is True
    assert answers["Why?"]["your_answer"] == HER_FREE_TEXT
    assert answers["Why?"]["marker_feedback"] == MARKER_COMMENT
    [certificate] = data["certificates"]
    assert certificate["name_on_certificate"] == "Leah Morgan"
    assert certificate["status"] == "Valid"
    reflections = data["private_reflections"][0]["lessons"][0]
    assert reflections["reflections"][0]["note"] == HER_REFLECTION
    assert reflections["check_in"]["feeling"] == "okay"
    [draft] = data["unsaved_drafts"]
    assert (draft["lesson"], draft["text"]) == ("Pausing to reflect", HER_DRAFT)
    assert data["sign_in_records"]["sign_ins"][0]["address"] == "203.0.113.7"
    assert data["sign_in_records"]["failed_sign_ins"][0]["failures"] == 2


def test_export_holds_nothing_of_anyone_else(her, them):
    text = json.dumps(selectors.export_for(her))
    assert "rosa@example.org" not in text.lower()
    assert "Rosa Khan" not in text
    assert "Maya Brooks" not in text  # her manager's name is not her data


def test_export_leaves_out_the_certificate_token_and_password(her):
    text = json.dumps(selectors.export_for(her))
    assert her.certificates.get().token not in text
    assert her.password not in text


def test_export_of_a_new_account_is_empty_but_complete(learner):
    data = selectors.export_for(learner)
    assert data["agency_membership"] is None
    for section in ["invitations", "learning", "quiz_attempts", "certificates"]:
        assert data[section] == []
    assert data["inactive_account_warning"] is None


def test_export_shows_an_inactive_account_warning(learner):
    from django.utils import timezone

    RetentionNotice.objects.create(
        user=learner, sent_at=timezone.now(), erase_after=timezone.localdate()
    )
    assert selectors.export_for(learner)["inactive_account_warning"]["erase_after"]


def test_export_query_count_does_not_grow_with_her_history(
    history, learner, django_assert_max_num_queries
):
    history(learner, attempts=12)
    # One or two queries a section (24 with her drafts, her quiz time, the
    # emails she turned off and her Open Badges credentials), whether she made
    # one attempt or a hundred.
    with django_assert_max_num_queries(24):
        data = selectors.export_for(learner)
    assert len(data["quiz_attempts"]) == 12
