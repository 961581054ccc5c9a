import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import is_trainer
from accounts.tests.factories import UserFactory
from courses import services as course_services
from quizzes import services
from quizzes.models import Attempt, Question
from quizzes.tests.factories import CategoryFactory, free_text, make_quiz, single
from quizzes.tests.test_reports import essay_response, take_quiz

pytestmark = pytest.mark.django_db

ESSAY = "Describe a safe first meeting."
CHOICE = "What helps most on release day?"


@pytest.fixture
def marked_quiz(course):
    """A choice question (1 point) and an essay (4 points); pass mark 60%."""
    return make_quiz(
        course=course,
        title="Release day",
        questions=[
            single(text=CHOICE, right="Offer a choice", wrong=("Insist", "Ignore")),
            free_text(text=ESSAY, points=4),
        ],
        pass_mark=60,
    )


@pytest.fixture
def submitted(enrolled, marked_quiz):
    """Leah's submitted attempt: the choice right, the essay waiting."""
    return take_quiz(
        enrolled, marked_quiz, answers={ESSAY: "We meet at the library she chose."}
    )


@pytest.fixture
def editor(db):
    """May use the Wagtail admin, but is neither a trainer nor a superuser."""
    group = Group.objects.create(name="Web editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(full_name="Eve Editor", email="eve@example.org")
    user.groups.add(group)
    return user


def urls(attempt, quiz):
    return {
        "marking": reverse("quizzes_admin:marking"),
        "attempts": reverse("quizzes_admin:attempts"),
        "attempt": reverse("quizzes_admin:attempt", args=[attempt.pk]),
        "results": reverse("quizzes_admin:results"),
        "quiz_results": reverse("quizzes_admin:quiz_results", args=[quiz.pk]),
        "csv": reverse("quizzes_admin:quiz_statistics_csv", args=[quiz.pk]),
        "import": reverse("quizzes_admin:import"),
    }


def mark_url(attempt, response):
    return reverse("quizzes_admin:mark", args=[attempt.pk, response.pk])


# Who may come in -----------------------------------------------------------------


def test_access_rule_is_trainers_and_superusers_with_admin_access(
    learner, trainer, admin_user, editor
):
    assert is_trainer(trainer)
    assert is_trainer(admin_user)
    assert not is_trainer(editor)
    assert not is_trainer(learner)
    trainer.is_active = False
    assert not is_trainer(trainer)


@pytest.mark.parametrize(
    "name",
    ["marking", "attempts", "attempt", "results", "quiz_results", "csv", "import"],
)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 302),
        ("editor", "denied"),
        ("trainer", 200),
        ("admin", 200),
    ],
)
def test_p15_b13_b09_every_view_is_for_trainers_and_admins(
    client,
    submitted,
    marked_quiz,
    learner,
    trainer,
    admin_user,
    editor,
    name,
    role,
    expected,
):
    """P15, B09, B13: signed-out people and learners go to the admin sign-in page;
    admin users who are not trainers meet Wagtail's own refusal (back to the
    dashboard, "you do not have permission"); trainers and admins get in."""
    people = {
        "learner": learner,
        "trainer": trainer,
        "admin": admin_user,
        "editor": editor,
    }
    if role in people:
        client.force_login(people[role])

    response = client.get(urls(submitted, marked_quiz)[name])

    if expected == "denied":
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        denied = client.get(response["Location"]).content.decode()
        assert "you do not have permission" in denied
        return
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["anonymous", "learner", "editor"])
def test_p15_b08_only_trainers_may_mark(client, submitted, learner, editor, role):
    """P15, B08: a mark posted by anyone else is refused and nothing is saved."""
    if role != "anonymous":
        client.force_login(learner if role == "learner" else editor)
    response = essay_response(submitted)

    reply = client.post(
        mark_url(submitted, response),
        {f"response-{response.pk}-marks": "4", f"response-{response.pk}-comment": "Hi"},
    )

    assert reply.status_code in (302, 403)
    response.refresh_from_db()
    assert response.marks is None
    assert response.marked_by is None
    submitted.refresh_from_db()
    assert submitted.status == Attempt.Status.AWAITING_MARKING


