from django import forms


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
            help_text="Choose every answer that applies.",
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
                label="Flag this question to come back to it", required=False
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
