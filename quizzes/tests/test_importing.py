import pytest

from quizzes.importing import import_questions_csv
from quizzes.models import Question
from quizzes.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

HEADER = "kind,question,choices,correct,explanation,points,category\n"


def test_b09_imports_every_kind_with_choices_and_points():
    """B09: single, multiple, true/false and free text from one CSV file."""
    law = CategoryFactory(name="Law")
    CategoryFactory(name="Court", parent=law)
    file_text = HEADER + (
        "single,What helps most?,Offer a choice|Insist|Ignore,Offer a choice,"
        "It centres her choice.,2,Law\n"
        'multiple,"Which help, and why?",Safety|Choice|Blame,Safety|Choice,,,'
        "Law/Court\n"
        "true_false,A licence can have conditions.,,True,,1,\n"
        "free_text,Describe a safe first meeting.,,,,4,law\n"
    )

    result = import_questions_csv(file_text=file_text)

    assert result.errors == []
    assert (result.created, result.skipped) == (4, 0)
    single = Question.objects.get(text="What helps most?")
    assert single.kind == "single"
    assert single.points == 2
    assert single.category == law
    assert single.explanation == "It centres her choice."
    assert [(c.text, c.is_correct) for c in single.choices.order_by("sort_order")] == [
        ("Offer a choice", True),
        ("Insist", False),
        ("Ignore", False),
    ]
    multiple = Question.objects.get(text="Which help, and why?")
    assert str(multiple.category) == "Law › Court"
    assert multiple.points == 1
    assert set(
        multiple.choices.filter(is_correct=True).values_list("text", flat=True)
    ) == {
        "Safety",
        "Choice",
    }
    true_false = Question.objects.get(kind="true_false")
    assert list(true_false.choices.values_list("text", "is_correct")) == [
        ("True", True),
        ("False", False),
    ]
    assert true_false.category is None
    essay = Question.objects.get(kind="free_text")
    assert essay.points == 4
    assert not essay.choices.exists()


def test_b09_bad_rows_are_reported_by_line_and_good_rows_imported():
    """B09: each bad row gets its line number and a plain reason."""
    file_text = HEADER + (
        "single,Good one?,Yes|No,Yes,,,\n"
        "quiz,Unknown kind?,Yes|No,Yes,,,\n"
        "single,,Yes|No,Yes,,,\n"
        "\n"
        "single,No right answer?,Yes|No,Maybe,,,\n"
        "single,Two right?,Yes|No,Yes|No,,,\n"
        "single,One choice?,Yes,Yes,,,\n"
        "single,Bad points?,Yes|No,Yes,,lots,\n"
        "single,Too many points?,Yes|No,Yes,,101,\n"
        "free_text,Essay with choices?,A|B,,,,\n"
        "single,Unknown category?,Yes|No,Yes,,,Nowhere\n"
        '"single","Spread over\ntwo lines?","Yes|No","Maybe",,,\n'
        "single,Extra column?,Yes|No,Yes,,1,,oops\n"
        "true_false,Three choices?,True|False|Maybe,True,,,\n"
        "single,Same choice twice?,Yes|yes,Yes,,,\n"
    )

    result = import_questions_csv(file_text=file_text)

    assert result.created == 1
    assert Question.objects.get().text == "Good one?"
    lines = dict(result.errors)
    assert sorted(lines) == [3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17]
    assert "not a question kind" in lines[3]
    assert "question text is empty" in lines[4]
    assert "“Maybe” is not one of the choices" in lines[6]
    assert "use “multiple” for several" in lines[7]
    assert "at least two choices" in lines[8]
    assert "whole number from 1 to 100" in lines[9]
    assert "not 101" in lines[10]
    assert "free-text question has no choices" in lines[11]
    assert "no category called “Nowhere”" in lines[12]
    assert "“Maybe” is not one of the choices" in lines[13]  # starts on line 13
    assert "columns" in lines[15]
    assert "exactly two choices" in lines[16]
    assert "same text" in lines[17]


def test_b09_reimporting_the_same_file_creates_no_duplicates():
    """B09: identical text in the same category is skipped on a second import."""
    law = CategoryFactory(name="Law")
    file_text = HEADER + (
        "single,What helps most?,Offer a choice|Insist,Offer a choice,,,Law\n"
        "true_false,A licence can have conditions.,,True,,,\n"
        "true_false,A licence can have conditions.,,True,,,\n"
    )

    first = import_questions_csv(file_text=file_text)
    second = import_questions_csv(file_text=file_text, category=None)

    assert (first.created, first.skipped) == (2, 1)
    assert (second.created, second.skipped) == (0, 3)
    assert Question.objects.count() == 2
    # The same text in another category is a different question.
    third = import_questions_csv(
        file_text=HEADER + "true_false,A licence can have conditions.,,True,,,\n",
        category=law,
    )
    assert third.created == 1
    assert Question.objects.filter(category=law).count() == 2


def test_b09_default_category_for_rows_without_one_and_kind_spellings():
    """B09: a chosen category fills empty cells; "True or false" reads as a kind."""
    practice = CategoryFactory(name="Practice")
    file_text = (
        "\ufeffKind,Question,Choices,Correct\n"
        "True or false,She decides where to meet.,,true\n"
        "Free text,Why does choice matter?,,\n"
    )

    result = import_questions_csv(file_text=file_text, category=practice)

    assert result.errors == []
    assert result.created == 2
    assert set(Question.objects.values_list("kind", "category")) == {
        ("true_false", practice.pk),
        ("free_text", practice.pk),
    }


@pytest.mark.parametrize(
    ("file_text", "reason"),
    [
        ("", "The file is empty."),
        ("question,answer\nWhy?,Because\n", "Missing: kind."),
        (
            "kind,question,colour\nsingle,Why?,red\n",
            "Not recognised: colour.",
        ),
        ("kind,question,kind\nsingle,Why?,single\n", "twice: kind."),
    ],
)
def test_b09_a_bad_header_is_reported_on_line_1_and_nothing_is_saved(file_text, reason):
    """B09: a file whose first line does not name the columns imports nothing."""
    result = import_questions_csv(file_text=file_text)

    assert result.created == 0
    assert len(result.errors) == 1
    line, message = result.errors[0]
    assert line == 1
    assert reason in message
    assert not Question.objects.exists()
