"""Refuse a NUL character in the address before any view reads it.

No page, id, token, search or filter ever needs U+0000, and PostgreSQL cannot
compare text with one (the driver refuses the query: a server error). Forms
refuse it in what they read; this covers everything read straight from the
address, the path and the query string, whichever view or library reads it.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest

NUL = "\x00"


class RefuseNulInAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("The address has a NUL character.")
        return self.get_response(request)
