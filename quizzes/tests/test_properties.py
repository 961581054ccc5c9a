"""Hostile and malformed quiz submissions (issue 6, item 5).

Whatever is posted to a quiz attempt: never a server error, and either every
answer on the page is saved as the form cleaned it, or nothing changes."""

import time

import pytest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from courses import services as course_services
from quizzes import services
from quizzes.forms import AnswersForm
from quizzes.models import Attempt, QuizPage, Response
from quizzes.tests.factories import free_text, make_quiz, multiple, single, true_false

pytestmark = pytest.mark.django_db

ALLOWED = {200, 302, 400, 403, 404}

# Text that is not an id: unicode, control characters, NULs, payloads, numbers.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "null",
            "[]",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "\x00",
            "c\u0000abc",
            "\u202eevil",
            "𝓪𝓷𝓼𝔀𝓮𝓻",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(1, 20_000)),
)


def rows(attempt):
    return sorted(
        Response.objects.filter(attempt=attempt).values_list(
            "question_key", "answer", "flagged"
        )
    )


@pytest.fixture
def learner_client(learner_client):
    # Answer as the server would (a 400 for a mangled body, a 500 for a bug)
    # rather than raising in the test.
    learner_client.raise_request_exception = False
    return learner_client


@pytest.fixture
def setup(learner, other_learner, course):
    course_services.enrol(user=learner, course=course)
    course_services.enrol(user=other_learner, course=course)
    quiz = make_quiz(
        course=course,
        questions=[single(), multiple(), true_false(), free_text()],
        layout=QuizPage.Layout.ALL,
    )
    earlier = make_quiz(course=course, questions=[single()], title="Earlier quiz")
    own = services.start_attempt(user=learner, quiz=quiz)
    # She has answered one question already; a bad post must leave it alone.
    services.save_answer(
        user=learner,
        attempt=own,
        question_key=own.questions[0]["key"],
        answer=[own.questions[0]["choices"][0]["id"]],
        flagged=True,
    )
    theirs = services.start_attempt(user=other_learner, quiz=quiz)
    finished = services.start_attempt(user=learner, quiz=earlier)
    services.submit_attempt(user=learner, attempt=finished)
    return {"own": own, "theirs": theirs, "finished": finished}


def posted_data(draw, attempts):
    own = attempts["own"]
    keys = [q["key"] for q in own.questions]
    # Real choice ids of every question of every attempt: the wrong question's
    # choice, another person's choice, an earlier attempt's choice.
    choice_ids = [
        choice["id"]
        for attempt in attempts.values()
        for question in attempt.questions
        for choice in question["choices"]
    ]
    field = st.one_of(
        st.sampled_from(keys),
        st.sampled_from([f"flag_{key}" for key in keys]),
        st.sampled_from(["action", "q", "csrfmiddlewaretoken"]),
        hostile_text,
    )
    value = st.one_of(st.sampled_from(choice_ids), hostile_text)
    return draw(
        st.dictionaries(field, st.lists(value, min_size=1, max_size=4), max_size=8),
        label="posted",
    )


def as_querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@given(data=st.data())
def test_quiz_submission_never_errors_and_writes_all_or_nothing(
    data, learner_client, setup
):
    target = data.draw(
        st.sampled_from(["own", "own", "own", "theirs", "finished", "missing"]),
        label="target",
    )
    posted = posted_data(data.draw, setup)
    attempt_id = (
        setup[target].pk
        if target != "missing"
        else data.draw(st.integers(min_value=1, max_value=2**63 - 1), label="id")
    )
    with transaction.atomic():
        before = {name: rows(attempt) for name, attempt in setup.items()}
        attempts_before = list(Attempt.objects.values_list("pk", "status"))
        response = learner_client.post(
            reverse("quizzes:take", args=[attempt_id]), posted
        )
        assert response.status_code in ALLOWED
        assert list(Attempt.objects.values_list("pk", "status")) == attempts_before
        for name in ("theirs", "finished"):
            assert rows(setup[name]) == before[name]
        own = setup["own"]
        if target != "own" or response.status_code == 400:
            # Not hers, or a body too mangled to read: nothing changes.
            assert rows(own) == before["own"]
        else:
            # (A browser always sends the CSRF token, so an empty body comes
            # only from a script: the view treats it as nothing sent.)
            form = AnswersForm(as_querydict(posted) or None, questions=own.questions)
            if form.is_valid():
                assert response.status_code == 302
                assert rows(own) == sorted(form.answers())
            else:
                assert response.status_code == 200
                assert rows(own) == before["own"]
        if response.status_code == 200:
            assert b"<script>alert(1)</script>" not in response.content
        transaction.set_rollback(True)


@settings(max_examples=25)
@given(
    attempt_id=st.integers(min_value=-1, max_value=2**80),
    page=hostile_text,
    action=hostile_text,
)
def test_odd_urls_and_submitting_after_finishing_never_error(
    attempt_id, page, action, learner_client, setup
):
    finished = setup["finished"]
    with transaction.atomic():
        before = rows(finished)
        for url in (
            f"/quizzes/attempts/{attempt_id}/?q={page[:200]}",
            f"/quizzes/attempts/{attempt_id}/review/",
            f"/quizzes/attempts/{attempt_id}/result/",
            f"/quizzes/{attempt_id}/start/",
            f"/quizzes/{attempt_id}/practice/",
        ):
            assert learner_client.get(url).status_code in ALLOWED | {405}
            assert learner_client.post(url, {"action": action}).status_code in (
                ALLOWED | {405}
            )
        # Finished: submitting again changes nothing.
        response = learner_client.post(
            reverse("quizzes:review", args=[finished.pk]), {"action": action}
        )
        assert response.status_code == 302
        assert rows(finished) == before
        transaction.set_rollback(True)


def test_a_valid_page_of_answers_is_saved_in_full(learner_client, setup):
    """The property's happy path, by hand: every answer and flag is written."""
    own = setup["own"]
    single_q, multiple_q, true_false_q, free_q = own.questions
    start = time.monotonic()
    response = learner_client.post(
        reverse("quizzes:take", args=[own.pk]),
        {
            single_q["key"]: single_q["choices"][1]["id"],
            multiple_q["key"]: [c["id"] for c in multiple_q["choices"][:2]],
            true_false_q["key"]: true_false_q["choices"][0]["id"],
            free_q["key"]: "  Ask her what she needs.  ",
            f"flag_{free_q['key']}": "on",
        },
    )
    assert time.monotonic() - start < 5
    assert response.status_code == 302
    assert rows(own) == sorted(
        [
            (single_q["key"], [single_q["choices"][1]["id"]], False),
            (multiple_q["key"], [c["id"] for c in multiple_q["choices"][:2]], False),
            (true_false_q["key"], [true_false_q["choices"][0]["id"]], False),
            (free_q["key"], ["Ask her what she needs."], True),
        ]
    )
