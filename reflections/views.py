"""Her private notes and check-ins. Every lookup goes through her own rows
(`selectors.her_reflections` / `her_check_ins`), so anyone else — another
learner, a manager, a trainer, an admin — is told the note does not exist."""

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import LessonPage
from courses.views import after_lesson_completed

from . import selectors, services
from .forms import DraftForm, LessonWritingForm, ReflectionForm
from .models import Feeling

SAVED = gettext_lazy("Your note is saved. Only you can see it.")
DELETED = gettext_lazy("Your note is deleted.")
CHECK_IN_REMOVED = gettext_lazy("Your check-in is removed.")
WRITING_SAVED = gettext_lazy("What you wrote is saved. Only you can see it.")
WRITING_SAVED_GENTLY = gettext_lazy(
    "What you wrote is saved. Only you can see it. It is fine to take a break "
    "and come back to the course when you are ready."
)
# The places in a lesson a save returns her to: a prompt's note, or the check-in.
ANCHOR = re.compile(r"reflection-[\w-]{1,64}|check-in")


def _open_lesson(request, lesson_id: int) -> LessonPage:
    """A lesson she may reach (`courses.selectors.visible_to_learners`), or 404."""
    return get_object_or_404(
        course_selectors.visible_to_learners(LessonPage.objects.all(), request=request),
        pk=lesson_id,
    )


def _lesson_she_may_write_in(request, lesson_id: int) -> LessonPage:
    lesson = _open_lesson(request, lesson_id)
    if not selectors.can_keep_notes(user=request.user, lesson=lesson):
        raise Http404
    return lesson


def _back(request, *, lesson: LessonPage, anchor: str):
    """To the lesson, at the note or check-in, unless she came from My
    reflections (or the lesson is no longer published)."""
    if request.POST.get("return_to") != "mine" and lesson.live:
        url = lesson.get_url(request)
        if url:
            return redirect(f"{url}#{anchor}")
    return redirect("reflections:mine")


def _return_to(request, default: str) -> str:
    return {"mine": "mine", "lesson": "lesson"}.get(
        request.POST.get("return_to", ""), default
    )


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@never_cache
@login_required
def mine(request):
    return render(
        request,
        "reflections/my_reflections.html",
        {"courses": selectors.reflections_by_course(user=request.user)},
    )


