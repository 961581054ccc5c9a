"""A task whose worker was lost is noticed after its lease, marked failed and
run again if it is safe to; every task is on the allow-list or says why not."""

import datetime
import importlib
import pkgutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from operations import services
from operations.models import TaskRetry

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def running(task_path, *, minutes_ago, worker="w1"):
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        priority=0,
        task_path=task_path,
        queue_name="default",
        backend_name="default",
        run_after=None,
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=[worker],
    )


def test_a_task_running_past_its_lease_is_failed_and_enqueued_again(db_tasks):
    lost = running("certificates.tasks.render_certificate", minutes_ago=3)
    busy = running("agencies.tasks.send_reminders", minutes_ago=3)  # lease 15

    call_command("recover_tasks", stdout=None)

    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert lost.exception_class_path == "operations.services.WorkerLost"
    assert "worker lost" in lost.traceback
    retry = TaskRetry.objects.get(original_result_id=lost.id)
    assert DBTaskResult.objects.get(id=retry.retry_result_id).status == "READY"
    busy.refresh_from_db()
    assert busy.status == "RUNNING"
    # A second run finds nothing more.
    assert services.recover_lost_tasks() == []


def test_a_lost_task_not_safe_to_retry_is_left_for_an_administrator(
    db_tasks, admin_client
):
    lost = running("privacy.tasks.erase_inactive_accounts", minutes_ago=20)
    assert services.recover_lost_tasks() == [str(lost.id)]
    assert not TaskRetry.objects.exists()
    page = admin_client.get(reverse("operations_admin:background_tasks"))
    assert "worker lost" in page.content.decode()


def test_retries_back_off_between_tries(db_tasks, settings):
    settings.TASK_RETRY_BACKOFF_SECONDS = 60
    failed = running("agencies.tasks.send_invitation", minutes_ago=0)
    DBTaskResult.objects.filter(id=failed.id).update(
        status="FAILED", finished_at=timezone.now()
    )
    assert services.retry_failed_tasks() == []  # too soon
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert len(services.retry_failed_tasks(now=later)) == 1
    assert services.retry_delay(2) == datetime.timedelta(seconds=300)


def _tasks_of_installed_apps() -> set[str]:
    """Every task defined in an installed app's tasks module (ours, Wagtail's)."""
    found = set()
    for config in apps.get_app_configs():
        modules = pkgutil.iter_modules([config.path])
        if not any(info.name == "tasks" for info in modules):
            continue
        module = importlib.import_module(f"{config.name}.tasks")
        for value in vars(module).values():
            if isinstance(value, Task) and value.func.__module__ == module.__name__:
                found.add(f"{module.__name__}.{value.func.__name__}")
    return found


def test_every_task_is_safe_to_retry_or_says_why_not():
    tasks = _tasks_of_installed_apps()
    assert "certificates.tasks.render_certificate" in tasks
    assert "wagtail.tasks.update_reference_index_task" in tasks
    undecided = tasks - services.RETRYABLE_TASKS - set(services.NOT_RETRYABLE_TASKS)
    assert not undecided, (
        f"add these to RETRYABLE_TASKS or NOT_RETRYABLE_TASKS: {undecided}"
    )
    assert not services.RETRYABLE_TASKS & set(services.NOT_RETRYABLE_TASKS)
    assert all(reason.strip() for reason in services.NOT_RETRYABLE_TASKS.values())


def test_a_task_that_keeps_losing_its_worker_stops_after_three_tries(db_tasks):
    first = running("certificates.tasks.render_certificate", minutes_ago=10)
    services.recover_lost_tasks()
    for _ in range(2):
        retry = TaskRetry.objects.latest("retried_at")
        DBTaskResult.objects.filter(id=retry.retry_result_id).update(
            status="RUNNING",
            started_at=timezone.now() - datetime.timedelta(minutes=10),
            worker_ids=["w2"],
        )
        services.recover_lost_tasks()
    assert TaskRetry.objects.count() == 2
    assert first.task_path == "certificates.tasks.render_certificate"
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
