"""Failed background tasks: the learner sees "being prepared", admins see the
failure under Reports > Background tasks, and it is run again (once)."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from certificates.tasks import render_certificate
from courses import services as course_services
from courses.models import LessonPage
from operations import services
from operations.models import TaskRetry

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ISSUE = "certificates.tasks.issue_certificate"
PAGE = reverse("operations_admin:background_tasks")


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def run_worker():
    """What `manage.py db_worker --batch` does, inside the test's transaction."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()


def run_again_url(result):
    return reverse("operations_admin:run_again", args=[result.id])


def failure(task_path=ISSUE, message="OSError: disk full", **fields):
    """A failed result as the worker leaves it."""
    return DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        finished_at=datetime.datetime.now(tz=datetime.UTC),
        exception_class_path="builtins.OSError",
        traceback=f"Traceback ...\n{message}",
        **fields,
    )


@pytest.fixture
def failed_render(db_tasks, django_capture_on_commit_callbacks, learner, course):
    """A learner completes a course; the worker issues her certificate but the
    PDF renderer breaks."""
    with django_capture_on_commit_callbacks(execute=True):
        course_services.enrol(user=learner, course=course)
        for lesson in LessonPage.objects.live().child_of(course):
            course_services.complete_lesson(user=learner, lesson=lesson)
    # Wagtail's own tasks (search index, references) queue up too.
    assert DBTaskResult.objects.ready().filter(task_path=ISSUE).count() == 1
    with mock.patch(
        "certificates.rendering.render_pdf", side_effect=OSError("disk full")
    ):
        run_worker()
    return DBTaskResult.objects.failed().get(task_path=ISSUE)


def test_a_failed_render_is_seen_by_admins_and_run_again_from_the_admin(
    client, learner, admin_user, failed_render
):
    certificate = Certificate.objects.get(user=learner)
    assert certificate.render_failed_at is not None

    # The learner is told it is being prepared, not shown an error.
    client.force_login(learner)
    download = reverse("certificates:download", args=[certificate.pk])
    response = client.get(download)
    assert response.status_code == 202
    assert "being prepared" in response.content.decode()

    # Admins see it on the certificate and on Background tasks.
    client.force_login(admin_user)
    inspect = client.get(
        reverse("certificates_admin:inspect", args=[certificate.pk])
    ).content.decode()
    assert "disk full" in inspect
    response = client.get(PAGE)
    content = response.content.decode()
    assert response.status_code == 200
    assert "certificates.tasks.issue_certificate" in content
    assert "OSError" in content
    assert "disk full" in content
    assert run_again_url(failed_render) in content

    response = client.post(run_again_url(failed_render))
    assert response.status_code == 302
    retry = TaskRetry.objects.get(original_result_id=failed_render.id)
    assert retry.retried_by == admin_user
    assert retry.attempt == 2
    again = DBTaskResult.objects.get(id=retry.retry_result_id)
    assert again.status == "READY"
    assert again.args_kwargs == failed_render.args_kwargs

    # The listing now says who ran it again, and offers no second retry.
    content = client.get(PAGE).content.decode()
    assert "by Ada Clarke" in content
    assert run_again_url(failed_render) not in content
    client.post(run_again_url(failed_render))
    assert TaskRetry.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path=ISSUE).count() == 2

    # The worker renders it this time, and the PDF downloads.
    run_worker()
    again.refresh_from_db()
    assert again.status == "SUCCESSFUL"
    client.force_login(learner)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_daily_retry_runs_each_failure_once_and_the_render_then_succeeds(
    client, learner, failed_render
):
    call_command("retry_failed_tasks", stdout=mock.Mock())
    retry = TaskRetry.objects.get()
    assert retry.original_result_id == failed_render.id
    assert retry.retried_by is None
    # A second run the same day retries nothing more.
    assert services.retry_failed_tasks(max_age=datetime.timedelta(days=1)) == []
    assert DBTaskResult.objects.ready().count() == 1

    run_worker()
    certificate = Certificate.objects.get(user=learner)
    assert certificate.is_ready
    assert certificate.render_error == ""


def test_the_daily_retry_gives_up_after_three_tries(db_tasks, learner):
    original = render_certificate.enqueue(12345)
    for _ in range(2):
        with mock.patch(
            "certificates.tasks.Certificate.objects.filter",
            side_effect=RuntimeError("database away"),
        ):
            run_worker()
        retried = services.retry_failed_tasks(max_age=datetime.timedelta(days=1))
        assert len(retried) == 1
    with mock.patch(
        "certificates.tasks.Certificate.objects.filter",
        side_effect=RuntimeError("database away"),
    ):
        run_worker()
    assert DBTaskResult.objects.failed().count() == 3
    # The third failure is left for an admin.
    assert services.retry_failed_tasks(max_age=datetime.timedelta(days=1)) == []
    assert TaskRetry.objects.filter(original_result_id=original.id).exists()


