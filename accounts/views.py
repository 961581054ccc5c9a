import hashlib

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from core import languages
from core.forms import posted
from core.middleware import remember_language
from core.ratelimit import too_many

from . import landing, links, notifications, services
from .forms import (
    AuthenticatorCodeForm,
    ChoosePasswordForm,
    LanguageForm,
    NotificationsForm,
    PasswordResetForm,
    SetPasswordForm,
    SignUpForm,
    TwoFactorCodeForm,
)

User = get_user_model()
# Sign-up requests per client per hour (SIGN_UP_RATE in settings).
SIGN_UP_WINDOW_SECONDS = 60 * 60

SETUP_KEY_SESSION_KEY = "two_factor_setup_key"
# Tries at confirming a new authenticator, per person and client, per ten minutes.
SETUP_ATTEMPT_LIMIT = 10


def _safe_next(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


def _sign_up_paused(request):
    window = SIGN_UP_WINDOW_SECONDS
    response = render(
        request,
        "429.html",
        {
            "minutes": window // 60,
            "message": _(
                "We have had several requests to create accounts from your "
                "connection, so we have paused them for a while. If you have "
                "asked already, the email is on its way: please check your inbox "
                "and spam folder."
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """First step: her name and address. The answer is "check your email"
    whether or not the address has an account (the email says which), and
    each client may ask only so often."""
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
    next_url = _safe_next(
        request, request.POST.get("next") or request.GET.get("next") or ""
    )
    form = SignUpForm(posted(request))
    if request.method == "POST" and too_many(
        request,
        scope="sign-up",
        limit=settings.SIGN_UP_RATE,
        window_seconds=SIGN_UP_WINDOW_SECONDS,
    ):
        return _sign_up_paused(request)
    if request.method == "POST" and form.is_valid():
        services.request_sign_up(
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            next_url=next_url,
            language=translation.get_language(),
        )
        return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


@require_GET
def sign_up_sent(request):
    return render(request, "accounts/sign_up_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up_confirm(request, token):
    """Second step, from the emailed link: she chooses a password, and the
    account is created and signed in."""
    details = links.read_sign_up_token(token)
    if details is None:
        return render(request, "accounts/sign_up_link_invalid.html", status=400)
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
    if User.objects.filter(email__iexact=details.email).exists():
        messages.info(
            request,
            _(
                "An account with this address is ready. Sign in, or reset your "
                "password if you have forgotten it."
            ),
        )
        return redirect("accounts:login")
    applicant = User(email=details.email, full_name=details.full_name)
    form = ChoosePasswordForm(posted(request), user=applicant)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            full_name=details.full_name,
            email=details.email,
            password=form.cleaned_data["password1"],
            # The language she signed up in: the link is in it.
            language=translation.get_language(),
        )
        if user is None:
            return redirect("accounts:login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s. Your account is ready.")
            % {"name": user.get_short_name()},
        )
        return redirect(_safe_next(request, details.next_url) or "courses:my_learning")
    return render(
        request,
        "accounts/sign_up_confirm.html",
        {"form": form, "details": details},
    )


class SignInView(auth_views.LoginView):
    """Django's sign-in; without a `next` page she lands where her role starts
    (a manager on her agency's dashboard, see accounts/landing.py)."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing.landing_url(self.request.user)

    def form_valid(self, form):
        """Signed in, she goes on in her own language: the page asked for, or
        her landing page, in the language she chose, and the language cookie
        remembers it (so a first visit's browser language no longer decides)."""
        response = super().form_valid(form)
        return in_her_language(response.url, self.request.user)


def in_her_language(url: str, user) -> HttpResponseRedirect:
    """A redirect to `url` in her language, remembering that language."""
    code = languages.language_of(user)
    response = HttpResponseRedirect(in_language_of_path(url, code))
    remember_language(response, code)
    return response


def in_language_of_path(url: str, code: str) -> str:
    """`url` in language `code`, whatever language it is written in now."""
    written_in = translation.get_language_from_path(url) or settings.LANGUAGE_CODE
    if written_in == code:
        return url
    with translation.override(written_in):
        return languages.in_language(url, code)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per email address and client.

    Over the limit she sees the same pause page whether or not the address has
    an account, so the limit reveals nothing."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    window_seconds = 60 * 60

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        scope = "password-reset:" + hashlib.sha256(email.encode()).hexdigest()[:32]
        # Per address and client; and, looser, per client across all addresses,
        # so that one connection cannot send reset emails to a whole list.
        over_for_address = too_many(
            self.request,
            scope=scope,
            limit=settings.PASSWORD_RESET_RATE,
            window_seconds=self.window_seconds,
        )
        over_for_client = too_many(
            self.request,
            scope="password-reset-client",
            limit=settings.PASSWORD_RESET_RATE * 4,
            window_seconds=self.window_seconds,
        )
        if over_for_address or over_for_client:
            response = render(
                self.request,
                "429.html",
                {
                    "minutes": self.window_seconds // 60,
                    "message": _(
                        "We have had several requests to reset a password from your "
                        "connection, so we have paused them for a while. If an "
                        "account uses the address, a link is already on its way: "
                        "please check your inbox and spam folder."
                    ),
                },
                status=429,
            )
            response["Retry-After"] = str(self.window_seconds)
            return response
        return super().form_valid(form)


# --- Two-factor authentication for the Wagtail admin ---------------------------


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also ends a sign-in lockout
    for that address: she has shown the address is hers, and the lockout page
    told her this is the way back in."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=self.user.email.strip().lower())
        return response


def _require_admin_user(request):
    if not services.needs_two_factor(request.user):
        raise Http404


def _admin_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return _safe_next(request, next_url) or reverse("wagtailadmin_home")


@never_cache  # the secret and backup codes must not be kept by any cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm
    with a code, receive backup codes once."""
    _require_admin_user(request)
    next_url = _admin_next(request)
    if services.has_authenticator(request.user):
        return redirect(
            f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': next_url})}"
        )

    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = services.new_authenticator_key()
        request.session[SETUP_KEY_SESSION_KEY] = key

    form = AuthenticatorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if too_many(
            request,
            scope=f"two-factor-set-up:{request.user.pk}",
            limit=SETUP_ATTEMPT_LIMIT,
            window_seconds=600,
        ):
            form.add_error(
                "code",
                _(
                    "That is a lot of tries in a short time. Please wait ten "
                    "minutes, check the time on your phone is set automatically, "
                    "then try again."
                ),
            )
        else:
            codes = services.confirm_authenticator(
                user=request.user, key=key, code=form.cleaned_data["code"]
            )
            if codes is None:
                form.add_error(
                    "code",
                    _(
                        "That code did not match. Codes change every 30 seconds: "
                        "enter the one your app shows now."
                    ),
                )
            else:
                del request.session[SETUP_KEY_SESSION_KEY]
                device = services.TOTPDevice.objects.get(user=request.user)
                django_otp.login(request, device)
                return render(
                    request,
                    "accounts/two_factor_backup_codes.html",
                    {"codes": codes, "next": next_url},
                )

    uri = services.authenticator_uri(user=request.user, key=key)
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
            "text_key": services.authenticator_text_key(key),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Enter a code from the authenticator app, or a backup code, once a session."""
    _require_admin_user(request)
    next_url = _admin_next(request)
    if not services.has_authenticator(request.user):
        return redirect(
            f"{reverse('accounts:two_factor_set_up')}?{urlencode({'next': next_url})}"
        )
    if request.user.is_verified():
        return redirect(next_url)

    form = TwoFactorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        result = services.check_code(user=request.user, code=form.cleaned_data["code"])
        if result.ok:
            django_otp.login(request, result.device)
            return redirect(next_url)
        if result.wait_until:
            seconds = max(1, int((result.wait_until - timezone.now()).total_seconds()))
            form.add_error(
                "code",
                ngettext(
                    "There have been several wrong codes, so we are pausing before "
                    "the next try. Please wait %(seconds)s second and try again.",
                    "There have been several wrong codes, so we are pausing before "
                    "the next try. Please wait %(seconds)s seconds and try again.",
                    seconds,
                )
                % {"seconds": seconds},
            )
        else:
            form.add_error(
                "code",
                _(
                    "That code did not work. Enter the code your app shows now, or "
                    "one of your backup codes (each works once)."
                ),
            )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}
    )


def _settings_page(request, *, form=None, language_form=None, status=200):
    if form is None:
        off = notifications.turned_off(user=request.user)
        form = NotificationsForm(
            initial={"receive": [k for k in notifications.OPTIONAL if k not in off]},
            user=request.user,
        )
    if language_form is None:
        language_form = LanguageForm(
            initial={"language": languages.language_of(request.user)}
        )
    return render(
        request,
        "accounts/notifications.html",
        {
            "form": form,
            "language_form": language_form,
            "always_sent": [kind.label for kind in notifications.ALWAYS_SENT],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Her settings: her language, and her choice of the optional emails (the
    others are listed as always sent)."""
    if request.method == "POST":
        form = NotificationsForm(request.POST, user=request.user)
        if form.is_valid():
            notifications.choose_emails(
                user=request.user, receive=set(form.cleaned_data["receive"])
            )
            messages.success(request, _("Your email choices are saved."))
            return redirect("accounts:notifications")
        return _settings_page(request, form=form)
    return _settings_page(request)


@login_required
@require_POST
def choose_language(request):
    """Her language, from her settings page or from the offer shown when she
    switches the site's language. She goes back to the page she was on (her
    settings page otherwise), in the language she chose."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, language_form=form, status=400)
    code = form.cleaned_data["language"]
    services.choose_language(user=request.user, language=code)
    request.session.pop(LANGUAGE_OFFER_DECLINED_SESSION_KEY, None)
    with translation.override(code):
        if code == languages.WELSH:
            saved = _("Saved. We will send your emails and certificates in Welsh.")
        else:
            saved = _("Saved. We will send your emails and certificates in English.")
        messages.success(request, saved)
    next_url = _safe_next(request, form.cleaned_data["next"]) or reverse(
        "accounts:notifications"
    )
    return in_her_language(next_url, request.user)


# She switched the site to a language other than her own and said to keep her
# own: the offer to change it is not shown again for that language this session.
LANGUAGE_OFFER_DECLINED_SESSION_KEY = "language_offer_declined"


@login_required
@require_POST
def keep_language(request):
    """She keeps her language after switching the site's: no more offers in
    this session for the language she is reading now."""
    request.session[LANGUAGE_OFFER_DECLINED_SESSION_KEY] = translation.get_language()
    next_url = _safe_next(request, request.POST.get("next", "")) or reverse(
        "accounts:notifications"
    )
    return redirect(next_url)
