"""django-tasks-db's `db_worker`, which also outlives a database restart.

The library's worker exits on the first database error other than a locked
SQLite file. This one waits and reconnects while PostgreSQL is unreachable,
logging a warning at most once a minute. On SIGTERM (or SIGINT) the library's
worker already finishes the task it is running and takes no new one; a second
signal stops it at once (tests/faults/test_faults.py checks both).
"""

from __future__ import annotations

import logging
import time
from unittest import mock

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker as base

from core.faults import warn_at_most_once_a_minute
from core.outage import is_connection_failure

logger = logging.getLogger(__name__)

RECONNECT_EVERY_SECONDS = 2


class Worker(base.Worker):
    def run(self) -> None:
        while self.running:
            try:
                super().run()
            except (OperationalError, InterfaceError) as error:
                if not is_connection_failure(error):
                    raise
                warn_at_most_once_a_minute(
                    logger,
                    "worker-database",
                    "The database is unreachable; the worker waits and "
                    "reconnects (%s: %s).",
                    type(error).__name__,
                    error,
                )
                connections.close_all()
                time.sleep(RECONNECT_EVERY_SECONDS)
            else:
                return


class Command(base.Command):
    help = base.Command.help + ", reconnecting after a database restart"

    def handle(self, *args, **options):
        # The library's handle() builds its own Worker class by name.
        with mock.patch.object(base, "Worker", Worker):
            return super().handle(*args, **options)
