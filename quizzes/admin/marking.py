"""One submitted attempt, every answer as she saw it, and the marking of her
written answers: "Save marks" stays on the attempt, "Save and mark next" goes on
to the next attempt waiting (`reports.next_attempt_to_mark`)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import grading, reports, selectors, services
from ..models import Attempt, Question, Response
from .base import TrainersOnlyMixin, result_label
from .forms import MarkForm


def _unmarked(response: Response | None) -> bool:
    return bool(response and response.is_correct is None and response.marks is None)


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


class AttemptView(TrainersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every answer of a submitted attempt, with a form for each written one."""

    template_name = "quizzes/admin/attempt.html"
    header_icon = "edit"
    bound_form: MarkForm | None = None

    @cached_property
    def attempt(self) -> Attempt:
        return get_object_or_404(
            reports.submitted_attempts().select_related("user", "quiz"),
            pk=self.kwargs["attempt_id"],
        )

    def get_page_title(self):
        return f"{self.attempt.user} – {self.attempt.quiz.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quizzes_admin:marking"), "label": _("Marking")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.attempt
        responses = {
            r.question_key: r
            for r in attempt.responses.select_related("marked_by").order_by("pk")
        }
        rows = [
            self._row(number, question, responses.get(question["key"]))
            for number, question in enumerate(attempt.questions, start=1)
        ]
        # The first answer still waiting takes the focus, so marking starts at
        # the keyboard without a click.
        first = next((row for row in rows if row["awaiting"] and row["form"]), None)
        if first:
            first["form"].fields["marks"].widget.attrs["autofocus"] = True
        context.update(
            attempt=attempt,
            score=selectors.score(attempt),
            result_label=result_label(attempt),
            rows=rows,
            has_errors=self.bound_form is not None,
        )
        return context

    def _row(self, number: int, question: dict, response: Response | None) -> dict:
        attempt = self.attempt
        answer = response.answer if response else []
        texts = {choice["id"]: choice["text"] for choice in question["choices"]}
        free_text = question["kind"] == grading.FREE_TEXT
        waiting = attempt.status == Attempt.Status.AWAITING_MARKING
        form = None
        if (
            free_text
            and response
            and response.answer
            and attempt.status != Attempt.Status.SUPERSEDED
        ):
            bound = self.bound_form
            if bound is not None and bound.prefix == f"response-{response.pk}":
                form = bound
            else:
                form = _mark_form(response, question)
        return {
            "number": number,
            "question": question,
            "kind_label": dict(Question.Kind.choices).get(
                question["kind"], question["kind"]
            ),
            "response": response,
            "free_text": free_text,
            "answer_text": (answer[0] if answer else "") if free_text else "",
            "chosen": [texts.get(c, _("(a removed choice)")) for c in answer],
            "correct": [c["text"] for c in question["choices"] if c["correct"]],
            "awaiting": _unmarked(response) and waiting,
            # Settled without it (or replaced): marking it is optional.
            "not_needed": _unmarked(response) and not waiting,
            "form": form,
        }


class MarkView(AttemptView):
    """Marks one written answer with points and a comment (POST only)."""

    http_method_names = ["post"]

    def post(self, request, attempt_id: int, response_id: int):
        attempt = self.attempt
        response = get_object_or_404(attempt.responses, pk=response_id)
        response.attempt = attempt
        question = reports.snapshot_question(attempt, response.question_key)
        if question is None or question["kind"] != grading.FREE_TEXT:
            messages.error(request, _("Only free-text answers are marked by hand."))
            return redirect("quizzes_admin:attempt", attempt_id=attempt.pk)
        form = _mark_form(response, question, data=request.POST)
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
                messages.success(request, marked_message(attempt))
                if "next" in request.POST:
                    return self._next(attempt)
                url = reverse("quizzes_admin:attempt", args=[attempt.pk])
                return redirect(f"{url}#response-{response.pk}")
        messages.error(request, _("The marks were not saved. Check the answer below."))
        self.bound_form = form
        del self.attempt  # read again: the result may have moved on
        return self.render_to_response(self.get_context_data())

    def _next(self, attempt: Attempt):
        following = reports.next_attempt_to_mark(current_id=attempt.pk)
        if following is None:
            messages.info(
                self.request, _("Nothing else is waiting to be marked. Well done.")
            )
            return redirect("quizzes_admin:marking")
        return redirect("quizzes_admin:attempt", attempt_id=following.pk)


def marked_message(attempt: Attempt) -> str:
    score = selectors.score(attempt)
    if attempt.status == Attempt.Status.AWAITING_MARKING:
        more = score.awaiting_marking
        return ngettext(
            "Marks saved. %(count)s more answer in this attempt still waits to be "
            "marked.",
            "Marks saved. %(count)s more answers in this attempt still wait to be "
            "marked.",
            more,
        ) % {"count": more}
    values = {
        "learner": attempt.user,
        "percent": score.percent,
        "pass_mark": attempt.pass_mark,
    }
    if attempt.passed:
        return (
            _(
                "Marks saved. %(learner)s scored %(percent)s%% and passed "
                "(pass mark %(pass_mark)s%%)."
            )
            % values
        )
    return (
        _(
            "Marks saved. %(learner)s scored %(percent)s%% and did not pass "
            "(pass mark %(pass_mark)s%%)."
        )
        % values
    )
