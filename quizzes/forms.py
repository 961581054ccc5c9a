from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.forms import AuthoringPageForm


def answer_field(question: dict) -> forms.Field:
    """A form field for one snapshot question. Choices carry ids, never correctness."""
    choices = [(choice["id"], choice["text"]) for choice in question["choices"]]
    if question["kind"] == "free_text":
        return forms.CharField(
            label=question["text"],
            required=False,
            max_length=10_000,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
    if question["kind"] == "multiple":
        return forms.MultipleChoiceField(
            label=question["text"],
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Choose every answer that applies."),
        )
    return forms.ChoiceField(
        label=question["text"],
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
    )


class AnswersForm(forms.Form):
    """Answers to some questions of an attempt, keyed by question key."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question["key"]] = answer_field(question)
            self.fields[f"flag_{question['key']}"] = forms.BooleanField(
                label=_("Flag this question to come back to it"), required=False
            )

    def answers(self) -> list[tuple[str, list[str], bool]]:
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(question["key"])
            if value in (None, ""):
                value = []
            elif isinstance(value, str):
                value = [value]
            result.append(
                (
                    question["key"],
                    list(value),
                    self.cleaned_data[f"flag_{question['key']}"],
                )
            )
        return result


class WrittenAnswerDraftForm(forms.Form):
    """One autosave of a written answer from the take page's script. Django's
    CharField refuses NUL characters."""

    field = forms.CharField(max_length=64)
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=10_000,
        error_messages={
            "max_length": gettext_lazy(
                "That answer is too long: please keep it under 10,000 characters."
            ),
            "null_characters_not_allowed": gettext_lazy(
                "This contains an invisible NUL character, which cannot be kept. "
                "Remove it and try again."
            ),
        },
    )
    previous = forms.CharField(required=False, strip=False, max_length=10_000)
    flagged = forms.BooleanField(required=False)

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.written = {q["key"] for q in questions if q["kind"] == "free_text"}

    def clean_field(self):
        key = self.cleaned_data["field"]
        if key not in self.written:
            raise forms.ValidationError(
                _("That is not a written question of this quiz.")
            )
        return key

    @staticmethod
    def _answer(text: str) -> list[str]:
        text = text.strip()
        return [text] if text else []

    def answer(self) -> list[str]:
        return self._answer(self.cleaned_data["text"])

    def expected(self) -> list[str]:
        """The answer as her page last knew it saved."""
        return self._answer(self.cleaned_data["previous"])


class QuizPageForm(AuthoringPageForm):
    """Catches a misconfigured quiz in the editor, before a learner meets it (B15)."""

    def clean(self):
        from .models import Question

        cleaned_data = super().clean()
        kept = [
            form
            for form in self.formsets["quiz_questions"].forms
            if form.is_valid()
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("question")
        ]
        draws = [
            form
            for form in self.formsets["draws"].forms
            if form.is_valid()
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("category")
        ]
        for form in kept:
            question = form.cleaned_data["question"]
            if (
                question.kind != Question.Kind.FREE_TEXT
                and not question.choices.filter(is_correct=True).exists()
            ):
                self.add_error(
                    None,
                    _(
                        "“%(question)s” has no correct choice. Mark one in the "
                        "question bank first."
                    )
                    % {"question": question},
                )
        for form in draws:
            category, count = form.cleaned_data["category"], form.cleaned_data["count"]
            available = Question.objects.filter(category=category).count()
            if count > available:
                self.add_error(
                    None,
                    _(
                        "The draw from “%(category)s” asks for %(count)s questions, "
                        "but the bank has only %(available)s in that category."
                    )
                    % {"category": category, "count": count, "available": available},
                )
        if "action-publish" in self.data and not kept and not draws:
            self.add_error(
                None,
                _("Add at least one question or draw before publishing this quiz."),
            )
        return cleaned_data
