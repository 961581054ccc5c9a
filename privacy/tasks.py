"""Background work for privacy, through Django's tasks API."""

from django_tasks import task

from . import services


@task()
def erase_inactive_accounts() -> dict:
    """The daily retention run: warn, then erase, long-inactive accounts. An
    account that fails is logged and counted; the others are still done."""
    run = services.erase_inactive_accounts()
    return {
        "warned": len(run.warned),
        "erased": len(run.erased),
        "failed": len(run.failed),
    }
