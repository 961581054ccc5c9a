"""Her private notes and check-ins. Every lookup goes through her own rows
(`selectors.her_reflections` / `her_check_ins`), so anyone else — another
learner, a manager, a trainer, an admin — is told the note does not exist."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from courses import selectors as course_selectors
from courses.models import LessonPage

from . import selectors, services
from .forms import CheckInForm, ReflectionForm
from .models import Feeling

SAVED = "Your note is saved. Only you can see it."
DELETED = "Your note is deleted."
CHECKED_IN = "Your check-in is saved. Only you can see it."
CHECKED_IN_GENTLY = (
    "Your check-in is saved. Only you can see it. It is fine to take a break "
    "and come back to the course when you are ready."
)
CHECK_IN_REMOVED = "Your check-in is removed."


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


@require_POST
@login_required
def save(request, lesson_id: int, block_id: str):
    """Save her note from a lesson's reflection prompt."""
    lesson = _lesson_she_may_write_in(request, lesson_id)
    prompt = selectors.prompt_in_lesson(lesson=lesson, block_id=block_id)
    if prompt is None:
        raise Http404
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.save_reflection(
                user=request.user,
                lesson=lesson,
                block_id=block_id,
                prompt=prompt,
                text=form.cleaned_data["text"],
            )
        except services.ReflectionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SAVED)
            return _back(request, lesson=lesson, anchor=f"reflection-{block_id}")
    reflection = (
        selectors.her_reflections(user=request.user)
        .filter(lesson=lesson, block_id=block_id)
        .first()
    )
    return _note_page(
        request,
        form=form,
        lesson=lesson,
        block_id=block_id,
        prompt=prompt,
        action=request.path,
        return_to=_return_to(request, "lesson"),
        reflection=reflection,
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


@require_POST
@login_required
def check_in(request, lesson_id: int):
    lesson = _lesson_she_may_write_in(request, lesson_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            saved = services.save_check_in(
                user=request.user,
                lesson=lesson,
                feeling=form.cleaned_data["feeling"],
                note=form.cleaned_data["note"],
            )
        except services.ReflectionError as error:
            form.add_error(None, error.message)
        else:
            gently = saved.feeling in (Feeling.UNSETTLED, Feeling.UPSET)
            messages.success(request, CHECKED_IN_GENTLY if gently else CHECKED_IN)
            return _back(request, lesson=lesson, anchor="check-in")
    return _private(
        render(
            request,
            "reflections/check_in.html",
            {"form": form, "lesson": lesson},
        )
    )


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
