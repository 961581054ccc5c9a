"""Who may use a manager's page: `manager_scope`, or a 404."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .. import selectors


def manager_required(view):
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = selectors.manager_scope(request.user)
        if scope is None:
            raise Http404
        return view(request, scope, *args, **kwargs)

    return wrapper