def test_old_failures_and_tasks_not_marked_safe_are_not_retried(db_tasks, admin_client):
    failed = DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="wagtail.search.tasks.update_index",  # not on the allow-list
        backend_name="default",
        run_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        finished_at=datetime.datetime.now(tz=datetime.UTC),
        exception_class_path="builtins.ValueError",
        traceback="Traceback ...\nValueError: <script>alert(1)</script>",
    )
    assert services.retry_failed_tasks() == []
    response = admin_client.post(run_again_url(failed), follow=True)
    assert (
        "wagtail.search.tasks.update_index is not marked as safe to run again, so "
        "it was not run." in response.content.decode()
    )
    assert not TaskRetry.objects.exists()
    assert DBTaskResult.objects.count() == 1
    content = admin_client.get(PAGE).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    # The listing says so, and offers no button to run it again.
    assert "Not marked as safe to run again." in content
    assert run_again_url(failed) not in content

    failed.task_path = "certificates.tasks.render_certificate"
    failed.finished_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    failed.save()
    assert services.retry_failed_tasks(max_age=datetime.timedelta(days=1)) == []


def test_an_unknown_result_cannot_be_run_again(db_tasks, admin_client):
    response = admin_client.post(run_again_url(mock.Mock(id=uuid.uuid4())))
    assert response.status_code == 302
    assert response.url == PAGE
    response = admin_client.get(PAGE)
    assert "That task has not failed, or its record has gone." in (
        response.content.decode()
    )
    assert not DBTaskResult.objects.exists()
    assert not TaskRetry.objects.exists()


def test_a_result_that_has_not_failed_cannot_be_run_again(db_tasks, admin_client):
    ready = render_certificate.enqueue(12345)
    response = admin_client.post(
        reverse("operations_admin:run_again", args=[ready.id]), follow=True
    )
    assert "That task has not failed, or its record has gone." in (
        response.content.decode()
    )
    assert not TaskRetry.objects.exists()
    assert DBTaskResult.objects.count() == 1


def test_a_failure_of_a_task_no_longer_in_the_code_is_listed_but_not_run_again(
    db_tasks, admin_client, monkeypatch
):
    gone = "certificates.tasks.render_certificate_v1"  # renamed since it failed
    monkeypatch.setattr(services, "RETRYABLE_TASKS", services.RETRYABLE_TASKS | {gone})
    failed = failure(task_path=gone, message="OSError: disk full")
    content = admin_client.get(PAGE).content.decode()
    assert gone in content
    assert "disk full" in content
    response = admin_client.post(run_again_url(failed), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "That task no longer exists in the code." in response.content.decode()
    assert not TaskRetry.objects.exists()
    assert DBTaskResult.objects.count() == 1
    # The daily run leaves it alone too, without stopping.
    assert services.retry_failed_tasks() == []
    assert not TaskRetry.objects.exists()


def test_the_listing_costs_the_same_queries_for_one_failure_or_many(
    db_tasks, admin_client, admin_user
):
    first = failure()
    services.retry_failed_task(result_id=first.id, by=admin_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(PAGE)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    one, content = queries()
    assert "1 failed task<" in content
    for number in range(4):
        retried = failure(message=f"OSError: disk full {number}")
        if number % 2:
            services.retry_failed_task(result_id=retried.id, by=admin_user)
    failure(task_path="wagtail.search.tasks.update_index")
    many, content = queries()
    assert "6 failed tasks" in content
    assert many == one


def test_the_page_says_plainly_when_tasks_are_not_stored(admin_client):
    # The test settings run tasks immediately.
    response = admin_client.get(PAGE)
    assert response.status_code == 200
    assert "run straight away" in response.content.decode()
    assert "nothing to do" in _command_output()


def _command_output():
    out = mock.Mock()
    call_command("retry_failed_tasks", stdout=out)
    return out.write.call_args[0][0]


def test_run_again_needs_a_post(db_tasks, admin_client, failed_render):
    response = admin_client.get(run_again_url(failed_render))
    assert response.status_code == 405
    assert not TaskRetry.objects.exists()


def test_learners_and_trainers_cannot_see_or_retry_background_tasks(
    client, learner, trainer, failed_render
):
    client.force_login(learner)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login") + "?next=")
    response = client.post(run_again_url(failed_render))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login") + "?next=")
    assert not TaskRetry.objects.exists()
    client.force_login(trainer)
    # Wagtail's own refusal: back to the dashboard, "you do not have permission".
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert "disk full" not in client.get(response.url).content.decode()
    response = client.post(run_again_url(failed_render))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not TaskRetry.objects.exists()


def test_the_menu_item_is_for_superusers_only(client, trainer, admin_user):
    client.force_login(trainer)
    assert PAGE not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(admin_user)
    assert PAGE in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("path", sorted(services.RETRYABLE_TASKS))
def test_every_task_marked_safe_to_run_again_exists(path):
    """A renamed task would otherwise drop out of the retries without a word."""
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    assert isinstance(import_string(path), Task)