# Marking (P15, B08) ----------------------------------------------------------------


def test_p15_marking_list_shows_waiting_attempts(trainer_client, submitted):
    """P15: the marking list shows whose attempt waits, for which quiz, and the
    questions to mark in it."""
    response = trainer_client.get(reverse("quizzes_admin:marking"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 attempt waiting to be marked" in content
    assert "Leah Morgan" in content
    assert "Release day" in content
    assert ESSAY in content
    assert reverse("quizzes_admin:attempt", args=[submitted.pk]) in content


def test_p15_marking_list_filters_by_quiz_and_learner(
    trainer_client, course, submitted, other_learner, marked_quiz
):
    """P15: filter the list by learner (name or email) and by quiz."""
    course_services.enrol(user=other_learner, course=course)
    take_quiz(other_learner, marked_quiz)
    other_quiz = make_quiz(
        course=course, title="Licence rules", questions=[free_text()]
    )
    take_quiz(other_learner, other_quiz)
    url = reverse("quizzes_admin:marking")

    by_learner = trainer_client.get(url, {"learner": "leah@"}).content.decode()
    by_quiz = trainer_client.get(url, {"quiz": other_quiz.pk}).content.decode()
    nobody = trainer_client.get(url, {"learner": "zzz"}).content.decode()

    assert "Leah Morgan" in by_learner
    assert "Rosa Khan" not in by_learner
    assert "Licence rules" in by_quiz
    assert "Leah Morgan" not in by_quiz
    assert "No attempts waiting to be marked match these filters." in nobody


def test_p15_a_bad_filter_is_explained_and_ignored(trainer_client, submitted):
    """P15: an unknown quiz in the filter says so and lists everything."""
    response = trainer_client.get(reverse("quizzes_admin:marking"), {"quiz": "999999"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in content
    assert "Leah Morgan" in content


def test_p15_marking_list_queries_are_bounded(
    trainer_client, course, marked_quiz, submitted, django_assert_max_num_queries
):
    """P15: the list costs the same number of queries for 1 or 8 attempts."""
    url = reverse("quizzes_admin:marking")
    trainer_client.get(url)  # warm caches shared by every admin page
    for _ in range(7):
        user = UserFactory()
        course_services.enrol(user=user, course=course)
        take_quiz(user, marked_quiz)

    with django_assert_max_num_queries(15):
        response = trainer_client.get(url)

    assert "8 attempts waiting to be marked" in response.content.decode()


def test_p15_open_an_attempt_to_see_every_answer(trainer_client, submitted):
    """P15: the attempt page shows each question as she saw it and her answer."""
    response = trainer_client.get(reverse("quizzes_admin:attempt", args=[submitted.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert CHOICE in content
    assert "Offer a choice" in content
    assert ESSAY in content
    assert "We meet at the library she chose." in content
    assert "Awaiting marking" in content
    assert 'for="id_response-' in content  # the marks field has a label
    assert "Marks (0 to 4)" in content


def test_p15_an_attempt_in_progress_cannot_be_opened(
    trainer_client, enrolled, marked_quiz
):
    attempt = take_quiz(enrolled, marked_quiz, submit=False)

    response = trainer_client.get(reverse("quizzes_admin:attempt", args=[attempt.pk]))

    assert response.status_code == 404


def test_p15_b08_mark_an_answer_with_points_and_comment(
    trainer_client, trainer, submitted
):
    """P15, B08: points and a comment; who marked and when; score and pass update."""
    response = essay_response(submitted)
    prefix = f"response-{response.pk}"

    reply = trainer_client.post(
        mark_url(submitted, response),
        {f"{prefix}-marks": "3", f"{prefix}-comment": "  Clear and kind.  "},
        follow=True,
    )

    response.refresh_from_db()
    assert response.marks == Decimal(3)
    assert response.comment == "Clear and kind."
    assert response.marked_by == trainer
    assert response.marked_at is not None
    assert response.is_correct is False
    submitted.refresh_from_db()
    assert submitted.status == Attempt.Status.GRADED
    assert submitted.passed is True  # 4 of 5 marks is 80%, pass mark 60%
    content = reply.content.decode()
    assert "Leah Morgan scored 80% and passed" in content
    assert "Marked: 3 of 4" in content
    assert "Tara Singh" in content


def test_p15_b08_low_marks_fail_the_attempt_with_awaiting_as_its_own_state(
    trainer_client, submitted
):
    """B08: awaiting marking is not a fail; low marks then make it one."""
    assert submitted.passed is None
    response = essay_response(submitted)
    prefix = f"response-{response.pk}"

    reply = trainer_client.post(
        mark_url(submitted, response), {f"{prefix}-marks": "1.5"}, follow=True
    )

    submitted.refresh_from_db()
    assert submitted.status == Attempt.Status.GRADED
    assert submitted.passed is False  # 2.5 of 5 is 50%
    assert "scored 50% and did not pass" in reply.content.decode()


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ("5", "Marks must be between 0 and 4"),
        ("-1", "Marks must be between 0 and 4"),
        ("lots", "Enter the marks as a number"),
        ("", "Enter the marks, from 0 to 4."),
        ("1.255", "Use at most two decimal places."),
    ],
)
def test_p15_b08_bad_marks_are_explained_and_nothing_is_saved(
    trainer_client, submitted, marks, message
):
    """P15, B08: marks outside 0 to the question's points are refused clearly."""
    response = essay_response(submitted)
    prefix = f"response-{response.pk}"

    reply = trainer_client.post(
        mark_url(submitted, response),
        {f"{prefix}-marks": marks, f"{prefix}-comment": "Well argued."},
    )

    assert reply.status_code == 200
    content = reply.content.decode()
    assert message in content
    assert "The marks were not saved" in content
    assert "Well argued." in content  # her comment is kept in the form
    response.refresh_from_db()
    assert (response.marks, response.comment, response.marked_by) == (None, "", None)
    submitted.refresh_from_db()
    assert submitted.status == Attempt.Status.AWAITING_MARKING


def test_p15_a_choice_answer_cannot_be_marked_by_hand(trainer_client, submitted):
    choice_key = next(q["key"] for q in submitted.questions if q["kind"] == "single")
    response = submitted.responses.get(question_key=choice_key)
    prefix = f"response-{response.pk}"

    reply = trainer_client.post(
        mark_url(submitted, response), {f"{prefix}-marks": "0"}, follow=True
    )

    assert "Only free-text answers are marked by hand." in reply.content.decode()
    response.refresh_from_db()
    assert response.marks == Decimal(1)
    assert response.marked_by is None


def test_p15_get_on_the_mark_url_is_not_allowed(trainer_client, submitted):
    response = essay_response(submitted)

    assert trainer_client.get(mark_url(submitted, response)).status_code == 405


# Attempts (P15) ---------------------------------------------------------------------


def test_p15_staff_list_attempts_filtered_by_learner_and_quiz(
    trainer_client, course, submitted, other_learner, marked_quiz
):
    """P15: staff list submitted attempts, filtered by learner and by quiz."""
    course_services.enrol(user=other_learner, course=course)
    other_quiz = make_quiz(course=course, title="Licence rules", questions=[single()])
    take_quiz(other_learner, other_quiz)
    url = reverse("quizzes_admin:attempts")

    everyone = trainer_client.get(url).content.decode()
    rosa = trainer_client.get(url, {"learner": "Rosa"}).content.decode()
    release = trainer_client.get(url, {"quiz": marked_quiz.pk}).content.decode()

    assert "2 submitted attempts" in everyone
    assert "Awaiting marking" in everyone
    assert "Passed" in everyone
    assert "Rosa Khan" in rosa
    assert "Leah Morgan" not in rosa
    assert "Leah Morgan" in release
    assert "Rosa Khan" not in release


def test_p15_attempt_list_queries_are_bounded(
    trainer_client, course, marked_quiz, submitted, django_assert_max_num_queries
):
    url = reverse("quizzes_admin:attempts")
    trainer_client.get(url)
    for _ in range(7):
        user = UserFactory()
        course_services.enrol(user=user, course=course)
        take_quiz(user, marked_quiz)

    with django_assert_max_num_queries(15):
        response = trainer_client.get(url)

    assert "8 submitted attempts" in response.content.decode()


# Results and statistics (B13) -----------------------------------------------------


@pytest.fixture
def results_data(course, marked_quiz, submitted, other_learner, trainer):
    """Leah passes after marking; Rosa chooses "Insist" and fails."""
    services.mark_response(
        marker=trainer, response=essay_response(submitted), marks=Decimal(4)
    )
    course_services.enrol(user=other_learner, course=course)
    rosa = take_quiz(other_learner, marked_quiz, answers={CHOICE: "Insist"})
    services.mark_response(
        marker=trainer, response=essay_response(rosa), marks=Decimal(0)
    )
    return marked_quiz


def test_b13_results_index_lists_quizzes_with_pass_rate(trainer_client, results_data):
    response = trainer_client.get(reverse("quizzes_admin:results"))

    content = response.content.decode()
    assert "Release day" in content
    assert "Trauma-informed practice" in content  # its course
    assert "50%" in content


def test_b13_quiz_results_show_attempts_pass_rate_and_item_statistics(
    trainer_client, results_data, django_assert_max_num_queries
):
    """B13: attempts, pass rate, % correct and the most chosen wrong answer."""
    url = reverse("quizzes_admin:quiz_results", args=[results_data.pk])
    trainer_client.get(url)

    with django_assert_max_num_queries(15):
        response = trainer_client.get(url)

    content = response.content.decode()
    assert '<dd id="results-attempts">2</dd>' in content
    assert "50% (1 of 2 marked attempts passed)" in content
    assert "<caption" in content
    assert '<th scope="col">Most chosen wrong answer</th>' in content
    assert CHOICE in content
    assert "Insist" in content
    assert (
        reverse("quizzes_admin:quiz_statistics_csv", args=[results_data.pk]) in content
    )


def test_b13_statistics_csv_export(trainer_client, results_data):
    """B13: the statistics download as quiz-<id>-statistics.csv."""
    response = trainer_client.get(
        reverse("quizzes_admin:quiz_statistics_csv", args=[results_data.pk])
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="quiz-{results_data.pk}-statistics.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Question"
    by_text = {row[0]: row for row in rows[1:]}
    assert by_text[CHOICE] == [CHOICE, "single", "2", "1", "0", "50", "Insist"]
    assert by_text[ESSAY] == [ESSAY, "free_text", "2", "1", "0", "50", ""]


def test_b13_results_of_an_unknown_quiz_are_not_found(trainer_client):
    url = reverse("quizzes_admin:quiz_results", args=[999999])

    assert trainer_client.get(url).status_code == 404


# Import (B09) --------------------------------------------------------------------


def upload(text: str | bytes, name="questions.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


HEADER = "kind,question,choices,correct,explanation,points,category\n"


def test_b09_import_questions_from_a_csv_upload(trainer_client):
    """B09: a trainer uploads a CSV; questions land in the chosen category."""
    practice = CategoryFactory(name="Practice")
    text = HEADER + (
        "single,What helps most?,Offer a choice|Insist,Offer a choice,,2,\n"
        "true_false,She decides where to meet.,,True,,,\n"
    )

    response = trainer_client.post(
        reverse("quizzes_admin:import"),
        {"file": upload(text), "category": practice.pk},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Imported 2 questions." in content
    assert Question.objects.filter(category=practice).count() == 2


def test_b09_import_shows_line_numbered_errors_and_skips_duplicates(trainer_client):
    """B09: bad lines are listed by number; a second upload adds no duplicates."""
    text = HEADER + (
        "single,What helps most?,Offer a choice|Insist,Offer a choice,,,\n"
        "single,Which one?,A|B,C,,,\n"
    )
    url = reverse("quizzes_admin:import")

    first = trainer_client.post(url, {"file": upload(text)}).content.decode()
    second = trainer_client.post(url, {"file": upload(text)}).content.decode()

    assert "1 line could not be imported" in first
    assert '<th scope="row">3</th>' in first
    assert "“C” is not one of the choices" in first
    assert "Skipped 1 question already in the bank" in second
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: upload(HEADER, name="questions.xlsx"), "Choose a .csv file."),
        (
            lambda: upload(HEADER + "x" * (1024 * 1024)),
            "The file is larger than 1 MB.",
        ),
        (lambda: upload(b"kind,question\nsingle,\xff\xfe\n"), "is not UTF-8 text"),
        (lambda: None, "This field is required."),
    ],
)
def test_b09_a_bad_upload_is_explained_and_nothing_is_saved(
    trainer_client, file, message
):
    chosen = file()
    data = {"file": chosen} if chosen is not None else {}

    response = trainer_client.post(reverse("quizzes_admin:import"), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "The file was not imported" in content
    assert not Question.objects.exists()


def test_b09_import_form_fields_are_labelled(trainer_client):
    content = trainer_client.get(reverse("quizzes_admin:import")).content.decode()

    assert 'for="id_file"' in content
    assert 'for="id_category"' in content


# Dashboard, menu and question bank -------------------------------------------------


def test_b08_dashboard_panel_counts_answers_waiting(trainer_client, submitted):
    """B08: trainers see on the dashboard how many answers wait to be marked."""
    response = trainer_client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert "1 answer is waiting to be marked" in content
    assert reverse("quizzes_admin:marking") in content


def test_dashboard_panel_and_menu_are_hidden_from_other_admin_users(
    client, editor, submitted
):
    client.force_login(editor)

    content = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "waiting to be marked" not in content
    assert reverse("quizzes_admin:marking") not in content


def test_quizzes_menu_lists_the_trainer_pages(trainer_client):
    content = trainer_client.get(reverse("wagtailadmin_home")).content.decode()

    for url_name in ("marking", "attempts", "results", "import"):
        assert reverse(f"quizzes_admin:{url_name}") in content


def test_b10_question_bank_is_a_snippet_for_admins(admin_client):
    """B10: the question bank is managed in the CMS as snippets."""
    question = single(text="Which helps?")

    listing = admin_client.get(reverse("wagtailsnippets_quizzes_question:list"))
    edit = admin_client.get(
        reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
    )
    CategoryFactory(name="Law")
    categories = admin_client.get(
        reverse("wagtailsnippets_quizzes_questioncategory:list"), {"q": "law"}
    )
    found = admin_client.get(
        reverse("wagtailsnippets_quizzes_question:list"), {"q": "help"}
    )

    assert listing.status_code == 200
    assert "Which helps?" in listing.content.decode()
    assert edit.status_code == 200
    assert categories.status_code == 200
    assert "Law" in categories.content.decode()
    assert "Which helps?" in found.content.decode()


def test_b10_trainers_can_still_choose_bank_questions_in_the_quiz_editor(
    trainer_client,
):
    """B10: with the bank registered as snippets, the quiz editor's question
    chooser opens for trainers."""
    single(text="Which helps?")

    response = trainer_client.get(
        reverse("wagtailsnippetchoosers_quizzes_question:choose")
    )

    assert response.status_code == 200
    assert "Which helps?" in response.content.decode()
