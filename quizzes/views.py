from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.ids import id_from_query
from courses import locales
from courses import selectors as course_selectors
from courses import services as course_services

from . import adjustments, selectors, services, timing
from .forms import AnswersForm, WrittenAnswerDraftForm
from .models import Attempt, QuizPage


def _own_attempt(request, attempt_id: int) -> Attempt:
    # Someone else's attempt is simply not found.
    return get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user
    )


def _own_open_quiz_attempt(request, attempt_id: int) -> Attempt:
    """Her attempt at a quiz she may still reach: once its course (or the quiz)
    is unpublished or closed to her, the attempt can be neither taken nor
    submitted. Its result stays hers to see."""
    attempt = _own_attempt(request, attempt_id)
    if not course_selectors.is_visible(attempt.quiz, request=request):
        raise Http404
    return attempt


def _visible_quizzes(request):
    return course_selectors.visible_to_learners(QuizPage.objects.all(), request=request)


def _take_url(attempt: Attempt, number: int | None = None) -> str:
    url = reverse("quizzes:take", args=[attempt.pk])
    return f"{url}?q={number}" if number else url


@require_POST
@login_required
def start(request, quiz_id: int):
    quiz = get_object_or_404(_visible_quizzes(request), pk=quiz_id)
    try:
        attempt = services.start_attempt(user=request.user, quiz=quiz)
    except services.QuizError as error:
        messages.error(request, error.message)
        return redirect(quiz.url)
    # Resuming goes back to where she was: the first question not yet answered.
    number = selectors.first_unanswered(attempt)
    if number is None:
        return redirect("quizzes:review", attempt_id=attempt.pk)
    return redirect(_take_url(attempt, number))


