"""Questions in bulk, in the browser: the trainer filters the bank by category
in the quiz editor's chooser, ticks several questions, adds them in one go, and
writes a new one without leaving the quiz."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import QuizPage
from quizzes.tests.factories import CategoryFactory, make_quiz, single
from tests.e2e.test_trainer_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_trainer_adds_several_bank_questions_and_a_new_one_at_once(
    audited_page, trainer, course, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    law = CategoryFactory(name="Law")
    health = CategoryFactory(name="Health")
    single(text="Who sets licence conditions?", category=law)
    single(text="What is a recall?", category=law)
    single(text="How does she register with a GP?", category=health)
    quiz = make_quiz(course=course, title="Licence rules", questions=[])
    a = audited_page
    page = a.page
    sign_in(a, trainer, f"/admin/pages/{quiz.pk}/edit/")
    expect(page.get_by_role("link", name="Import them from a CSV file")).to_be_visible()
    a.audit()

    page.get_by_role("button", name="Add question", exact=True).click()
    modal = page.locator(".modal-content")
    category = modal.get_by_role("combobox", name="Category")
    expect(category).to_be_visible()
    category.select_option(label="Law")
    expect(modal.get_by_text("How does she register with a GP?")).to_have_count(0)
    modal.get_by_role("checkbox", name="Who sets licence conditions?").check()
    modal.get_by_role("checkbox", name="What is a recall?").check()
    modal.get_by_role("button", name="Confirm selection").click()
    expect(modal).to_have_count(0)
    chosen = page.locator("#id_quiz_questions-FORMS")
    expect(chosen).to_contain_text("Who sets licence conditions?")
    expect(chosen).to_contain_text("What is a recall?")

    # A question the bank lacks, written there and then.
    page.get_by_role("button", name="Add question", exact=True).click()
    modal.get_by_role("tab", name="New question").click()
    modal.get_by_role("combobox", name="Kind").select_option(label="True or false")
    # Wagtail adds a required mark to the label: "Question*".
    question = modal.get_by_role("textbox", name=re.compile(r"^Question"))
    question.fill("A recall always means prison.")
    modal.get_by_role("textbox", name="Choices").fill("True\n*False")
    modal.get_by_role("button", name="Add this question to the bank").click()
    expect(modal).to_have_count(0)
    expect(chosen).to_contain_text("A recall always means prison.")

    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    a.audit()
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [item.question.text for item in draft.quiz_questions.all()] == [
        "Who sets licence conditions?",
        "What is a recall?",
        "A recall always means prison.",
    ]
