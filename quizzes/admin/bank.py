"""The question bank in the admin: questions and categories as snippets, and
the question chooser the quiz editor opens to add several questions at once,
filtered by category and kind, searched by text, or written there and then."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.filters import id_checked_filterset
from core.ids import ModelChoiceField

from ..importing import RowError, check_choices, create_question
from ..models import Question, QuestionCategory

KIND_CHOICES = [("", _("All kinds")), *Question.Kind.choices]


def _with_subcategories(category: QuestionCategory) -> set[int]:
    """The category's id and its sub-categories', at any depth."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in QuestionCategory.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [category.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


class QuestionFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search the question text"),
        required=False,
        max_length=200,
        # The chooser modal searches as she types in #id_q.
        widget=forms.TextInput(attrs={"placeholder": _("Search"), "id": "id_q"}),
    )
    category = ModelChoiceField(
        queryset=QuestionCategory.objects.order_by("name"),
        required=False,
        empty_label=_("All categories"),
        label=_("Category"),
        help_text=_("Includes its sub-categories."),
        # The chooser modal refreshes its results when a marked filter changes.
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    kind = forms.ChoiceField(
        choices=KIND_CHOICES,
        required=False,
        label=_("Kind"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, **kwargs):
        # Ids of their own: the quiz editor behind the modal has a "category".
        kwargs.setdefault("auto_id", "id_question_filter_%s")
        super().__init__(*args, **kwargs)

    def filter(self, objects):
        objects = super().filter(objects)
        data = self.cleaned_data
        if data.get("category"):
            objects = objects.filter(category__in=_with_subcategories(data["category"]))
        if data.get("kind"):
            objects = objects.filter(kind=data["kind"])
        query = (data.get("q") or "").strip()
        if query:
            # Part of a word finds it too ("releas"), as the bank's listing does.
            objects = objects.filter(text__icontains=query)
            self.is_searching = True
            self.search_query = query
        return objects


class NewQuestionForm(forms.ModelForm):
    """A question written from the quiz editor, without leaving it."""

    # Its fields sit in the same modal as the filters: one "category" each.
    prefix = "new"

    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One choice a line. Start each correct choice with *. Leave empty "
            "for a free-text question, or for true or false with True correct "
            "(write *False and True to make False correct)."
        ),
    )

    class Meta:
        model = Question
        fields = ["category", "kind", "text", "points", "explanation"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        lines = [
            line.strip()
            for line in data.get("choices", "").splitlines()
            if line.strip()
        ]
        kind = data.get("kind")
        if kind == Question.Kind.TRUE_FALSE and not lines:
            lines = ["*True", "False"]
        choices = [line.lstrip("*").strip() for line in lines]
        correct = [line.lstrip("*").strip() for line in lines if line.startswith("*")]
        if kind:
            try:
                data["checked_choices"] = check_choices(
                    kind, choices, correct, one_a_line=True
                )
            except RowError as error:
                self.add_error("choices", str(error))
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        return create_question(
            kind=data["kind"],
            text=data["text"].strip(),
            choices=data["checked_choices"],
            explanation=data.get("explanation", "").strip(),
            points=data["points"],
            category=data.get("category"),
        )


class QuestionChooserAccess(PermissionCheckedMixin):
    """The bank is for people who may work on it (trainers, by their group)."""

    any_permission_required = ["add", "change", "delete", "view"]


class QuestionChooseView(QuestionChooserAccess, ChooseView):
    filter_form_class = QuestionFilterForm


class QuestionChooseResultsView(QuestionChooserAccess, ChooseResultsView):
    filter_form_class = QuestionFilterForm


class QuestionChosenView(QuestionChooserAccess, SnippetChosenView):
    pass


class QuestionChosenMultipleView(QuestionChooserAccess, SnippetChosenMultipleView):
    pass


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    chosen_view_class = QuestionChosenView
    chosen_multiple_view_class = QuestionChosenMultipleView
    creation_form_class = NewQuestionForm
    create_action_label = _("Add this question to the bank and the quiz")
    create_action_clicked_label = _("Adding…")
    creation_tab_label = _("New question")
    search_tab_label = _("Choose from the bank")
    ordering = ["-pk"]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["__str__", "parent"]
    search_fields = ["name"]
    ordering = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["__str__", "kind", "category", "points"]
    filterset_class = id_checked_filterset(Question, ["kind", "category"])
    # Database search: finds part of a word, like "releas", while the model's
    # search index has no autocomplete field.
    search_fields = ["text"]
    search_backend_name = None
    ordering = ["-pk"]
    chooser_viewset_class = QuestionChooserViewSet
    chooser_per_page = 25


class QuestionBankViewSetGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 250