def _note_page(
    request, *, form, lesson, block_id, prompt, action, return_to, reflection=None
):
    return _private(
        render(
            request,
            "reflections/edit.html",
            {
                "form": form,
                "lesson": lesson,
                "block_id": block_id,
                "prompt": prompt,
                "action": action,
                "return_to": return_to,
                "reflection": reflection,
            },
        )
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def edit(request, pk: int):
    """Change one of her notes, from My reflections."""
    reflection = get_object_or_404(
        selectors.her_reflections(user=request.user).select_related("lesson"), pk=pk
    )
    lesson = reflection.lesson
    form = ReflectionForm(request.POST or None, initial={"text": reflection.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reflection(
                user=request.user,
                lesson=lesson,
                block_id=reflection.block_id,
                prompt=reflection.prompt,
                text=form.cleaned_data["text"],
            )
        except services.ReflectionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SAVED)
            return _back(
                request, lesson=lesson, anchor=f"reflection-{reflection.block_id}"
            )
    return _note_page(
        request,
        form=form,
        lesson=lesson,
        block_id=reflection.block_id,
        prompt=reflection.prompt,
        action=request.path,
        return_to=_return_to(request, "mine"),
        reflection=reflection,
    )


@require_POST
@login_required
def delete(request, pk: int):
    reflection = get_object_or_404(
        selectors.her_reflections(user=request.user).select_related("lesson"), pk=pk
    )
    services.delete_reflection(user=request.user, reflection=reflection)
    messages.success(request, DELETED)
    return _back(
        request, lesson=reflection.lesson, anchor=f"reflection-{reflection.block_id}"
    )


def _writing_form(request, lesson: LessonPage) -> LessonWritingForm:
    drafts = selectors.drafts_for_lesson(user=request.user, lesson=lesson)
    return LessonWritingForm(
        request.POST,
        prompts=selectors.prompts_in_lesson(lesson=lesson),
        versions={key: draft.version for key, draft in drafts.items()},
    )


def _then(request) -> str:
    """Where to go after saving: on to the next lesson, to a break, or back."""
    then = request.POST.get("then", "")
    return then if then in ("next", "break") else ""


def _anchor(request) -> str:
    anchor = request.POST.get("anchor", "")
    return anchor if ANCHOR.fullmatch(anchor) else ""


def _writing_not_saved(request, *, form, lesson, finishing: bool):
    """Her writing, as she sent it, with what stopped it being kept. Nothing
    was saved, and the lesson was not marked complete."""
    return _private(
        render(
            request,
            "reflections/lesson_writing.html",
            {
                "form": form,
                "lesson": lesson,
                "finishing": finishing,
                "then": _then(request),
                "anchor": _anchor(request),
            },
            status=400,
        )
    )


def _saved_message(request, kept: services.KeptWriting) -> None:
    if not kept.anything:
        return
    if kept.check_in_feeling in (Feeling.UNSETTLED, Feeling.UPSET):
        messages.success(request, WRITING_SAVED_GENTLY)
    else:
        messages.success(request, WRITING_SAVED)


@require_POST
@login_required
def save_writing(request, lesson_id: int):
    """“Save my note”, “Save my check-in”, and a break or “Continue” from a
    finished lesson: keep everything she wrote on the lesson, then go where the
    button said."""
    lesson = _lesson_she_may_write_in(request, lesson_id)
    form = _writing_form(request, lesson)
    if form.is_valid():
        try:
            kept = services.save_lesson_writing(
                user=request.user, lesson=lesson, writing=form.writing()
            )
        except services.ReflectionError as error:
            form.add_error(None, error.message)
        else:
            _saved_message(request, kept)
            return _after_saving(request, lesson)
    return _writing_not_saved(request, form=form, lesson=lesson, finishing=False)


def _after_saving(request, lesson: LessonPage):
    then = _then(request)
    if then == "break":
        try:
            course_services.take_break(user=request.user, page=lesson)
        except course_services.LearningError as error:
            messages.error(request, error.message)
            return redirect(lesson.course.url)
        return redirect("courses:on_break", course_id=lesson.course.pk)
    if then == "next":
        nav = course_selectors.lesson_navigation(user=request.user, lesson=lesson)
        return redirect(nav.next.url if nav.next else lesson.course.url)
    return _back(request, lesson=lesson, anchor=_anchor(request) or "check-in")


@require_POST
@login_required
def finish_lesson(request, lesson_id: int):
    """“Mark complete and continue”: keep what she wrote on the lesson and mark
    it complete, together (`services.finish_lesson`). If her writing cannot be
    kept, she sees it again with the reason, and the lesson is not marked."""
    lesson = _open_lesson(request, lesson_id)
    course = lesson.course
    form = _writing_form(request, lesson)
    if form.is_valid():
        try:
            finished = services.finish_lesson(
                user=request.user, lesson=lesson, writing=form.writing()
            )
        except services.ReflectionError as error:
            if isinstance(error, services.NotEnrolled):
                messages.error(request, error.message)
                return redirect(course.url)
            form.add_error(None, error.message)
        except course_services.CourseUnavailable as error:
            raise Http404(error.message) from error
        except course_services.LearningError as error:
            messages.error(request, error.message)
            return redirect(course.url)
        else:
            _saved_message(request, finished.kept)
            return after_lesson_completed(
                request, lesson=lesson, completion=finished.completion
            )
    return _writing_not_saved(request, form=form, lesson=lesson, finishing=True)


@require_POST
@login_required
def autosave(request, lesson_id: int):
    """Her page's script keeps a draft of what she is typing (static/js/
    autosave.js). For her alone: a lesson she cannot write in is not found."""
    lesson = _lesson_she_may_write_in(request, lesson_id)
    form = DraftForm(request.POST)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return _draft_answer(saved=False, message=message, status=400)
    try:
        draft = services.keep_draft(
            user=request.user,
            lesson=lesson,
            key=form.cleaned_data["key"],
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
        )
    except services.UnknownPrompt as error:
        raise Http404 from error
    except services.DraftOutdated as error:
        return _draft_answer(saved=False, message=error.message, status=409)
    except services.ReflectionError as error:
        return _draft_answer(saved=False, message=error.message, status=400)
    moment = timezone.localtime(draft.updated_at)
    return _draft_answer(
        saved=True,
        message=gettext("Draft saved at %(time)s") % {"time": f"{moment:%H:%M}"},
    )


def _draft_answer(*, saved: bool, message: str, status: int = 200):
    return _private(JsonResponse({"saved": saved, "message": message}, status=status))


@require_POST
@login_required
def delete_check_in(request, pk: int):
    check_in = get_object_or_404(
        selectors.her_check_ins(user=request.user).select_related("lesson"), pk=pk
    )
    services.delete_check_in(user=request.user, check_in=check_in)
    messages.success(request, CHECK_IN_REMOVED)
    return _back(request, lesson=check_in.lesson, anchor="check-in")


def _download(content: str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _filename(extension: str) -> str:
    return f"my-kairos-reflections-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_GET
@login_required
def download_text(request):
    content = render_to_string(
        "reflections/my_reflections.txt",
        {
            "courses": selectors.reflections_by_course(user=request.user),
            "user": request.user,
            "today": timezone.localdate(),
        },
    )
    return _download(
        content, filename=_filename("txt"), content_type="text/plain; charset=utf-8"
    )


@require_GET
@login_required
def download_json(request):
    content = json.dumps(
        selectors.export_for(request.user), ensure_ascii=False, indent=2
    )
    return _download(
        content,
        filename=_filename("json"),
        content_type="application/json; charset=utf-8",
    )
