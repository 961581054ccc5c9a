import pytest
from django.db import IntegrityError, transaction

from reflections import services
from reflections.models import CheckIn, Reflection

from .conftest import HER_NOTE, PROMPTS

pytestmark = pytest.mark.django_db


def save(user, lesson, block_id, text):
    return services.save_reflection(
        user=user, lesson=lesson, block_id=block_id, prompt=PROMPTS[0], text=text
    )


def test_she_saves_a_note_and_saving_again_replaces_it(enrolled, lesson, block_id):
    first = save(enrolled, lesson, block_id, "  First thoughts.\n\nMore.  ")
    second = save(enrolled, lesson, block_id, "Second thoughts.")

    assert first.pk == second.pk
    stored = Reflection.objects.get()
    assert stored.text == "Second thoughts."
    assert stored.prompt == PROMPTS[0]
    assert stored.user == enrolled
    assert stored.updated_at >= stored.created_at


def test_surrounding_space_is_trimmed_but_her_line_breaks_are_kept(
    enrolled, lesson, block_id
):
    note = save(enrolled, lesson, block_id, "\n  One.\n\nTwo.\n ")
    assert note.text == "One.\n\nTwo."


@pytest.mark.parametrize("text", ["", "   ", "\n\n", None])
def test_an_empty_note_is_refused_with_a_clear_message(
    enrolled, lesson, block_id, text
):
    with pytest.raises(services.EmptyNote) as error:
        save(enrolled, lesson, block_id, text)
    assert "Write your note before you save it" in error.value.message
    assert not Reflection.objects.exists()


def test_a_note_of_5000_characters_is_kept_and_one_more_is_refused(
    enrolled, lesson, block_id
):
    save(enrolled, lesson, block_id, "a" * 5000)
    with pytest.raises(services.NoteTooLong) as error:
        save(enrolled, lesson, block_id, "b" * 5001)
    assert "5,000 characters" in error.value.message
    assert Reflection.objects.get().text == "a" * 5000


def test_only_a_learner_enrolled_in_the_course_may_keep_notes(
    learner, lesson, block_id
):
    with pytest.raises(services.NotEnrolled):
        save(learner, lesson, block_id, HER_NOTE)
    assert not Reflection.objects.exists()


def test_the_database_keeps_one_note_per_prompt(her_note):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.create(
            user=her_note.user,
            lesson=her_note.lesson,
            block_id=her_note.block_id,
            prompt="Again",
            text="A second copy",
        )


def test_the_database_refuses_an_empty_note(her_note):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.filter(pk=her_note.pk).update(text="")


def test_she_deletes_her_note_and_nobody_else_can(her_note, other_learner):
    services.delete_reflection(user=other_learner, reflection=her_note)
    assert Reflection.objects.filter(pk=her_note.pk).exists()

    services.delete_reflection(user=her_note.user, reflection=her_note)
    assert not Reflection.objects.exists()


def test_one_check_in_per_lesson_updated_when_she_checks_in_again(enrolled, lesson):
    services.save_check_in(user=enrolled, lesson=lesson, feeling="upset", note="x")
    services.save_check_in(user=enrolled, lesson=lesson, feeling="calm")

    check_in = CheckIn.objects.get()
    assert check_in.feeling == "calm"
    assert check_in.note == ""


def test_a_check_in_needs_a_known_feeling_and_a_short_note(enrolled, lesson):
    with pytest.raises(services.ReflectionError):
        services.save_check_in(user=enrolled, lesson=lesson, feeling="despair")
    with pytest.raises(services.ReflectionError):
        services.save_check_in(
            user=enrolled, lesson=lesson, feeling="calm", note="n" * 1001
        )
    assert not CheckIn.objects.exists()


def test_a_check_in_needs_enrolment(learner, lesson):
    with pytest.raises(services.NotEnrolled):
        services.save_check_in(user=learner, lesson=lesson, feeling="calm")


def test_the_database_refuses_an_unknown_feeling(her_check_in):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.filter(pk=her_check_in.pk).update(feeling="despair")


def test_she_removes_her_check_in_and_nobody_else_can(her_check_in, other_learner):
    services.delete_check_in(user=other_learner, check_in=her_check_in)
    assert CheckIn.objects.exists()
    services.delete_check_in(user=her_check_in.user, check_in=her_check_in)
    assert not CheckIn.objects.exists()
