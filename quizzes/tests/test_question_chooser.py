"""Questions in bulk: the quiz editor's question chooser filters by category
and kind, searches, chooses several at once and writes a new question without
leaving the quiz; the CSV import is a link away."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.admin.panels import MultipleChooserPanel

from accounts.tests.factories import UserFactory
from quizzes.models import Question, QuizPage
from quizzes.tests.factories import CategoryFactory, free_text, make_quiz, single

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailsnippetchoosers_quizzes_question"


def url(name):
    return reverse(f"{CHOOSER}:{name}")


def new(**fields) -> dict:
    """The "New question" form's data, with its field prefix."""
    return {f"new-{name}": value for name, value in fields.items()}


def texts(response) -> str:
    """The modal's HTML: inside JSON for the whole chooser, bare for results."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.fixture
def bank(db):
    law = CategoryFactory(name="Law")
    court = CategoryFactory(name="Court", parent=law)
    health = CategoryFactory(name="Health")
    return {
        "licence": single(text="What does a licence condition mean?", category=law),
        "court": single(text="Who speaks first in court?", category=court),
        "release": free_text(text="Describe release day support.", category=health),
        "gp": single(text="How does she register with a GP?", category=health),
        "law": law,
        "health": health,
    }


@pytest.fixture
def editor(db):
    """May use the Wagtail admin, but has no permission on the question bank."""
    group = Group.objects.create(name="Web editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(full_name="Eve Editor")
    user.groups.add(group)
    return user


def test_filter_by_category_takes_in_its_sub_categories(trainer_client, bank):
    html = texts(
        trainer_client.get(url("choose_results"), {"category": bank["law"].pk})
    )

    assert "What does a licence condition mean?" in html
    assert "Who speaks first in court?" in html
    assert "release day" not in html
    assert "GP" not in html


def test_search_finds_part_of_a_word_and_combines_with_filters(trainer_client, bank):
    found = texts(trainer_client.get(url("choose_results"), {"q": "releas"}))
    both = texts(
        trainer_client.get(
            url("choose_results"),
            {"category": bank["health"].pk, "kind": "single"},
        )
    )

    assert "Describe release day support." in found
    assert "licence" not in found
    assert "How does she register with a GP?" in both
    assert "release day" not in both


def test_a_filter_that_is_not_an_id_is_ignored_not_an_error(trainer_client, bank):
    response = trainer_client.get(url("choose_results"), {"category": "1 OR 1=1"})

    assert response.status_code == 200


def test_the_chooser_offers_filters_multi_select_and_a_new_question_tab(
    trainer_client, bank
):
    html = texts(trainer_client.get(url("choose"), {"multiple": "1"}))

    assert 'name="category"' in html
    assert 'name="kind"' in html
    assert 'name="q"' in html
    # The new question's fields have ids of their own beside the filters'.
    assert 'id="id_category"' not in html  # the quiz editor's own field
    assert 'for="id_question_filter_category"' in html
    assert 'for="id_new-category"' in html
    assert 'id="id_q"' in html  # where the modal listens for typing
    assert "data-multiple-choice-form" in html
    assert 'type="checkbox"' in html
    assert "New question" in html
    assert "Add this question to the bank and the quiz" in html


def test_several_questions_are_chosen_at_once(trainer_client, bank):
    ids = [bank["licence"].pk, bank["gp"].pk]

    response = trainer_client.get(url("chosen_multiple"), {"id": ids})

    result = json.loads(response.content)["result"]
    assert sorted(item["id"] for item in result) == sorted(str(i) for i in ids)


def test_a_question_written_in_the_chooser_joins_the_bank(trainer_client, bank):
    response = trainer_client.post(
        url("create") + "?multiple=1",
        new(
            category=bank["law"].pk,
            kind="single",
            text="Who sets licence conditions?",
            points="2",
            explanation="",
            choices="*The parole board or the prison\nHer probation officer\n",
        ),
    )

    data = json.loads(response.content)
    assert data["step"] == "chosen"
    question = Question.objects.get(text="Who sets licence conditions?")
    assert question.category == bank["law"]
    assert question.points == 2
    assert [
        (c.text, c.is_correct) for c in question.choices.order_by("sort_order")
    ] == [
        ("The parole board or the prison", True),
        ("Her probation officer", False),
    ]


def test_true_or_false_needs_no_choices_typed(trainer_client):
    trainer_client.post(
        url("create"),
        new(kind="true_false", text="She chooses where to meet.", points="1"),
    )

    question = Question.objects.get(text="She chooses where to meet.")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("True", True),
        ("False", False),
    ]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ("Offer a choice\nInsist", "Say which choice is correct by starting it with *"),
        ("*Only one", "Give at least two choices, one a line."),
        ("*Same\nsame", "Two choices have the same text."),
    ],
)
def test_a_new_question_with_bad_choices_is_explained_and_not_saved(
    trainer_client, choices, message
):
    response = trainer_client.post(
        url("create"),
        new(kind="single", text="A half-made question", points="1", choices=choices),
    )

    data = json.loads(response.content)
    assert data["step"] == "reshow_creation_form"
    assert message in data["htmlFragment"]
    assert not Question.objects.filter(text="A half-made question").exists()


@pytest.mark.parametrize("name", ["choose", "choose_results", "chosen_multiple"])
def test_admin_users_without_the_bank_are_refused(client, editor, bank, name):
    client.force_login(editor)

    page = client.get(url(name), {"id": bank["licence"].pk})
    modal = client.get(
        url(name),
        {"id": bank["licence"].pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert page.status_code == 302
    assert page["Location"] == reverse("wagtailadmin_home")
    assert modal.status_code == 403
    assert "licence" not in modal.content.decode()


def test_a_new_question_is_refused_to_admin_users_without_the_bank(client, editor):
    client.force_login(editor)

    client.post(url("create"), new(kind="free_text", text="Sneaked in", points="1"))

    assert not Question.objects.filter(text="Sneaked in").exists()


def test_learners_are_sent_to_the_admin_sign_in(client, learner):
    client.force_login(learner)

    response = client.get(url("choose"))

    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_quiz_editor_adds_questions_with_a_multiple_chooser_panel():
    panels = {
        getattr(panel, "relation_name", None): panel
        for panel in QuizPage.content_panels
    }

    panel = panels["quiz_questions"]
    assert isinstance(panel, MultipleChooserPanel)
    assert panel.chooser_field_name == "question"


def test_the_quiz_editor_links_the_csv_import(trainer_client, course, bank):
    quiz = make_quiz(course=course, title="Licence rules", questions=[bank["gp"]])

    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("quizzes_admin:import")}"' in content
    assert "Import them from a CSV file" in content
    assert "How does she register with a GP?" in content
