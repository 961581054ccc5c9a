"""Background work for evidence builds, through Django's tasks API.

The database backend never retries a failed task, so the task is idempotent:
run again, a ready build does nothing, a failed one is built again, and one
another worker is building is left to it (`services.run_build`)."""

from django_tasks import task

from . import services


@task()
def build_evidence(build_id: int) -> bool:
    return services.run_build(build_id)
