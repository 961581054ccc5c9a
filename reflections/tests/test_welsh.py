"""Her private reflections in Welsh: My reflections, a note's page, the note
form in a lesson, the download, and the messages after a save."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from core.languages import in_language
from reflections.tests.conftest import HER_NOTE

pytestmark = pytest.mark.django_db


def welsh(path: str) -> str:
    # A request leaves its language active in this thread: an address reversed
    # after a Welsh page is Welsh already.
    if path.startswith("/cy/"):
        return path
    with translation.override("en-gb"):
        return in_language(path, "cy")


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in English, whatever an earlier one left active."""
    with translation.override("en-gb"):
        yield


def welsh_page(client, path: str) -> str:
    response = client.get(welsh(path))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_my_reflections_is_in_welsh(learner_client, her_note, her_check_in):
    page = welsh_page(learner_client, reverse("reflections:mine"))

    assert '<html lang="cy">' in page
    assert "Fy myfyrdodau" in page
    assert "Dim ond chi sy'n gallu eu gweld" in page
    assert "Sut roeddech chi'n teimlo ar ôl y wers hon" in page
    assert "Ychydig yn anesmwyth" in page  # her feeling, in Welsh
    assert HER_NOTE in page  # her own words stay as she wrote them
    assert "Only you can see them" not in page


def test_with_no_notes_yet_in_welsh(learner_client, enrolled):
    page = welsh_page(learner_client, reverse("reflections:mine"))

    assert "Does gennych chi ddim nodiadau eto." in page


def test_a_note_page_is_in_welsh(learner_client, her_note, lesson):
    page = welsh_page(learner_client, reverse("reflections:edit", args=[her_note.pk]))

    assert f"Eich nodyn ar “{lesson.title}”" in page
    assert "Oedi a myfyrio" in page
    assert "Dileu fy nodyn" in page


def test_the_note_form_in_a_lesson_is_in_welsh(learner_client, her_note, lesson):
    page = welsh_page(learner_client, lesson.url)

    assert "Cadw fy nodyn (dim ond chi sy'n gallu ei weld)" in page
    assert "Sut ydych chi'n teimlo ar ôl y wers hon?" in page


def test_the_text_download_is_in_welsh(learner_client, her_note, her_check_in):
    response = learner_client.get(welsh(reverse("reflections:download_text")))

    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode()
    assert "Fy myfyrdodau ar Kairos Learning" in text
    assert "Anogwr: " in text


def test_saving_a_note_thanks_her_in_welsh(learner_client, her_note):
    response = learner_client.post(
        welsh(reverse("reflections:edit", args=[her_note.pk])),
        {"text": "Newydd", "return_to": "mine"},
        follow=True,
    )

    assert "Mae eich nodyn wedi'i gadw. Dim ond chi sy'n gallu ei weld." in unescape(
        response.content.decode()
    )


def test_what_she_writes_on_the_welsh_lesson_joins_her_one_record(
    enrolled, course, lesson
):
    """A note, a check-in and a draft on the Welsh lesson are kept on the English
    lesson, so the English page shows them too (one record in either language)."""
    from courses import locales
    from courses.tests.test_languages import translate_course
    from reflections import selectors, services
    from reflections.models import CheckIn, Reflection
    from reflections.tests.conftest import prompt_ids

    translate_course(course, lessons=[lesson])
    welsh = lesson.get_translation(locales.locale_id("cy"))
    first, second = prompt_ids(welsh)
    assert [first, second] == prompt_ids(lesson)  # a translation keeps block ids

    services.save_lesson_writing(
        user=enrolled,
        lesson=welsh,
        writing=services.LessonWriting(notes={first: "Fy nodyn"}, feeling="calm"),
    )
    services.keep_draft(
        user=enrolled, lesson=welsh, key=second, text="Drafft", version=0
    )

    assert Reflection.objects.get(user=enrolled).lesson_id == lesson.pk
    assert CheckIn.objects.get(user=enrolled).lesson_id == lesson.pk
    assert selectors.notes_for_lesson(user=enrolled, lesson=lesson)[first].text == (
        "Fy nodyn"
    )
    assert selectors.drafts_for_lesson(user=enrolled, lesson=lesson)[second].text == (
        "Drafft"
    )
