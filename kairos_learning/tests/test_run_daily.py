"""The daily run: every step once a day, a failed step never hides the others."""

import io
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from agencies import reminders
from core.cache import DegradingRedisCache
from kairos_learning.management.commands import run_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def calls(monkeypatch):
    """Each step, as it runs: the reminders task (run at once by the test
    settings' immediate backend) and every command the run calls."""
    seen = []
    real_call_command = run_daily.call_command

    def recording_call_command(name, *args, **kwargs):
        seen.append(name)
        return real_call_command(name, *args, **kwargs)

    def recording_send_reminders(**kwargs):
        seen.append("reminders")
        seen.append(kwargs)
        return reminders.Sent()

    monkeypatch.setattr(run_daily, "call_command", recording_call_command)
    monkeypatch.setattr(reminders, "send_reminders", recording_send_reminders)
    return seen


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_daily", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_runs_every_step(calls):
    out, _ = run()

    assert calls[0] == "reminders"
    # The day goes with the task, so a retry tomorrow sends today's reminders.
    assert calls[1] == {"today": timezone.localdate()}
    assert "sweep_certificates" in calls
    assert "sweep_evidence" in calls
    assert "erase_inactive_accounts" in calls
    assert "recover_tasks" in calls
    assert "retry_failed_tasks" in calls
    assert "finished" in out


def test_runs_once_a_day_unless_forced(calls):
    run()
    first = list(calls)

    out, _ = run()
    assert calls == first
    assert "already happened" in out

    run("--force")
    assert calls == first + first


def test_a_failing_step_does_not_stop_the_others_and_the_day_can_run_again(
    calls, monkeypatch
):
    def broken():
        raise RuntimeError("mail server down")

    steps = list(run_daily.STEPS)
    steps[0] = ("reminders", broken)
    monkeypatch.setattr(run_daily, "STEPS", steps)

    with pytest.raises(CommandError, match="failed at: reminders"):
        run()
    assert "sweep_certificates" in calls

    monkeypatch.setattr(run_daily, "STEPS", run_daily.STEPS[1:])
    calls.clear()
    run()
    assert "sweep_certificates" in calls


def test_a_command_that_is_not_installed_fails_the_run_but_not_the_other_steps(
    calls, monkeypatch, caplog
):
    monkeypatch.setattr(
        run_daily,
        "STEPS",
        [("missing", "no_such_command"), ("sweep", "sweep_certificates")],
    )

    with caplog.at_level(logging.ERROR), pytest.raises(CommandError, match="missing"):
        run()

    assert "sweep_certificates" in calls
    assert "missing failed" in caplog.text


def test_old_task_results_are_pruned_when_tasks_live_in_the_database(settings, calls):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    out, _ = run()

    assert "prune_db_task_results" in calls
    assert "task results older than 30 days deleted" in out


def test_without_the_cache_the_day_runs_rather_than_being_skipped(calls, monkeypatch):
    """Redis down: no lock to tell whether the day ran, so it runs (every step
    is safe twice) instead of missing a day's reminders."""
    dead = DegradingRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}}
    )
    monkeypatch.setattr(run_daily, "cache", dead)
    out, _ = run()
    assert "reminders" in calls
    assert "finished" in out