@require_http_methods(["GET", "POST"])
@login_required
def take(request, attempt_id: int):
    attempt = _own_open_quiz_attempt(request, attempt_id)
    quiz = attempt.quiz
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    now = timezone.now()
    if timing.is_time_up(attempt.deadline, now=now):
        services.submit_attempt(user=request.user, attempt=attempt, now=now)
        messages.info(
            request, _("The time for this attempt ran out, so we submitted it.")
        )
        return redirect("quizzes:result", attempt_id=attempt.pk)

    total = len(attempt.questions)
    one_per_page = quiz.layout == QuizPage.Layout.ONE_PER_PAGE
    number = _page_number(request, total) if one_per_page else None
    shown = [attempt.questions[number - 1]] if one_per_page else attempt.questions
    saved = {r.question_key: r for r in attempt.responses.all()}
    locked = {
        key
        for key, response in saved.items()
        if quiz.feedback_mode == QuizPage.FeedbackMode.EACH and response.answer
    }
    editable = [q for q in shown if q["key"] not in locked]
    initial = {}
    for question in editable:
        response = saved.get(question["key"])
        if response:
            value = response.answer
            initial[question["key"]] = (
                value if question["kind"] == "multiple" else (value[0] if value else "")
            )
            initial[f"flag_{question['key']}"] = response.flagged

    form = AnswersForm(request.POST or None, questions=editable, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_answers(
                    user=request.user, attempt=attempt, answers=list(form.answers())
                )
            except services.TimeUp as error:
                messages.error(request, error.message)
                return redirect("quizzes:take", attempt_id=attempt.pk)
            except services.QuizError as error:
                messages.error(request, error.message)
                return redirect(_take_url(attempt, number))
            if request.POST.get("action") == "break":
                course_services.take_break(user=request.user, page=quiz)
                return redirect("courses:on_break", course_id=quiz.course.pk)
            return redirect(_next_url(request, attempt, number, total, quiz))
        messages.error(request, _("Some answers could not be saved: see below."))

    feedback = []
    if quiz.feedback_mode == QuizPage.FeedbackMode.EACH:
        feedback = [
            _feedback(question, saved[question["key"]])
            for question in shown
            if question["key"] in locked
        ]
    images = selectors.question_images(editable)
    items = [
        {
            "question": question,
            "field": form[question["key"]],
            "flag": form[f"flag_{question['key']}"],
            "image": images.get(question["image_id"]),
        }
        for question in editable
    ]
    return render(
        request,
        "quizzes/take.html",
        {
            "page": locales.shown(quiz),
            "quiz": locales.shown(quiz),
            "attempt": attempt,
            "form": form,
            "number": number,
            "total": total,
            "items": items,
            "feedback": feedback,
            "reveal": selectors.answers_revealed(quiz=quiz, rules=None),
            "seconds_left": timing.seconds_left(attempt.deadline, now=now),
        },
    )


@require_POST
@login_required
def autosave(request, attempt_id: int):
    """The take page's script keeps a written answer as she types it
    (static/js/autosave.js), through `services.save_answer`: the one store of
    answers, whose lock refuses a closed or timed-out attempt, and whose
    `expected` check stops a late autosave overwriting a later save. Someone
    else's attempt is not found."""
    attempt = _own_open_quiz_attempt(request, attempt_id)
    form = WrittenAnswerDraftForm(request.POST, questions=attempt.questions)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return _autosaved(saved=False, message=message, status=400)
    if attempt.quiz.feedback_mode == QuizPage.FeedbackMode.EACH:
        # Here an answer, once saved, is final: it is saved by her own press.
        return _autosaved(
            saved=False,
            message=_("Your answer is saved when you press “Save and continue”."),
            status=409,
        )
    try:
        services.save_answer(
            user=request.user,
            attempt=attempt,
            question_key=form.cleaned_data["field"],
            answer=form.answer(),
            flagged=form.cleaned_data["flagged"],
            expected=form.expected(),
        )
    except services.QuizError as error:
        return _autosaved(saved=False, message=error.message, status=409)
    moment = timezone.localtime()
    return _autosaved(
        saved=True,
        message=_("Answer saved at %(time)s") % {"time": f"{moment:%H:%M}"},
    )


def _autosaved(*, saved: bool, message: str, status: int = 200) -> JsonResponse:
    response = JsonResponse({"saved": saved, "message": message}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _page_number(request, total: int) -> int:
    try:
        number = int(request.GET.get("q", 1))
    except ValueError:
        number = 1
    return min(max(number, 1), total)


def _next_url(request, attempt, number, total, quiz) -> str:
    action = request.POST.get("action", "next")
    if action == "review" or number is None:
        return reverse("quizzes:review", args=[attempt.pk])
    if action == "back":
        return _take_url(attempt, max(1, number - 1))
    if (
        quiz.feedback_mode == QuizPage.FeedbackMode.EACH
        and action == "next"
        and request.GET.get("feedback") != "shown"
    ):
        # Show the feedback on the question just answered before moving on.
        return f"{_take_url(attempt, number)}&feedback=shown"
    if number >= total:
        return reverse("quizzes:review", args=[attempt.pk])
    return _take_url(attempt, number + 1)


def _feedback(question: dict, response) -> dict:
    is_correct = (
        response.is_correct
        if response.attempt.status != Attempt.Status.IN_PROGRESS
        else services.grading.grade(question, response.answer, partial_credit=False)[0]
    )
    return services.grading.feedback(question, response.answer, is_correct)


@require_http_methods(["GET", "POST"])
@login_required
def review(request, attempt_id: int):
    attempt = _own_open_quiz_attempt(request, attempt_id)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if request.method == "POST":
        attempt = services.submit_attempt(user=request.user, attempt=attempt)
        return redirect("quizzes:result", attempt_id=attempt.pk)
    saved = {r.question_key: r for r in attempt.responses.all()}
    rows = [
        {
            "number": number,
            "question": question,
            "answered": bool(
                saved.get(question["key"]) and saved[question["key"]].answer
            ),
            "flagged": bool(
                saved.get(question["key"]) and saved[question["key"]].flagged
            ),
        }
        for number, question in enumerate(attempt.questions, start=1)
    ]
    return render(
        request,
        "quizzes/review.html",
        {
            "page": locales.shown(attempt.quiz),
            "attempt": attempt,
            "rows": rows,
            "unanswered": [row for row in rows if not row["answered"]],
            "flagged": [row for row in rows if row["flagged"]],
        },
    )


@login_required
def result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("quizzes:take", attempt_id=attempt.pk)
    quiz = attempt.quiz
    saved = {r.question_key: r for r in attempt.responses.all()}
    rules = selectors.eligibility(user=request.user, quiz=quiz)
    return render(
        request,
        "quizzes/result.html",
        {
            "page": locales.shown(quiz),
            "quiz": locales.shown(quiz),
            "attempt": attempt,
            "score": selectors.score(attempt),
            "rules": rules,
            # Its breadcrumb and "Back to the course": the course she reads.
            "course": locales.shown(quiz.course),
            "reveal": selectors.answers_revealed(quiz=quiz, rules=rules),
            "settled": attempt.status != Attempt.Status.AWAITING_MARKING,
            "review": (
                [
                    {**_feedback(q, saved[q["key"]]), "response": saved[q["key"]]}
                    for q in attempt.questions
                ]
                if quiz.feedback_mode != QuizPage.FeedbackMode.NEVER
                else []
            ),
        },
    )


def quiz_list(request):
    """P02, P18: published quizzes by category, and whether attempts are limited."""
    category_id = id_from_query(request.GET, "category")
    return render(
        request,
        "quizzes/quiz_list.html",
        {
            "quizzes": selectors.published_quizzes(
                category_id=category_id, request=request
            ),
            "categories": selectors.categories_with_quizzes(request=request),
            "selected": category_id,
        },
    )


@login_required
def my_progress(request):
    """P14: her marks per category and every past attempt with its score."""
    attempts = [
        (attempt, selectors.score(attempt))
        for attempt in selectors.all_attempts(user=request.user)
    ]
    return render(
        request,
        "quizzes/progress.html",
        {
            "categories": selectors.progress_by_category(user=request.user),
            "attempts": attempts,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def more_time(request):
    """She asks for more time on timed quizzes. No reason is asked for."""
    if request.method == "POST":
        try:
            adjustments.request_more_time(user=request.user)
        except adjustments.AdjustmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "You have asked for more time on timed quizzes. You will see "
                    "the answer on this page."
                ),
            )
        return redirect("quizzes:more_time")
    return render(
        request,
        "quizzes/more_time.html",
        {"adjustment": selectors.time_adjustment_of(request.user)},
    )


PRACTICE_KEY = "quiz-practice-{}"


@require_http_methods(["GET", "POST"])
def practice(request, quiz_id: int):
    """P17: signed-out visitors practise; the result lives in the session only."""
    quiz = get_object_or_404(
        _visible_quizzes(request), pk=quiz_id, open_to_visitors=True
    )
    if request.user.is_authenticated:
        return redirect(quiz.url)
    key = PRACTICE_KEY.format(quiz.pk)
    questions = request.session.get(key)
    if questions is None or request.GET.get("again"):
        questions = services.practice_questions(quiz=quiz)
        request.session[key] = questions
    form = AnswersForm(request.POST or None, questions=questions)
    result = None
    if request.method == "POST" and form.is_valid():
        answers = {key_: answer for key_, answer, _ in form.answers()}
        result = services.grade_practice(
            quiz=quiz, questions=questions, answers=answers
        )
    items = [{"question": q, "field": form[q["key"]]} for q in questions]
    return render(
        request,
        "quizzes/practice.html",
        {
            "page": quiz,
            "quiz": quiz,
            "form": form,
            "items": items,
            "result": result,
            "reveal": bool(result)
            and selectors.practice_reveals_answers(quiz=quiz, passed=result["passed"]),
        },
    )
