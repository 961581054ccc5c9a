"""Her notes are hers alone. Another learner, her agency manager, a Kairos
trainer and an administrator each get "not found" for every address that names
her notes, and her words appear in nothing they can open: the lesson, the
Wagtail admin (search, dashboard, quiz attempts), the manager's dashboard, her
manager's view of her and its export, and the Kairos-wide training report."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.search.index import get_indexed_models
from wagtail.snippets.models import get_snippet_models

from courses import services as course_services
from reflections.models import CheckIn, Draft, Reflection

from .conftest import HER_CHECK_IN_NOTE, HER_DRAFT, HER_NOTE, prompt_ids

pytestmark = pytest.mark.django_db

ROLES = ["other_learner", "manager", "trainer", "admin_user"]


def raw(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def body(response) -> str:
    return raw(response).decode()


def assert_blind(response, *, searched_for=False):
    """Her words are nowhere in the response. (A search page repeats what was
    searched for, so there only the rest of her words must be absent.)"""
    text = body(response)
    for words in [HER_NOTE, HER_CHECK_IN_NOTE, HER_DRAFT]:
        assert words not in text
        _codeword, rest = words.split(": ")
        assert rest not in text
        if not searched_for:
            assert _codeword not in text


@pytest.fixture
def her_private_words(her_note, her_check_in, her_draft, her_membership):
    """Her note, check-in and a draft, in a course her agency assigned her."""
    return her_note, her_check_in


@pytest.fixture
def someone(request, her_private_words, course, client):
    user = request.getfixturevalue(request.param)
    if request.param == "other_learner":
        course_services.enrol(user=user, course=course)
    client.force_login(user)
    return user


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_every_address_naming_her_notes_is_not_found_for_anyone_else(
    client, someone, her_private_words
):
    note, check_in = her_private_words
    edit = reverse("reflections:edit", args=[note.pk])
    attempts = [
        client.get(edit),
        client.post(edit, {"text": "Overwritten", "return_to": "mine"}),
        client.post(reverse("reflections:delete", args=[note.pk])),
        client.post(reverse("reflections:delete_check_in", args=[check_in.pk])),
    ]

    for response in attempts:
        assert response.status_code == 404
        assert_blind(response)
    note.refresh_from_db()
    assert note.text == HER_NOTE
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_nobody_elses_reflections_page_or_download_holds_her_words(
    client, someone, her_private_words
):
    for name in ["mine", "download_text", "download_json"]:
        response = client.get(reverse(f"reflections:{name}"))
        assert response.status_code == 200
        assert_blind(response)


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_writing_at_her_lesson_never_touches_her_notes(
    client, someone, her_private_words, her_draft, lesson
):
    note, check_in = her_private_words
    draft = her_draft
    enrolled = someone.enrolments.exists()
    words = {f"note-{note.block_id}": "Someone else's words", "feeling": "calm"}
    save = client.post(reverse("reflections:save_writing", args=[lesson.pk]), words)
    finish = client.post(reverse("reflections:finish_lesson", args=[lesson.pk]), words)
    autosave = client.post(
        reverse("reflections:autosave", args=[lesson.pk]),
        {"key": draft.key, "text": "Someone else's draft", "version": 0},
    )

    # Only a learner enrolled in the course may keep notes, and they are her own.
    assert save.status_code == (302 if enrolled else 404)
    assert autosave.status_code == (200 if enrolled else 404)
    assert finish.status_code == 302
    for response in (save, finish, autosave):
        assert_blind(response)
    note.refresh_from_db()
    check_in.refresh_from_db()
    draft.refresh_from_db()
    assert note.text == HER_NOTE
    assert (check_in.feeling, check_in.note) == ("unsettled", HER_CHECK_IN_NOTE)
    assert (draft.text, draft.version) == (HER_DRAFT, 0)


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_the_lesson_they_view_does_not_show_her_words(
    client, someone, her_private_words, lesson
):
    response = client.get(lesson.url, follow=True)
    assert response.status_code == 200
    assert_blind(response)


def test_another_enrolled_learner_gets_empty_note_forms_of_her_own(
    client, other_learner, course, lesson, her_private_words
):
    course_services.enrol(user=other_learner, course=course)
    client.force_login(other_learner)
    response = client.get(lesson.url)
    assert response.content.decode().count("Save my note") == len(prompt_ids(lesson))
    assert "Delete my note" not in response.content.decode()
    assert_blind(response)


@pytest.mark.parametrize("role", ["trainer", "admin_user"])
def test_the_wagtail_admin_is_blind_to_her_words(
    client, request, role, her_private_words, lesson
):
    client.force_login(request.getfixturevalue(role))
    search = reverse("wagtailadmin_pages:search")
    for words in ["Quillwort lantern", "Marram harbour", "caseworker", "froze"]:
        response = client.get(search, {"q": words})
        assert response.status_code == 200
        assert "Sorry, no pages match" in body(response)
        assert_blind(response, searched_for=True)
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("quizzes_admin:attempts"),
        reverse("agencies_admin:training_report"),
        reverse("agencies_admin:training_report") + "?export=csv",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_blind(response)


def test_the_training_report_is_about_her_yet_holds_none_of_her_words(
    trainer_client, her_private_words, course
):
    response = trainer_client.get(
        reverse("agencies_admin:training_report") + "?export=csv"
    )
    text = body(response)
    assert "leah@example.org" in text
    assert course.title in text
    assert_blind(response)


def test_her_manager_sees_her_progress_but_never_her_words(
    client, manager, her_private_words, her_membership
):
    client.force_login(manager)
    person = client.get(reverse("agencies:person", args=[her_membership.pk]))
    dashboard = client.get(reverse("agencies:dashboard"))
    export = client.get(reverse("agencies:export_csv"))
    xlsx = client.get(reverse("agencies:export_xlsx"))

    for response in (person, dashboard, export):
        assert response.status_code == 200
        assert "Leah Morgan" in body(response)
        assert_blind(response)
    assert xlsx.status_code == 200
    cells = [
        str(cell)
        for sheet in openpyxl.load_workbook(io.BytesIO(raw(xlsx))).worksheets
        for row in sheet.values
        for cell in row
    ]
    assert any("Leah Morgan" in cell for cell in cells)
    assert not any("Quillwort" in cell or "Marram" in cell for cell in cells)


def test_reflections_are_registered_nowhere_in_the_admin_or_search():
    snippets = get_snippet_models()
    indexed = get_indexed_models()
    for model in (Reflection, CheckIn, Draft):
        assert model not in snippets
        assert model not in indexed
    assert not apps.is_installed("django.contrib.admin")


@pytest.mark.parametrize("role", ["trainer", "admin_user"])
def test_no_admin_screen_lists_reflections(client, request, role, her_private_words):
    client.force_login(request.getfixturevalue(role))
    for url in [
        "/admin/snippets/reflections/reflection/",
        "/admin/snippets/reflections/checkin/",
        "/admin/snippets/reflections/draft/",
        "/admin/reflections/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
