"""Two-factor authentication for everyone who can use the Wagtail admin."""

import io
import re
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from accounts import services
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SET_UP = reverse("accounts:two_factor_set_up")
VERIFY = reverse("accounts:two_factor_verify")
ADMIN = reverse("wagtailadmin_home")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True


def code_for(key_hex: str, offset_steps: int = 0) -> str:
    return f"{totp(unhexlify(key_hex), drift=offset_steps):06d}"


def set_up_key(client) -> str:
    client.get(SET_UP)
    return client.session["two_factor_setup_key"]


@pytest.fixture
def enrolled_trainer(trainer):
    """A trainer who has set up her authenticator, and her backup codes."""
    key = services.new_authenticator_key()
    codes = services.confirm_authenticator(user=trainer, key=key, code=code_for(key))
    trainer.backup_codes = codes
    return trainer


def test_a_trainer_without_an_authenticator_is_sent_to_set_one_up(trainer_client):
    response = trainer_client.get(ADMIN)

    assertRedirects(
        response, f"{SET_UP}?next=%2Fadmin%2F", fetch_redirect_response=False
    )


def test_a_superuser_is_asked_too(admin_client):
    response = admin_client.get(reverse("wagtailadmin_pages:search"))

    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_the_set_up_page_shows_a_qr_code_and_the_key_as_text(trainer_client):
    response = trainer_client.get(SET_UP)

    assert response.status_code == 200
    assertContains(response, 'src="data:image/svg+xml')
    assertContains(response, "QR code for adding Kairos Learning")
    key = trainer_client.session["two_factor_setup_key"]
    text_key = services.authenticator_text_key(key)
    assertContains(response, text_key)
    assert len(text_key.replace(" ", "")) == 32


def test_a_wrong_code_at_set_up_says_so_and_saves_nothing(trainer_client, trainer):
    key = set_up_key(trainer_client)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"

    response = trainer_client.post(SET_UP, {"code": wrong})

    assert response.status_code == 200
    assertContains(response, "That code did not match")
    assert not TOTPDevice.objects.filter(user=trainer).exists()
    assert not StaticDevice.objects.filter(user=trainer).exists()
    assert trainer_client.get(ADMIN).status_code == 302


@pytest.mark.parametrize("bad", ["", "12345", "abcdef", "1234567", "<script>"])
def test_malformed_codes_at_set_up_are_refused(trainer_client, trainer, bad):
    set_up_key(trainer_client)

    response = trainer_client.post(SET_UP, {"code": bad})

    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assert not TOTPDevice.objects.filter(user=trainer).exists()


def test_the_right_code_confirms_shows_backup_codes_once_and_opens_the_admin(
    trainer_client, trainer
):
    key = set_up_key(trainer_client)

    response = trainer_client.post(
        SET_UP, {"code": code_for(key), "next": "/admin/pages/"}
    )

    assert response.status_code == 200
    assertContains(response, "this is the only time we will show them")
    shown = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode()
    )
    assert len(shown) == 10
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=trainer).values_list("token", flat=True)
    )
    assertContains(response, 'href="/admin/pages/"')
    device = TOTPDevice.objects.get(user=trainer)
    assert device.confirmed
    assert device.key == key
    assert trainer_client.get(ADMIN).status_code == 200
    # The codes are not shown again: the set-up page now sends her on.
    again = trainer_client.get(SET_UP)
    assert again.status_code == 302
    assert "the only time" not in again.content.decode()


def test_the_next_session_asks_for_a_code(client, enrolled_trainer):
    client.force_login(enrolled_trainer)

    response = client.get(ADMIN)

    assertRedirects(
        response, f"{VERIFY}?next=%2Fadmin%2F", fetch_redirect_response=False
    )


def test_a_code_from_the_app_opens_the_admin_for_the_session(client, enrolled_trainer):
    client.force_login(enrolled_trainer)
    device = TOTPDevice.objects.get(user=enrolled_trainer)
    device.last_t = -1  # as if set up long ago
    device.save()

    response = client.post(VERIFY, {"code": code_for(device.key), "next": ADMIN})

    assertRedirects(response, ADMIN, fetch_redirect_response=False)
    assert client.get(ADMIN).status_code == 200
    assert client.get(reverse("wagtaildocs:index")).status_code == 200


