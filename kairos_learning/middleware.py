"""Response headers the security middleware of Django does not set, and the
one exception to "no page may be framed": the editor's preview."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Turn off browser features no page of the site uses (camera, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


def is_wagtail_preview(request) -> bool:
    """Whether this request is one Wagtail built to render a preview.

    Wagtail renders a preview (the editor's panel, "preview in new tab", a
    revision or a moderation task) by building a request for the page's own
    address (`make_preview_request`, which marks it `is_dummy`) and passing it
    through the middleware to `serve_preview` (marked `is_preview` on the way
    in). Both are attributes set by the server on the request object; no
    header, cookie or query parameter a browser sends can set them. The admin
    views that build the request have already checked the user may edit the
    page.
    """
    return (
        getattr(request, "is_dummy", False) is True
        and getattr(request, "is_preview", False) is True
    )


class SiteCSPMiddleware(CSPMiddleware):
    """The site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY),
    except that a preview may be framed by this site's own pages (the editor's
    preview panel): `frame-ancestors 'self'` instead of `'none'`."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if is_wagtail_preview(request):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class PreviewFrameOptionsMiddleware:
    """X-Frame-Options: SAMEORIGIN for a preview, for browsers that read this
    header rather than the policy. It sits inside Django's own
    XFrameOptionsMiddleware, which leaves a header already set alone and gives
    every other response settings.X_FRAME_OPTIONS (DENY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_wagtail_preview(request):
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
