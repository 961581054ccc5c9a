"""Agency errors: a request a manager or learner cannot make."""

from __future__ import annotations


class AgencyError(Exception):
    """A request that cannot be carried out; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
