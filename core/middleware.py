"""Take NUL characters out of the address before any view reads it.

No page, id, token, search or filter ever holds U+0000, and PostgreSQL cannot
compare text with one (the driver refuses the query: a server error). Forms
refuse it in what they read; this covers everything read straight from the
address, the path and the query string, whichever view or library reads it.
The address is answered as if the NUL were not there (a search for "a\\0b"
searches for "ab", a token with a NUL in it is not found), which is what each
view already does with text that matches nothing.
"""

from __future__ import annotations

from django.http import QueryDict

NUL = "\x00"


class DropNulFromAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            request.path_info = request.path_info.replace(NUL, "")
            request.path = request.path.replace(NUL, "")
        if any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace(NUL, ""), [value.replace(NUL, "") for value in values]
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
