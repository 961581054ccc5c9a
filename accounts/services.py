from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from audit import services as audit
from core import languages

from . import tasks

User = get_user_model()


def request_sign_up(
    *, full_name: str, email: str, next_url: str = "", language: str = ""
) -> None:
    """Someone asks for an account for `email`: email that address either a
    link to finish signing up or, if it already has an account, how to sign in.
    The caller's answer is the same either way, and so is the work done here
    (one task queued; the task looks the address up), so sign-up tells nobody
    which addresses have accounts. Nothing is written, so nothing waits for a
    commit."""
    tasks.send_sign_up_email.enqueue(
        full_name=full_name, email=email, next_url=next_url, language=language
    )


def sign_up(
    *, full_name: str, email: str, password: str, language: str = ""
) -> User | None:
    """Create a learner account (the caller has validated the input), or None
    when the address has an account already, made since the link was sent.
    Her language is the one she signed up in."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                preferred_language=languages.supported(language),
            )
    except IntegrityError:
        return None


def choose_language(*, user, language: str) -> None:
    """Her language for emails, reminders and certificates (`language` is one
    of settings.LANGUAGES; anything else is refused)."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language of ours: {language!r}")
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language


# --- Two-factor authentication for the Wagtail admin ---------------------------

BACKUP_CODE_COUNT = 10


def needs_two_factor(user) -> bool:
    """Whoever can open the Wagtail admin must prove it is her with a second factor."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def new_authenticator_key() -> str:
    """A fresh secret for an authenticator app (hex, as django-otp stores it)."""
    return random_hex(20)


def authenticator_uri(*, user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def authenticator_text_key(key: str) -> str:
    """The secret as the base-32 text an app accepts typed in, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_authenticator(*, user, key: str, code: str) -> list[str] | None:
    """Save the authenticator whose secret is `key` if `code` is its current code,
    with a new set of single-use backup codes, which are returned (shown once).
    A wrong code saves nothing and returns None."""
    code = _normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(key))
    if not totp.verify(int(code), tolerance=1):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key, confirmed=True, last_t=totp.t()
    )
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=backup, token=token) for token in codes
    )
    return codes


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None = None
    wait_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def check_code(*, user, code: str) -> CodeCheck:
    """Check a code from her authenticator app (six digits) or one of her backup
    codes (used up by this). Wrong codes make the next try wait longer
    (django-otp's throttling), and while she must wait no code is checked."""
    code = _normalise_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .first()
        )
        if device is None or not code:
            return CodeCheck()
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(wait_until=details.get("locked_until"))
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck()


@transaction.atomic
def reset_two_factor(*, user, actor=None) -> int:
    """Remove her authenticator and backup codes (lost phone): she sets up a new
    one at her next visit to the admin. Returns how many devices were removed."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action=audit.Action.TWO_FACTOR_RESET,
        target=user,
        subject=user,
        details={"devices_removed": removed + static},
    )
    return removed + static
