"""Hostile and malformed quiz submissions (issue 6, item 5).

Whatever is posted to a quiz attempt: never a server error, and either every
answer on the page is saved as the form cleaned it, or nothing changes. Bodies
are sent urlencoded, as a browser sends this form, so every one of them is read
by the view (no 400 from the request parser)."""

import time
from urllib.parse import urlencode

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

ALLOWED = {200, 302, 403, 404}
FORM = "application/x-www-form-urlencoded"

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
            "x" * 10_001,  # one past the free-text limit
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    # Long, but a whole body stays under DATA_UPLOAD_MAX_MEMORY_SIZE.
    st.builds(lambda char, n: char * n, st.characters(), st.integers(1, 5_000)),
)


def rows(attempt):
    return sorted(
        Response.objects.filter(attempt=attempt).values_list(
            "question_key", "answer", "flagged"
        )
    )


def assert_answers_fit_their_questions(attempt):
    """Every saved answer is to one of the attempt's own questions and, for a
    choice question, names only that question's own choices (checked against
    the snapshot itself, not through AnswersForm)."""
    questions = {question["key"]: question for question in attempt.questions}
    for key, answer, _flagged in rows(attempt):
        assert key in questions
        question = questions[key]
        if question["kind"] == "free_text":
            assert len(answer) <= 1
            assert all(isinstance(text, str) and len(text) <= 10_000 for text in answer)
        else:
            own_choices = {choice["id"] for choice in question["choices"]}
            assert set(answer) <= own_choices
            assert len(answer) == len(set(answer))
            if question["kind"] != "multiple":
                assert len(answer) <= 1


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
    paged_quiz = make_quiz(
        course=course,
        questions=[single(), multiple(), true_false()],
        title="One question a page",
        layout=QuizPage.Layout.ONE_PER_PAGE,
    )
    paged = services.start_attempt(user=learner, quiz=paged_quiz)
    return {"own": own, "theirs": theirs, "finished": finished, "paged": paged}


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
        st.text(max_size=40),
    )
    value = st.one_of(st.sampled_from(choice_ids), hostile_text)
    return draw(
        st.dictionaries(field, st.lists(value, min_size=1, max_size=4), max_size=8),
        label="posted",
    )


def urlencoded(data: dict) -> str:
    return urlencode(data, doseq=True)


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
    # "missing": an id no attempt has (yet), within what the URL accepts.
    last = Attempt.objects.order_by("-pk").values_list("pk", flat=True).first()
    attempt_id = (
        setup[target].pk
        if target != "missing"
        else last + data.draw(st.integers(min_value=1, max_value=10**15), label="gap")
    )
    with transaction.atomic():
        before = {name: rows(attempt) for name, attempt in setup.items()}
        attempts_before = list(Attempt.objects.values_list("pk", "status"))
        response = learner_client.post(
            reverse("quizzes:take", args=[attempt_id]),
            urlencoded(posted),
            content_type=FORM,
        )
        assert response.status_code in ALLOWED
        assert list(Attempt.objects.values_list("pk", "status")) == attempts_before
        for name in ("theirs", "finished", "paged"):
            assert rows(setup[name]) == before[name]
        for attempt in setup.values():
            assert_answers_fit_their_questions(attempt)
        own = setup["own"]
        if target != "own":
            # Not hers, or not open: nothing changes.
            assert response.status_code in (302, 404)
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


def expected_page(q: str, total: int) -> int:
    """How the take view reads ?q=: a number, clamped; anything else is 1."""
    try:
        number = int(q)
    except ValueError:
        number = 1
    return min(max(number, 1), total)


@settings(max_examples=25)
@given(data=st.data(), page=hostile_text, action=hostile_text)
def test_odd_urls_and_submitting_after_finishing_never_error(
    data, page, action, learner_client, setup
):
    real_ids = sorted(
        {attempt.pk for attempt in setup.values()}
        | {attempt.quiz_id for attempt in setup.values()}
    )
    some_id = data.draw(
        st.one_of(
            st.sampled_from(real_ids), st.integers(min_value=-1, max_value=2**80)
        ),
        label="id",
    )
    finished, paged = setup["finished"], setup["paged"]
    with transaction.atomic():
        before = rows(finished)
        for url in (
            f"/quizzes/attempts/{some_id}/",
            f"/quizzes/attempts/{some_id}/review/",
            f"/quizzes/attempts/{some_id}/result/",
            f"/quizzes/{some_id}/start/",
            f"/quizzes/{some_id}/practice/",
        ):
            assert learner_client.get(url, {"q": page}).status_code in ALLOWED | {405}
            assert learner_client.post(
                f"{url}?{urlencode({'q': page})}",
                urlencoded({"action": action}),
                content_type=FORM,
            ).status_code in (ALLOWED | {405})

        # A quiz of one question a page reads ?q= whatever it holds.
        total = len(paged.questions)
        number = expected_page(page, total)
        take = reverse("quizzes:take", args=[paged.pk])
        response = learner_client.get(take, {"q": page})
        assert response.status_code == 200
        content = response.content.decode()
        assert f"Question {number} of {total}" in content
        assert f'name="{paged.questions[number - 1]["key"]}"' in content
        response = learner_client.post(
            f"{take}?{urlencode({'q': page})}",
            urlencoded({"action": action}),
            content_type=FORM,
        )
        assert response.status_code == 302
        if action == "review" or (action != "back" and number >= total):
            assert response.url == reverse("quizzes:review", args=[paged.pk])
        elif action == "back":
            assert response.url == f"{take}?q={max(1, number - 1)}"
        else:
            assert response.url == f"{take}?q={number + 1}"

        # Finished: submitting again changes nothing.
        response = learner_client.post(
            reverse("quizzes:review", args=[finished.pk]),
            urlencoded({"action": action}),
            content_type=FORM,
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
