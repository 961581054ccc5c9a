"""Nothing she writes on a lesson is lost: "Mark complete and continue" keeps
her notes and check-in with the completion, and what she is still writing is
kept as a draft (autosave) until she saves it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from courses.models import StepProgress
from reflections import selectors, services
from reflections.models import CheckIn, Draft, Reflection

from .conftest import HER_DRAFT, HER_NOTE, PROMPTS, lesson_with_prompts, prompt_ids

pytestmark = pytest.mark.django_db


def finish_url(lesson):
    return reverse("reflections:finish_lesson", args=[lesson.pk])


def autosave_url(lesson):
    return reverse("reflections:autosave", args=[lesson.pk])


def done(user, lesson) -> bool:
    return StepProgress.objects.filter(user=user, step=lesson).exists()


def primary_buttons(html: str) -> list[str]:
    """Buttons and button-styled links in the page's main content that are not
    marked secondary."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return [
        tag
        for tag in re.findall(r"<(?:button|a)\b[^>]*>", main)
        if re.search(r'class="button(?: [^"]*)?"', tag)
        and "button--secondary" not in tag
    ]


# The page -----------------------------------------------------------------------


def test_the_lesson_page_has_one_form_and_one_primary_button(
    client, her_note, her_check_in, lesson
):
    client.force_login(her_note.user)
    html = client.get(lesson.url).content.decode()

    [primary] = primary_buttons(html)
    assert "Mark complete and" in html.split(primary, 1)[1].split("</button>", 1)[0]
    assert f'action="{finish_url(lesson)}" id="lesson-writing"' in html
    assert f'data-autosave-url="{autosave_url(lesson)}"' in html
    # Every box she writes in belongs to that form.
    for block_id in prompt_ids(lesson):
        assert re.search(
            rf'<textarea[^>]*form="lesson-writing"[^>]*id="lesson-note-{block_id}"',
            html,
        ) or re.search(
            rf'<textarea[^>]*id="lesson-note-{block_id}"[^>]*form="lesson-writing"',
            html,
        )
    assert html.count('name="feeling"') == 4
    assert "saved when you mark it complete" in html
    assert '<script src="/static/js/autosave.js" defer></script>' in html


def test_a_finished_lesson_still_has_one_primary_button(client, enrolled, course):
    first = lesson_with_prompts(course, 1, title="First")
    lesson_with_prompts(course, 1, title="Second")
    client.force_login(enrolled)
    client.post(finish_url(first), {})
    html = client.get(first.url).content.decode()

    [primary] = primary_buttons(html)
    assert 'name="then" value="next"' in primary
    assert "You have completed this lesson." in html


def test_take_a_break_carries_what_she_wrote_on_the_lesson(client, enrolled, lesson):
    client.force_login(enrolled)
    html = client.get(lesson.url).content.decode()
    take_break = re.search(r"<button[^>]*>Take a break</button>", html).group(0)
    assert 'form="lesson-writing"' in take_break
    assert 'value="break"' in take_break


# Mark complete and continue ------------------------------------------------------


def test_marking_complete_keeps_her_notes_and_check_in(client, enrolled, course):
    lesson = lesson_with_prompts(course, 2, title="Listening first")
    after = lesson_with_prompts(course, 1, title="After")
    first, second = prompt_ids(lesson)
    client.force_login(enrolled)

    response = client.post(
        finish_url(lesson),
        {
            f"note-{first}": HER_NOTE,
            f"note-{second}": "",
            "feeling": "okay",
            "check_in_note": "Glad I read it.",
        },
    )

    assert response.status_code == 302
    assert response.url == after.url
    assert done(enrolled, lesson)
    note = Reflection.objects.get()
    assert (note.block_id, note.text, note.prompt) == (first, HER_NOTE, PROMPTS[0])
    check_in = CheckIn.objects.get()
    assert (check_in.feeling, check_in.note) == ("okay", "Glad I read it.")
    assertContains(client.get(response.url), "What you wrote is saved.")
    mine = client.get(reverse("reflections:mine"))
    assertContains(mine, HER_NOTE)
    assertContains(mine, "Glad I read it.")


