"""What she sees and does: the note forms in a lesson, My reflections, her
downloads and the check-in."""

import json
import re

import pytest
from django.db import connection
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from courses import services as course_services
from courses.tests.factories import make_course
from reflections import services
from reflections.models import CheckIn, Reflection

from .conftest import (
    HER_CHECK_IN_NOTE,
    HER_NOTE,
    PROMPTS,
    lesson_with_prompts,
    prompt_ids,
)

pytestmark = pytest.mark.django_db

SAVE_LABEL = "Save my note (only you can see it)"


def save_url(lesson):
    return reverse("reflections:save_writing", args=[lesson.pk])


def note_post(block_id, text, **more):
    """A post of the lesson's form with one note box, from the prompt's button."""
    return {f"note-{block_id}": text, "anchor": f"reflection-{block_id}", **more}


def textarea(html, block_id):
    match = re.search(
        rf'<textarea[^>]*id="lesson-note-{block_id}"[^>]*>(.*?)</textarea>',
        html,
        re.S,
    )
    return match and match.group(1).strip()


# In the lesson -----------------------------------------------------------------


def test_an_enrolled_learner_sees_a_labelled_note_form_under_each_prompt(
    client, enrolled, lesson
):
    client.force_login(enrolled)
    html = client.get(lesson.url).content.decode()

    for block_id in prompt_ids(lesson):
        assert f'id="reflection-{block_id}"' in html
        assert f'<label for="lesson-note-{block_id}">Your note</label>' in html
        assert f'formaction="{save_url(lesson)}"' in html
        assert textarea(html, block_id) == ""
    assert html.count(SAVE_LABEL) == 2
    assert "Only you can see this note" in html
    assert "Delete my note" not in html
    assert "csrfmiddlewaretoken" in html


def test_her_saved_note_is_in_its_textarea_with_a_delete_button(
    client, her_note, lesson, block_id
):
    client.force_login(her_note.user)
    html = client.get(lesson.url).content.decode()

    assert textarea(html, block_id) == HER_NOTE
    assert textarea(html, prompt_ids(lesson)[1]) == ""
    assert html.count("Delete my note") == 1
    assert reverse("reflections:delete", args=[her_note.pk]) in html


def test_a_visitor_sees_the_prompt_only(client, lesson):
    # The lesson itself is for enrolled learners; the block, rendered for a
    # visitor (as in a public preview), shows the prompt and no form.
    request = RequestFactory().get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    block = next(b for b in lesson.body if b.block_type == "reflection_prompt")
    html = block.render(context={"request": request, "page": lesson})

    assert PROMPTS[0] in html
    assert "<form" not in html
    assert "<textarea" not in html


def test_a_prompt_rendered_without_a_request_shows_the_prompt_only(lesson):
    html = lesson.body.render_as_block()
    assert PROMPTS[0] in html
    assert "<form" not in html


def test_a_trainer_previewing_the_lesson_sees_the_prompt_without_a_form(
    trainer_client, lesson
):
    response = trainer_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[lesson.pk])
    )
    assertContains(response, PROMPTS[0])
    assertContains(response, "This is a preview")
    assertNotContains(response, "<textarea")
    assertNotContains(response, SAVE_LABEL)


def test_a_lesson_with_five_prompts_loads_her_notes_once(
    client, enrolled, course, lesson
):
    """Five prompts cost no more queries than one."""
    client.force_login(enrolled)
    one = lesson_with_prompts(course, 1, title="One prompt")
    five = lesson_with_prompts(course, 5, title="Five prompts")
    for page in (one, five):
        for number, block_id in enumerate(prompt_ids(page)):
            services.save_reflection(
                user=enrolled,
                lesson=page,
                block_id=block_id,
                prompt="P",
                text=f"Note {number} on {page.title}",
            )
    # Warm the caches: Wagtail's site root paths, each lesson's cached topics.
    client.get(one.url)
    client.get(five.url)

    with CaptureQueriesContext(connection) as one_queries:
        assert client.get(one.url).status_code == 200
    with CaptureQueriesContext(connection) as five_queries:
        html = client.get(five.url).content.decode()

    assert len(five_queries) == len(one_queries)
    reflection_queries = [
        q["sql"] for q in five_queries if "reflections_reflection" in q["sql"]
    ]
    assert len(reflection_queries) == 1
    for number, block_id in enumerate(prompt_ids(five)):
        assert textarea(html, block_id) == f"Note {number} on Five prompts"


