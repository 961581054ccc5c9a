"""Questions into the bank from a CSV upload; bad rows listed by line."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..importing import ImportResult, import_questions_csv
from .base import TrainersOnlyMixin
from .forms import IMPORT_COLUMNS, ImportForm


class ImportView(TrainersOnlyMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"
    template_name = "quizzes/admin/import.html"
    form_class = ImportForm
    result: ImportResult | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(result=self.result, columns=IMPORT_COLUMNS)
        return context

    def form_valid(self, form):
        self.result = import_questions_csv(
            file_text=form.cleaned_data["text"],
            category=form.cleaned_data["category"],
        )
        self._messages(self.result)
        # The result is shown under a fresh form, to upload a corrected file.
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def form_invalid(self, form):
        messages.error(
            self.request, _("The file was not imported. See the error below.")
        )
        return super().form_invalid(form)

    def _messages(self, result: ImportResult) -> None:
        request = self.request
        if result.created:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)s question.",
                    "Imported %(count)s questions.",
                    result.created,
                )
                % {"count": result.created},
            )
        if result.skipped:
            messages.info(
                request,
                ngettext(
                    "Skipped %(count)s question already in the bank with the same "
                    "text and category.",
                    "Skipped %(count)s questions already in the bank with the same "
                    "text and category.",
                    result.skipped,
                )
                % {"count": result.skipped},
            )
        if result.errors:
            count = len(result.errors)
            messages.error(
                request,
                ngettext(
                    "%(count)s line could not be imported. Fix it and upload the "
                    "file again: questions already imported are skipped.",
                    "%(count)s lines could not be imported. Fix them and upload the "
                    "file again: questions already imported are skipped.",
                    count,
                )
                % {"count": count},
            )
        elif not result.created and not result.skipped:
            messages.warning(request, _("The file has no questions in it."))