def test_marking_complete_with_nothing_written_just_completes(client, enrolled, lesson):
    client.force_login(enrolled)
    response = client.post(
        finish_url(lesson),
        {f"note-{block_id}": "" for block_id in prompt_ids(lesson)}
        | {"check_in_note": ""},
    )
    assert response.status_code == 302
    assert done(enrolled, lesson)
    assert not Reflection.objects.exists()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("post", "error"),
    [
        ({"note-{0}": "x" * 5001}, "Keep it to 5,000 characters or fewer"),
        ({"note-{0}": "Half\x00way"}, "invisible NUL character"),
        ({"check_in_note": "No feeling chosen"}, "Choose how you are feeling"),
        ({"feeling": "furious"}, "Choose how you are feeling from the list"),
        ({"check_in_note": "y" * 1001, "feeling": "calm"}, "1,000 characters"),
    ],
)
def test_writing_that_cannot_be_kept_stops_the_completion_and_comes_back(
    client, enrolled, lesson, post, error
):
    first, second = prompt_ids(lesson)
    client.force_login(enrolled)
    data = {key.format(first): value for key, value in post.items()}
    data.setdefault(f"note-{second}", "A good note that must wait too")
    data.setdefault("check_in_note", "")

    response = client.post(finish_url(lesson), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert error in html
    assert "the lesson is not marked complete" in html
    assert "A good note that must wait too" in html
    assert "Save and mark complete" in html
    assert len(primary_buttons(html)) == 1
    assert "no-store" in response["Cache-Control"]
    assert not done(enrolled, lesson)
    assert not Reflection.objects.exists()
    assert not CheckIn.objects.exists()


def test_a_prompt_that_is_not_in_the_lesson_is_ignored(client, enrolled, lesson):
    client.force_login(enrolled)
    response = client.post(finish_url(lesson), {"note-made-up": "Forged"})
    assert response.status_code == 302
    assert done(enrolled, lesson)
    assert not Reflection.objects.exists()


def test_someone_not_enrolled_is_told_to_enrol_and_nothing_is_kept(
    client, learner, lesson, block_id
):
    client.force_login(learner)
    response = client.post(finish_url(lesson), {f"note-{block_id}": HER_NOTE})
    assert response.status_code == 302
    assert response.url == lesson.course.url
    assert not Reflection.objects.exists()
    assert not done(learner, lesson)
    assertContains(client.get(response.url), "Enrol in this course")


def test_a_lesson_she_cannot_open_is_not_found(client, enrolled, course, lesson):
    client.force_login(enrolled)
    course.unpublish()
    assert client.post(finish_url(lesson), {}).status_code == 404
    assert not done(enrolled, lesson)


def test_finishing_needs_post_and_a_signed_in_learner(client, lesson):
    assert client.post(finish_url(lesson), {}).url.startswith(reverse("accounts:login"))


def test_continue_from_a_finished_lesson_keeps_a_new_note(client, enrolled, course):
    lesson = lesson_with_prompts(course, 1, title="Done already")
    after = lesson_with_prompts(course, 1, title="After")
    [block_id] = prompt_ids(lesson)
    client.force_login(enrolled)
    client.post(finish_url(lesson), {})

    response = client.post(
        reverse("reflections:save_writing", args=[lesson.pk]),
        {f"note-{block_id}": "An afterthought", "then": "next"},
    )

    assert response.url == after.url
    assert Reflection.objects.get().text == "An afterthought"


def test_take_a_break_keeps_her_writing_then_saves_her_place(
    client, enrolled, lesson, block_id
):
    client.force_login(enrolled)
    response = client.post(
        reverse("reflections:save_writing", args=[lesson.pk]),
        {f"note-{block_id}": "Before my break", "then": "break"},
    )
    assert response.url == reverse("courses:on_break", args=[lesson.course.pk])
    assert Reflection.objects.get().text == "Before my break"


# Drafts --------------------------------------------------------------------------


def autosave(client, lesson, key, text, version=0):
    return client.post(
        autosave_url(lesson), {"key": key, "text": text, "version": version}
    )


def test_autosave_keeps_a_draft_and_says_when(client, enrolled, lesson, block_id):
    client.force_login(enrolled)
    response = autosave(client, lesson, block_id, HER_DRAFT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    now = timezone.localtime()
    answer = response.json()
    assert answer["saved"] is True
    assert re.fullmatch(r"Draft saved at \d\d:\d\d", answer["message"])
    assert answer["message"][-5:] in {
        f"{now:%H:%M}",
        f"{now - datetime.timedelta(minutes=1):%H:%M}",
    }
    draft = Draft.objects.get()
    assert (draft.user, draft.lesson, draft.key, draft.text) == (
        enrolled,
        lesson,
        block_id,
        HER_DRAFT,
    )
    assert not Reflection.objects.exists()


def test_she_comes_back_to_her_draft_in_the_box(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    version = Draft.objects.get(key=block_id).version
    autosave(client, lesson, block_id, "Rewriting it, not finished", version)
    autosave(client, lesson, Draft.CHECK_IN_NOTE, "Tired", 0)

    html = client.get(lesson.url).content.decode()

    assert re.search(
        rf'id="lesson-note-{block_id}"[^>]*>\s*Rewriting it, not finished', html
    )
    assert re.search(r'id="lesson-check_in_note"[^>]*>\s*Tired', html)
    assert "This is your draft from" in html
    assert f'data-autosave-version="{version}"' in html
    # The saved note is untouched until she saves.
    assert Reflection.objects.get().text == HER_NOTE


def test_saving_the_note_clears_the_draft(client, enrolled, lesson, block_id):
    client.force_login(enrolled)
    autosave(client, lesson, block_id, HER_DRAFT)
    client.post(finish_url(lesson), {f"note-{block_id}": HER_DRAFT})

    assert Reflection.objects.get().text == HER_DRAFT
    assert not selectors.her_drafts(user=enrolled).exists()
    assert "This is your draft" not in client.get(lesson.url).content.decode()


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": "x" * 5001, "version": 0}, 400, "longer than 5,000 characters"),
        ({"text": "a\x00b", "version": 0}, 400, "invisible NUL character"),
        ({"text": "fine", "version": -1}, 400, ""),
        ({"text": "fine", "version": "one"}, 400, ""),
        ({"text": "fine"}, 400, ""),
        ({"key": "check-in", "text": "z" * 1001, "version": 0}, 400, "1,000"),
    ],
)
def test_autosave_refuses_bad_input_and_keeps_nothing(
    client, enrolled, lesson, block_id, data, status, message
):
    client.force_login(enrolled)
    response = client.post(autosave_url(lesson), {"key": block_id, **data})
    assert response.status_code == status
    assert response.json()["saved"] is False
    assert message in response.json()["message"]
    assert not Draft.objects.exists()


def test_autosave_is_hers_alone(client, enrolled, other_learner, learner, lesson):
    # A prompt the lesson does not have, a learner not enrolled, a lesson that
    # is not published: not found, nothing kept.
    client.force_login(enrolled)
    assert autosave(client, lesson, "made-up", "x").status_code == 404
    client.force_login(other_learner)
    assert autosave(client, lesson, prompt_ids(lesson)[0], "x").status_code == 404
    client.force_login(enrolled)
    lesson.unpublish()
    assert autosave(client, lesson, prompt_ids(lesson)[0], "x").status_code == 404
    assert not Draft.objects.exists()


def test_autosave_needs_post_a_signed_in_learner_and_the_csrf_token(
    client, enrolled, lesson, block_id
):
    from django.test import Client

    assert autosave(client, lesson, block_id, "x").url.startswith(
        reverse("accounts:login")
    )
    client.force_login(enrolled)
    assert client.get(autosave_url(lesson)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(enrolled)
    assert autosave(strict, lesson, block_id, "x").status_code == 403
    assert not Draft.objects.exists()


def test_another_learner_never_sees_or_changes_her_draft(
    client, her_draft, other_learner, course, lesson
):
    from courses import services as course_services

    course_services.enrol(user=other_learner, course=course)
    client.force_login(other_learner)
    assert HER_DRAFT not in client.get(lesson.url).content.decode()
    autosave(client, lesson, her_draft.key, "Hers is not mine")
    her_draft.refresh_from_db()
    assert her_draft.text == HER_DRAFT
    assert Draft.objects.filter(user=other_learner).get().text == "Hers is not mine"


# The race: an autosave sent just before she pressed the button ------------------


def test_a_late_autosave_cannot_bring_back_the_draft_or_touch_the_note(
    client, enrolled, lesson, block_id
):
    client.force_login(enrolled)
    page_version = 0  # what her page said when she opened it
    autosave(client, lesson, block_id, "First words", page_version)

    client.post(finish_url(lesson), {f"note-{block_id}": "First words, finished"})
    late = autosave(client, lesson, block_id, "First words, fin", page_version)

    assert late.status_code == 409
    assert late.json()["saved"] is False
    assert "was saved since you opened the page" in late.json()["message"]
    assert Reflection.objects.get().text == "First words, finished"
    assert not selectors.her_drafts(user=enrolled).exists()
    html = client.get(lesson.url).content.decode()
    assert re.search(
        rf'id="lesson-note-{block_id}"[^>]*>\s*First words, finished', html
    )


def test_a_late_first_autosave_cannot_bring_back_a_draft_either(
    client, enrolled, lesson, block_id
):
    """No draft yet when she pressed the button: the late autosave would be the
    first, yet saving left a marker it cannot get past."""
    client.force_login(enrolled)
    client.post(finish_url(lesson), {f"note-{block_id}": "Typed fast"})
    late = autosave(client, lesson, block_id, "Typed", 0)
    assert late.status_code == 409
    assert not selectors.her_drafts(user=enrolled).exists()


def test_after_saving_a_fresh_page_autosaves_again(client, enrolled, lesson, block_id):
    client.force_login(enrolled)
    client.post(finish_url(lesson), {f"note-{block_id}": "Saved once"})
    html = client.get(lesson.url).content.decode()
    version = int(
        re.search(
            rf'data-autosave-version="(\d+)"[^>]*id="lesson-note-{block_id}"', html
        ).group(1)
    )
    assert autosave(client, lesson, block_id, "Saved once, then more", version).json()[
        "saved"
    ]
    assert Reflection.objects.get().text == "Saved once"


def test_deleting_a_note_clears_its_draft(client, her_note, lesson, block_id):
    client.force_login(her_note.user)
    version = Draft.objects.get(key=block_id).version
    autosave(client, lesson, block_id, "Not sure", version)
    client.post(reverse("reflections:delete", args=[her_note.pk]))
    assert not selectors.her_drafts(user=her_note.user).exists()


def test_the_lesson_page_reads_her_drafts_in_one_query(client, enrolled, course):
    lesson = lesson_with_prompts(course, 5, title="Five prompts")
    client.force_login(enrolled)
    for block_id in prompt_ids(lesson):
        autosave(client, lesson, block_id, f"Draft {block_id}")
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(lesson.url).content.decode()
    assert len([q for q in queries if "reflections_draft" in q["sql"]]) == 1
    for block_id in prompt_ids(lesson):
        assert f"Draft {block_id}" in html


def test_drafts_are_in_her_export_and_erased_with_her(client, her_draft, lesson):
    data = selectors.export_for(her_draft.user)
    [entry] = data["unsaved_drafts"]
    assert entry["text"] == HER_DRAFT
    assert entry["lesson"] == lesson.title
    assert entry["box"] == PROMPTS[1]
    # An emptied draft is only a marker, and holds nothing to export.
    services.save_reflection(
        user=her_draft.user,
        lesson=lesson,
        block_id=her_draft.key,
        prompt=PROMPTS[1],
        text="Finished it",
    )
    assert selectors.export_for(her_draft.user)["unsaved_drafts"] == []