# Saving ------------------------------------------------------------------------


def test_she_saves_a_note_and_returns_to_it_in_the_lesson(
    client, enrolled, lesson, block_id
):
    client.force_login(enrolled)
    response = client.post(save_url(lesson), note_post(block_id, HER_NOTE))

    assert response.status_code == 302
    assert response.url == f"{lesson.url}#reflection-{block_id}"
    note = Reflection.objects.get()
    assert (note.user, note.lesson, note.block_id) == (enrolled, lesson, block_id)
    assert note.text == HER_NOTE
    assert note.prompt == PROMPTS[0]
    page = client.get(response.url)
    assertContains(page, "What you wrote is saved. Only you can see it.")
    assert textarea(page.content.decode(), block_id) == HER_NOTE


def test_saving_again_changes_her_note(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    client.post(save_url(lesson), note_post(block_id, "Changed my mind."))
    assert Reflection.objects.get().text == "Changed my mind."


def test_the_prompt_is_copied_from_the_lesson_not_from_the_form(
    client, enrolled, lesson, block_id
):
    client.force_login(enrolled)
    client.post(save_url(lesson), note_post(block_id, "Mine", prompt="Forged"))
    assert Reflection.objects.get().prompt == PROMPTS[0]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("x" * 5001, "Keep it to 5,000 characters or fewer"),
        ("Half\x00way", "invisible NUL character"),
    ],
)
def test_bad_input_keeps_her_text_and_explains(
    client, her_note, lesson, block_id, text, error
):
    second = prompt_ids(lesson)[1]
    client.force_login(her_note.user)
    response = client.post(
        save_url(lesson),
        {
            f"note-{block_id}": "A change that must not half-save",
            f"note-{second}": text,
            "feeling": "calm",
            "check_in_note": "",
            "anchor": f"reflection-{second}",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "There is a problem" in html
    assert error in html
    assert f'href="#lesson-note-{second}">Your note: ' in html
    assert PROMPTS[1] in html
    assert "A change that must not half-save" in html
    if "\x00" not in text:
        assert text in html
    assert f'name="anchor" value="reflection-{second}"' in html
    assert "no-store" in response["Cache-Control"]
    # Nothing half-saved: neither the good note nor the check-in.
    assert Reflection.objects.get().text == HER_NOTE
    assert not CheckIn.objects.exists()


def test_an_empty_box_keeps_the_note_she_had(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    response = client.post(save_url(lesson), note_post(block_id, "   "))
    assert response.status_code == 302
    assert Reflection.objects.get().text == HER_NOTE


def test_she_cannot_keep_notes_on_a_course_she_has_not_enrolled_in(
    client, learner, lesson, block_id
):
    client.force_login(learner)
    response = client.post(save_url(lesson), note_post(block_id, HER_NOTE))
    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_a_note_needs_a_real_prompt_of_a_published_lesson(
    client, enrolled, lesson, block_id
):
    client.force_login(enrolled)
    assert client.post(save_url(lesson), note_post("made-up", "x")).status_code == 302
    assert not Reflection.objects.exists()
    lesson.unpublish()
    assert client.post(save_url(lesson), note_post(block_id, "x")).status_code == 404
    assert not Reflection.objects.exists()


def test_no_note_or_check_in_on_a_live_lesson_of_an_unpublished_course(
    client, enrolled, course, lesson, block_id
):
    client.force_login(enrolled)
    course.unpublish()

    response = client.post(save_url(lesson), note_post(block_id, "x", feeling="calm"))

    assert response.status_code == 404
    assert not Reflection.objects.exists()
    assert not CheckIn.objects.exists()


def test_saving_needs_post_and_a_signed_in_learner(client, lesson, block_id):
    url = save_url(lesson)
    response = client.post(url, note_post(block_id, "x"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_forms_are_protected_against_forgery(enrolled, lesson, block_id):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)
    url = save_url(lesson)

    assert client.post(url, note_post(block_id, "Forged")).status_code == 403
    html = client.get(lesson.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(url, note_post(block_id, "Mine", csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Reflection.objects.get().text == "Mine"


# Deleting and changing ------------------------------------------------------


def test_she_deletes_her_note_from_the_lesson(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    response = client.post(
        reverse("reflections:delete", args=[her_note.pk]), {"return_to": "lesson"}
    )

    assert response.url == f"{lesson.url}#reflection-{block_id}"
    assert not Reflection.objects.exists()
    assertContains(client.get(response.url), "Your note is deleted.")


def test_deleting_needs_post(client, her_note):
    client.force_login(her_note.user)
    response = client.get(reverse("reflections:delete", args=[her_note.pk]))
    assert response.status_code == 405
    assert Reflection.objects.exists()


def test_she_changes_a_note_from_my_reflections(client, her_note):
    client.force_login(her_note.user)
    url = reverse("reflections:edit", args=[her_note.pk])

    page = client.get(url)
    assertContains(page, PROMPTS[0])
    assertContains(page, HER_NOTE)
    assertContains(page, 'name="return_to" value="mine"')
    response = client.post(url, {"text": "Softer now.", "return_to": "mine"})

    assert response.url == reverse("reflections:mine")
    assert Reflection.objects.get().text == "Softer now."


def test_changing_a_note_to_nothing_keeps_it_and_explains(client, her_note):
    client.force_login(her_note.user)
    response = client.post(
        reverse("reflections:edit", args=[her_note.pk]),
        {"text": "", "return_to": "mine"},
    )
    assertContains(response, "There is a problem")
    assertContains(response, "Delete my note")
    assert Reflection.objects.get().text == HER_NOTE


def test_an_unknown_return_address_is_ignored(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    response = client.post(
        save_url(lesson),
        note_post(block_id, "x", return_to="https://evil.example/"),
    )
    assert response.url == f"{lesson.url}#reflection-{block_id}"
    response = client.post(
        save_url(lesson), note_post(block_id, "y", anchor='"><script>')
    )
    assert response.url == f"{lesson.url}#check-in"


# My reflections and downloads ----------------------------------------------------


def test_my_reflections_lists_her_notes_with_change_and_delete(
    client, her_note, her_check_in, course
):
    client.force_login(her_note.user)
    response = client.get(reverse("reflections:mine"))

    assertContains(response, "<h1>My reflections</h1>", html=True)
    assertContains(response, course.title)
    assertContains(response, "Listening first")
    assertContains(response, PROMPTS[0])
    assertContains(response, HER_NOTE)
    assertContains(response, "A bit unsettled")
    assertContains(response, HER_CHECK_IN_NOTE)
    assertContains(response, reverse("reflections:edit", args=[her_note.pk]))
    assertContains(response, reverse("reflections:delete", args=[her_note.pk]))
    assertContains(
        response, reverse("reflections:delete_check_in", args=[her_check_in.pk])
    )
    assertContains(response, reverse("reflections:download_text"))
    assertContains(response, reverse("reflections:download_json"))
    assert "no-store" in response["Cache-Control"]


def test_my_reflections_queries_do_not_grow_with_her_notes(client, her_note, catalogue):
    client.force_login(her_note.user)
    url = reverse("reflections:mine")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3):
        other = make_course(catalogue=catalogue, lessons=0, title=f"Course {number}")
        course_services.enrol(user=her_note.user, course=other)
        for lesson_number in range(2):
            page = lesson_with_prompts(other, 2, title=f"Lesson {lesson_number}")
            services.save_check_in(user=her_note.user, lesson=page, feeling="okay")
            for block_id in prompt_ids(page):
                services.save_reflection(
                    user=her_note.user,
                    lesson=page,
                    block_id=block_id,
                    prompt="P",
                    text="More",
                )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.content.decode().count("Course 2") == 1
    assert len(many) == len(few)


def test_my_reflections_when_she_has_none(client, learner):
    client.force_login(learner)
    response = client.get(reverse("reflections:mine"))
    assertContains(response, "You have no notes yet")


def test_every_page_here_asks_a_visitor_to_sign_in(client, her_note):
    for url in [
        reverse("reflections:mine"),
        reverse("reflections:edit", args=[her_note.pk]),
        reverse("reflections:download_text"),
        reverse("reflections:download_json"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_she_downloads_her_notes_as_plain_text(client, her_note, her_check_in, course):
    services.save_reflection(
        user=her_note.user,
        lesson=her_note.lesson,
        block_id=prompt_ids(her_note.lesson)[1],
        prompt=PROMPTS[1],
        text="Don't rush <me> & wait.",
    )
    client.force_login(her_note.user)
    response = client.get(reverse("reflections:download_text"))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".txt" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert course.title in text
    assert "Listening first" in text
    assert PROMPTS[0] in text
    assert HER_NOTE in text
    assert "A bit unsettled" in text
    assert HER_CHECK_IN_NOTE in text
    assert "Don't rush <me> & wait." in text  # Plain text: nothing is escaped.


def test_she_downloads_her_notes_as_json(client, her_note, her_check_in):
    client.force_login(her_note.user)
    response = client.get(reverse("reflections:download_json"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert ".json" in response["Content-Disposition"]
    data = json.loads(response.content)
    lesson = data["private_reflections"][0]["lessons"][0]
    assert lesson["reflections"][0]["note"] == HER_NOTE
    assert lesson["check_in"]["note"] == HER_CHECK_IN_NOTE


# Check-in ----------------------------------------------------------------------


def render_check_in(user, lesson, *, preview=False):
    request = RequestFactory().get(lesson.url)
    request.user = user
    if preview:
        request.is_preview = True
    template = Template("{% load reflection_tags %}{% check_in page %}")
    return template.render(
        Context({"request": request, "page": lesson, "csrf_token": get_token(request)})
    )


def test_the_check_in_is_an_optional_fieldset_of_plain_feelings(enrolled, lesson):
    html = render_check_in(enrolled, lesson)

    assert 'id="check-in"' in html
    assert "<fieldset" in html
    assert (
        '<legend class="question__legend">How are you feeling after this lesson? '
        "(Optional — only you can see this)</legend>"
    ) in html
    for label in ["Calm", "Okay", "A bit unsettled", "Upset"]:
        assert label in html
    assert html.count('type="radio"') == 4
    assert html.count('form="lesson-writing"') == 4 + 1 + 1  # radios, note, button
    assert reverse("reflections:save_writing", args=[lesson.pk]) in html
    assert "Remove my check-in" not in html


def test_the_check_in_shows_her_last_answer(her_check_in, lesson):
    html = render_check_in(her_check_in.user, lesson)
    assert re.search(r'value="unsettled"[^>]*checked', html)
    assert HER_CHECK_IN_NOTE in html
    assert "Remove my check-in" in html


def test_the_check_in_is_not_shown_to_others_or_in_previews(
    enrolled, other_learner, trainer, lesson
):
    assert render_check_in(other_learner, lesson).strip() == ""
    assert render_check_in(trainer, lesson).strip() == ""
    assert render_check_in(enrolled, lesson, preview=True).strip() == ""


def test_she_checks_in_and_checks_in_again(client, enrolled, lesson):
    client.force_login(enrolled)
    url = save_url(lesson)

    response = client.post(url, {"feeling": "calm", "anchor": "check-in"})
    assert response.url == f"{lesson.url}#check-in"
    assertContains(client.get(response.url), "What you wrote is saved.")
    response = client.post(url, {"feeling": "upset", "check_in_note": "Heavy today."})

    check_in = CheckIn.objects.get()
    assert (check_in.feeling, check_in.note) == ("upset", "Heavy today.")
    assertContains(client.get(response.url), "It is fine to take a break")


def test_a_check_in_note_without_a_feeling_keeps_her_note_and_explains(
    client, enrolled, lesson
):
    client.force_login(enrolled)
    response = client.post(
        save_url(lesson), {"check_in_note": "Still thinking about it."}
    )

    assert response.status_code == 400
    assertContains(response, "There is a problem", status_code=400)
    assertContains(response, 'href="#lesson-feeling_0"', status_code=400)
    assertContains(response, "Choose how you are feeling", status_code=400)
    assertContains(response, "Still thinking about it.", status_code=400)
    assert not CheckIn.objects.exists()


def test_an_unknown_feeling_is_refused(client, enrolled, lesson):
    client.force_login(enrolled)
    response = client.post(save_url(lesson), {"feeling": "furious"})
    assertContains(
        response, "Choose how you are feeling from the list", status_code=400
    )
    assert not CheckIn.objects.exists()


def test_checking_in_needs_enrolment(client, learner, lesson):
    client.force_login(learner)
    response = client.post(save_url(lesson), {"feeling": "calm"})
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_she_removes_her_check_in(client, her_check_in, lesson):
    client.force_login(her_check_in.user)
    response = client.post(
        reverse("reflections:delete_check_in", args=[her_check_in.pk]),
        {"return_to": "mine"},
    )
    assert response.url == reverse("reflections:mine")
    assert not CheckIn.objects.exists()


def test_enrolling_later_opens_the_note_forms(client, learner, course, lesson):
    client.force_login(learner)
    course_services.enrol(user=learner, course=course)
    assertContains(client.get(lesson.url), SAVE_LABEL, count=2)
