"""URL converters shared by every app's URLs."""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    """A database id: at most 18 digits, so it always fits a 64-bit integer.

    Django's `int` takes any number of digits, and an id past 2**63 makes the
    database raise (SQLite: OverflowError; PostgreSQL: out of range) instead of
    simply finding nothing. Longer numbers here do not match: 404."""

    regex = "[0-9]{1,18}"
