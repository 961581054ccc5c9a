"""Wagtail admin views for trainers: marking, attempts, quiz results, CSV import.

Mounted under /admin/quizzes/ by `wagtail_hooks.py`, so Wagtail first checks
that the person may use the admin at all (others go to its sign-in page); each
view then checks `is_trainer` (others get a 403).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from accounts.roles import is_trainer
from core.ids import ModelChoiceField
from core.uploads import UploadRefused, read_text_upload

from . import grading, reports, selectors, services
from .importing import import_questions_csv
from .models import Attempt, Question, QuestionCategory, Response

PER_PAGE = 50
MAX_IMPORT_BYTES = 1024 * 1024
# A question (up to 5,000 characters), its choices and explanation fit well within.
MAX_IMPORT_LINE_CHARS = 50_000
KIND_LABELS = dict(Question.Kind.choices)


def trainers_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_trainer(request.user):
            return TemplateResponse(
                request,
                "quizzes/admin/forbidden.html",
                {"page_title": "No access"},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


# Forms -------------------------------------------------------------------------


class AttemptFilterForm(forms.Form):
    quiz = ModelChoiceField(
        queryset=reports.quiz_choices(),
        required=False,
        empty_label="All quizzes",
        label="Quiz",
    )
    learner = forms.CharField(
        required=False,
        max_length=150,
        label="Learner",
        help_text="Part of her name or email address.",
    )

    def filters(self) -> dict:
        if not self.is_valid():
            data = {
                name: self.cleaned_data.get(name)
                for name in ("quiz", "learner")
                if name not in self.errors
            }
        else:
            data = self.cleaned_data
        quiz = data.get("quiz")
        return {
            "quiz_id": quiz.pk if quiz else None,
            "learner_query": data.get("learner") or "",
        }


class MarkForm(forms.Form):
    marks = forms.DecimalField(max_digits=6, decimal_places=2)
    comment = forms.CharField(
        label="Comment for the learner",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional: what was good and what to work on.",
    )

    def __init__(self, *args, points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        field = self.fields["marks"]
        field.label = f"Marks (0 to {points})"
        field.min_value = Decimal(0)
        field.max_value = Decimal(points)
        field.widget.attrs.update({"min": 0, "max": points, "step": "0.01"})
        field.error_messages.update(
            {
                "required": f"Enter the marks, from 0 to {points}.",
                "invalid": "Enter the marks as a number, such as 2 or 1.5.",
                "max_decimal_places": "Use at most two decimal places.",
                "max_digits": f"Enter the marks, from 0 to {points}.",
            }
        )

    def clean_marks(self):
        marks = self.cleaned_data["marks"]
        if marks < 0 or marks > self.points:
            raise forms.ValidationError(
                f"Marks must be between 0 and {self.points}, the points this "
                "question is worth."
            )
        return marks


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "A .csv file of at most 1 MB, saved as UTF-8, with the columns kind, "
            "question, choices, correct, explanation, points, category."
        ),
    )
    category = ModelChoiceField(
        queryset=QuestionCategory.objects.all(),
        required=False,
        empty_label="No category",
        label="Category for rows that name none",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB. Split it into smaller files."
            )
        try:
            # The whole file: encoding, no NUL anywhere, no overlong line.
            self.cleaned_data["text"] = read_text_upload(
                upload.read(),
                max_bytes=MAX_IMPORT_BYTES,
                max_line_chars=MAX_IMPORT_LINE_CHARS,
            )
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


# Helpers -------------------------------------------------------------------------


def _page(request, items):
    paginator = Paginator(items, PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return page, list(paginator.get_elided_page_range(page.number))


def _result_label(attempt: Attempt) -> str:
    if attempt.status == Attempt.Status.AWAITING_MARKING:
        return "Awaiting marking"
    if attempt.status == Attempt.Status.SUPERSEDED:
        return "Not marked: a later attempt settled her result"
    return "Passed" if attempt.passed else "Not passed"


def _answer_rows(attempt: Attempt, responses: dict, forms_by_key: dict) -> list[dict]:
    """Each question as she saw it, her answer, and a marking form for free text."""
    rows = []
    for number, question in enumerate(attempt.questions, start=1):
        response = responses.get(question["key"])
        answer = response.answer if response else []
        texts = {choice["id"]: choice["text"] for choice in question["choices"]}
        free_text = question["kind"] == grading.FREE_TEXT
        unmarked = bool(
            response and response.is_correct is None and response.marks is None
        )
        rows.append(
            {
                "number": number,
                "question": question,
                "kind_label": KIND_LABELS.get(question["kind"], question["kind"]),
                "response": response,
                "free_text": free_text,
                "answer_text": (answer[0] if answer else "") if free_text else "",
                "chosen": [texts.get(c, "(a removed choice)") for c in answer],
                "correct": [c["text"] for c in question["choices"] if c["correct"]],
                "awaiting": unmarked
                and attempt.status == Attempt.Status.AWAITING_MARKING,
                # Settled without it (or replaced): marking it is optional.
                "not_needed": unmarked
                and attempt.status != Attempt.Status.AWAITING_MARKING,
                "form": forms_by_key.get(question["key"]),
            }
        )
    return rows


def _mark_form(response: Response, question: dict, data=None) -> MarkForm:
    initial = {}
    if response.marked_at:
        initial = {"marks": response.marks, "comment": response.comment}
    return MarkForm(
        data,
        points=question["points"],
        prefix=f"response-{response.pk}",
        initial=initial,
    )


def _render_attempt(request, attempt: Attempt, *, bound: MarkForm | None = None):
    responses = {
        r.question_key: r
        for r in attempt.responses.select_related("marked_by").order_by("pk")
    }
    forms_by_key = {}
    for question in attempt.questions:
        response = responses.get(question["key"])
        if (
            question["kind"] == grading.FREE_TEXT
            and response
            and response.answer
            and attempt.status != Attempt.Status.SUPERSEDED
        ):
            forms_by_key[question["key"]] = _mark_form(response, question)
    if bound is not None:
        forms_by_key[bound.question_key] = bound
    return TemplateResponse(
        request,
        "quizzes/admin/attempt.html",
        {
            "page_title": f"{attempt.user} – {attempt.quiz.title}",
            "attempt": attempt,
            "score": selectors.score(attempt),
            "result_label": _result_label(attempt),
            "rows": _answer_rows(attempt, responses, forms_by_key),
            "has_errors": bound is not None,
        },
    )


def _submitted_attempt(attempt_id: int) -> Attempt:
    return get_object_or_404(
        reports.submitted_attempts().select_related("user", "quiz"), pk=attempt_id
    )


# Views ---------------------------------------------------------------------------


@require_GET
@trainers_only
def marking_queue(request):
    """Free-text answers waiting to be marked, oldest first (P15, B08)."""
    form = AttemptFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page, page_range = _page(request, reports.marking_queue(**filters))
    rows = [
        {
            "response": response,
            "attempt": response.attempt,
            "question": reports.snapshot_question(
                response.attempt, response.question_key
            ),
        }
        for response in page
    ]
    return TemplateResponse(
        request,
        "quizzes/admin/marking_queue.html",
        {
            "page_title": "Marking",
            "form": form,
            "rows": rows,
            "items": page,
            "elided_page_range": page_range,
            "filtered": any(filters.values()),
        },
    )


@require_GET
@trainers_only
def attempt_list(request):
    """Submitted attempts, filtered by learner and quiz (P15)."""
    form = AttemptFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page, page_range = _page(request, reports.attempts_for_staff(**filters))
    rows = [
        {
            "attempt": attempt,
            "score": selectors.score(attempt),
            "result_label": _result_label(attempt),
        }
        for attempt in page
    ]
    return TemplateResponse(
        request,
        "quizzes/admin/attempt_list.html",
        {
            "page_title": "Quiz attempts",
            "form": form,
            "rows": rows,
            "items": page,
            "elided_page_range": page_range,
            "filtered": any(filters.values()),
        },
    )


@require_GET
@trainers_only
def attempt_detail(request, attempt_id: int):
    """One submitted attempt: every answer, and forms to mark free text (P15)."""
    return _render_attempt(request, _submitted_attempt(attempt_id))


@require_POST
@trainers_only
def mark(request, attempt_id: int, response_id: int):
    """Mark one free-text answer with points and a comment (P15, B08)."""
    attempt = _submitted_attempt(attempt_id)
    response = get_object_or_404(attempt.responses, pk=response_id)
    response.attempt = attempt
    question = reports.snapshot_question(attempt, response.question_key)
    if question is None or question["kind"] != grading.FREE_TEXT:
        messages.error(request, "Only free-text answers are marked by hand.")
        return redirect("quizzes_admin:attempt", attempt_id=attempt.pk)
    form = _mark_form(response, question, data=request.POST)
    form.question_key = response.question_key
    if form.is_valid():
        try:
            attempt = services.mark_response(
                marker=request.user,
                response=response,
                marks=form.cleaned_data["marks"],
                comment=form.cleaned_data["comment"],
            )
        except services.QuizError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _marked_message(attempt))
            url = reverse("quizzes_admin:attempt", args=[attempt.pk])
            return redirect(f"{url}#response-{response.pk}")
    messages.error(request, "The marks were not saved. Check the answer below.")
    response.refresh_from_db()
    attempt.refresh_from_db()
    return _render_attempt(request, attempt, bound=form)


def _marked_message(attempt: Attempt) -> str:
    score = selectors.score(attempt)
    if attempt.status == Attempt.Status.AWAITING_MARKING:
        more = score.awaiting_marking
        return (
            f"Marks saved. {more} more answer{'s' if more != 1 else ''} in this "
            "attempt still wait to be marked."
        )
    outcome = "passed" if attempt.passed else "did not pass"
    return (
        f"Marks saved. {attempt.user} scored {score.percent}% and {outcome} "
        f"(pass mark {attempt.pass_mark}%)."
    )


@require_GET
@trainers_only
def results_index(request):
    """Every quiz with its attempts and pass rate (B13)."""
    quizzes = list(reports.quiz_overview())
    steplen = Page.steplen
    parents = {
        page.path: page
        for page in Page.objects.filter(
            path__in={quiz.path[:-steplen] for quiz in quizzes}
        )
    }
    rows = [
        {
            "quiz": quiz,
            "course": parents.get(quiz.path[:-steplen]),
            "results": reports.results_for(quiz),
        }
        for quiz in quizzes
    ]
    return TemplateResponse(
        request,
        "quizzes/admin/results_index.html",
        {"page_title": "Quiz results", "rows": rows},
    )


@require_GET
@trainers_only
def quiz_results(request, quiz_id: int):
    """One quiz: attempts, pass rate and item statistics (B13)."""
    quiz = get_object_or_404(reports.quiz_choices(), pk=quiz_id)
    return TemplateResponse(
        request,
        "quizzes/admin/quiz_results.html",
        {
            "page_title": f"Results: {quiz.title}",
            "quiz": quiz,
            "results": reports.quiz_results(quiz),
            "statistics": reports.question_statistics(quiz),
        },
    )


@require_GET
@trainers_only
def quiz_statistics_csv(request, quiz_id: int):
    """The item statistics as a CSV download (B13)."""
    quiz = get_object_or_404(reports.quiz_choices(), pk=quiz_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="quiz-{quiz.pk}-statistics.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    csv.writer(response).writerows(reports.question_statistics_csv(quiz))
    return response


@require_http_methods(["GET", "POST"])
@trainers_only
def import_questions(request):
    """Upload a CSV of questions into the bank; bad rows listed by line (B09)."""
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_questions_csv(
                file_text=form.cleaned_data["text"],
                category=form.cleaned_data["category"],
            )
            _import_messages(request, result)
        else:
            messages.error(request, "The file was not imported. See the error below.")
    else:
        form = ImportForm()
    return TemplateResponse(
        request,
        "quizzes/admin/import.html",
        {
            "page_title": "Import questions",
            "form": form,
            "result": result,
            "columns": [
                "kind",
                "question",
                "choices",
                "correct",
                "explanation",
                "points",
                "category",
            ],
        },
    )


def _import_messages(request, result) -> None:
    def questions(n: int) -> str:
        return f"{n} question{'s' if n != 1 else ''}"

    if result.created:
        messages.success(request, f"Imported {questions(result.created)}.")
    if result.skipped:
        messages.info(
            request,
            f"Skipped {questions(result.skipped)} already in the bank with the "
            "same text and category.",
        )
    if result.errors:
        count = len(result.errors)
        messages.error(
            request,
            f"{count} line{'s' if count != 1 else ''} could not be imported. Fix "
            "them and upload the file again: questions already imported are "
            "skipped.",
        )
    elif not result.created and not result.skipped:
        messages.warning(request, "The file has no questions in it.")
