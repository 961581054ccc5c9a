"""Warnings about a service the site is working around, at most once a minute.

While Redis or PostgreSQL is down, every request would otherwise log the same
failure: one line a minute per process and kind says it is still going on
without burying everything else.
"""

from __future__ import annotations

import logging
import threading
import time

WARN_EVERY_SECONDS = 60

_last_warned: dict[str, float] = {}
_lock = threading.Lock()


def warn_at_most_once_a_minute(
    logger: logging.Logger, kind: str, message: str, *args, exc_info=None
) -> bool:
    """Log `message` as a warning unless `kind` was logged in the last minute
    by this process. True when it was logged."""
    return log_at_most_once_a_minute(
        logger, logging.WARNING, kind, message, *args, exc_info=exc_info
    )


def log_at_most_once_a_minute(
    logger: logging.Logger, level: int, kind: str, message: str, *args, exc_info=None
) -> bool:
    now = time.monotonic()
    with _lock:
        last = _last_warned.get(kind)
        if last is not None and now - last < WARN_EVERY_SECONDS:
            return False
        _last_warned[kind] = now
    logger.log(level, message, *args, exc_info=exc_info)
    return True


def forget_warnings() -> None:
    """Tests: start again as if nothing had been logged."""
    with _lock:
        _last_warned.clear()