def test_a_code_cannot_be_used_twice(client, enrolled_trainer):
    """The code used at set-up was spent there."""
    client.force_login(enrolled_trainer)
    device = TOTPDevice.objects.get(user=enrolled_trainer)

    response = client.post(VERIFY, {"code": code_for(device.key)})

    assertContains(response, "That code did not work")


def test_a_backup_code_works_once(client, enrolled_trainer):
    code = enrolled_trainer.backup_codes[0]
    client.force_login(enrolled_trainer)

    response = client.post(VERIFY, {"code": code.upper(), "next": ADMIN})

    assertRedirects(response, ADMIN, fetch_redirect_response=False)
    assert client.get(ADMIN).status_code == 200
    assert StaticToken.objects.filter(device__user=enrolled_trainer).count() == 9

    client.post(reverse("accounts:logout"))
    client.force_login(enrolled_trainer)
    device = StaticDevice.objects.get(user=enrolled_trainer)
    device.throttle_reset()
    again = client.post(VERIFY, {"code": code, "next": ADMIN})

    assertContains(again, "That code did not work")
    assert client.get(ADMIN).status_code == 302


def test_wrong_codes_make_her_wait_before_the_next_try(client, enrolled_trainer):
    client.force_login(enrolled_trainer)
    device = TOTPDevice.objects.get(user=enrolled_trainer)
    device.last_t = -1
    device.save()
    wrong = f"{(int(code_for(device.key)) + 500_000) % 1_000_000:06d}"
    client.post(VERIFY, {"code": wrong})
    client.post(VERIFY, {"code": wrong})  # within the pause: not even checked

    response = client.post(VERIFY, {"code": code_for(device.key)})

    assertContains(response, "we are pausing before the next try")
    assert client.get(ADMIN).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Once the pause has passed, the right code works.
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=5)
    device.save()
    response = client.post(VERIFY, {"code": code_for(device.key), "next": ADMIN})
    assertRedirects(response, ADMIN, fetch_redirect_response=False)


def test_a_learner_never_sees_two_factor(learner_client):
    assert learner_client.get(ADMIN).status_code == 302
    assert not learner_client.get(ADMIN)["Location"].startswith(SET_UP)
    assert learner_client.get(SET_UP).status_code == 404
    assert learner_client.get(VERIFY).status_code == 404
    assert learner_client.post(SET_UP, {"code": "123456"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(SET_UP)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_pages_outside_the_admin_are_unaffected(trainer_client, course):
    assert trainer_client.get(course.url).status_code == 200
    assert trainer_client.get(reverse("courses:my_learning")).status_code == 200


def test_the_admin_sign_in_and_sign_out_pages_stay_open(client, trainer):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": trainer.email, "password": PASSWORD},
    )

    assertRedirects(response, ADMIN, fetch_redirect_response=False)
    assert client.get(ADMIN)["Location"].startswith(SET_UP)
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/admin/"]
)
def test_an_outside_next_address_is_refused(client, enrolled_trainer, next_url):
    client.force_login(enrolled_trainer)

    response = client.post(
        VERIFY, {"code": enrolled_trainer.backup_codes[1], "next": next_url}
    )

    assertRedirects(response, ADMIN, fetch_redirect_response=False)


def test_an_outside_next_address_is_refused_after_set_up(trainer_client):
    key = set_up_key(trainer_client)

    response = trainer_client.post(
        SET_UP, {"code": code_for(key), "next": "https://evil.example.com/"}
    )

    assert "evil.example.com" not in response.content.decode()
    assertContains(response, f'href="{ADMIN}"')


def test_when_off_nobody_is_asked(settings, trainer_client):
    settings.ADMIN_REQUIRE_TWO_FACTOR = False

    assert trainer_client.get(ADMIN).status_code == 200


def test_an_administrator_resets_two_factor_after_a_lost_phone(
    client, enrolled_trainer
):
    out = io.StringIO()

    call_command("reset_two_factor", enrolled_trainer.email.upper(), stdout=out)

    assert "reset for tara@example.org" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=enrolled_trainer).exists()
    assert not StaticToken.objects.filter(device__user=enrolled_trainer).exists()
    client.force_login(enrolled_trainer)
    assert client.get(ADMIN)["Location"].startswith(SET_UP)


def test_resetting_an_unknown_email_says_so():
    with pytest.raises(CommandError, match="no account"):
        call_command("reset_two_factor", "nobody@example.org")
