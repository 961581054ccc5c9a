import factory

from courses.tests.factories import _PageFactory
from quizzes.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizDraw,
    QuizPage,
    QuizQuestion,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    name = factory.Sequence(lambda n: f"Category {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because it centres her choice."


def single(*, right="Offer a choice", wrong=("Insist", "Ignore"), **kwargs) -> Question:
    question = QuestionFactory(kind=Question.Kind.SINGLE, **kwargs)
    Choice.objects.create(question=question, text=right, is_correct=True, sort_order=0)
    for number, text in enumerate(wrong, start=1):
        Choice.objects.create(
            question=question,
            text=text,
            feedback=f"{text} is not it.",
            sort_order=number,
        )
    return question


def multiple(*, right=("Safety", "Choice"), wrong=("Blame",), **kwargs) -> Question:
    question = QuestionFactory(kind=Question.Kind.MULTIPLE, **kwargs)
    for number, text in enumerate(right):
        Choice.objects.create(
            question=question, text=text, is_correct=True, sort_order=number
        )
    for number, text in enumerate(wrong, start=len(right)):
        Choice.objects.create(question=question, text=text, sort_order=number)
    return question


def true_false(*, answer=True, **kwargs) -> Question:
    question = QuestionFactory(kind=Question.Kind.TRUE_FALSE, **kwargs)
    Choice.objects.create(
        question=question, text="True", is_correct=answer, sort_order=0
    )
    Choice.objects.create(
        question=question, text="False", is_correct=not answer, sort_order=1
    )
    return question


def free_text(**kwargs) -> Question:
    return QuestionFactory(kind=Question.Kind.FREE_TEXT, **kwargs)


class QuizPageFactory(_PageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark = 50


def make_quiz(*, course, questions=(), draws=(), **kwargs) -> QuizPage:
    quiz = QuizPageFactory(parent=course, **kwargs)
    for number, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=number)
    for number, (category, count) in enumerate(draws):
        QuizDraw.objects.create(
            quiz=quiz, category=category, count=count, sort_order=number
        )
    return QuizPage.objects.get(pk=quiz.pk)


def right_answer(question: dict) -> list[str]:
    return [choice["id"] for choice in question["choices"] if choice["correct"]]


def wrong_answer(question: dict) -> list[str]:
    return [next(c["id"] for c in question["choices"] if not c["correct"])]
