"""Every check of her password is throttled with sign-in: the same count of
wrong tries, per account and client, through accounts.throttling."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.admin.views.account import ChangePasswordPanel

from accounts.tests.factories import PASSWORD
from accounts.wagtail_hooks import ThrottledChangePasswordPanel
from privacy import selectors as privacy_selectors

pytestmark = pytest.mark.django_db

HOME_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"
ROOT = Path(settings.BASE_DIR)
THE_ONE_CHECK = ROOT / "accounts" / "throttling.py"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def erase(client, password, address=HOME_ADDRESS):
    return client.post(
        reverse("privacy:erase"),
        {"password": password, "confirm": "on"},
        REMOTE_ADDR=address,
    )


def sign_in(client, email, password, address=HOME_ADDRESS):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_at_erasure_pause_it_even_for_the_right_one(client, learner):
    client.force_login(learner)
    answers = [erase(client, "not-my-password") for _ in range(5)]
    assert "That password is not right" in answers[0].content.decode()
    assert "paused password checks" in answers[-1].content.decode()

    right = erase(client, PASSWORD)
    assert "paused password checks for this account for 15 minutes" in (
        right.content.decode()
    )
    learner.refresh_from_db()
    assert not privacy_selectors.is_erased(learner)
    # The same count as sign-in: signing in from here is paused too.
    client.logout()
    assert sign_in(client, learner.email, PASSWORD).status_code == 429


def test_wrong_passwords_at_sign_in_pause_erasure(client, learner):
    for _ in range(5):
        sign_in(client, learner.email, "not-my-password")
    client.force_login(learner)
    response = erase(client, PASSWORD)
    assert "paused password checks" in response.content.decode()
    learner.refresh_from_db()
    assert not privacy_selectors.is_erased(learner)


def test_the_pause_is_per_client(client, learner):
    client.force_login(learner)
    for _ in range(5):
        erase(client, "not-my-password")
    erase(client, PASSWORD, address=OTHER_ADDRESS)
    learner.refresh_from_db()
    assert privacy_selectors.is_erased(learner)


def test_a_right_password_erases_as_before(client, learner):
    client.force_login(learner)
    assert erase(client, PASSWORD).status_code == 302
    learner.refresh_from_db()
    assert privacy_selectors.is_erased(learner)


def change_password(client, old, address=HOME_ADDRESS):
    return client.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": old,
            "password-new_password1": "a-brand-new-passphrase",
            "password-new_password2": "a-brand-new-passphrase",
            # The page saves every panel at once: what the other panels show.
            "name_email-first_name": "Tara",
            "name_email-last_name": "Singh",
            "name_email-email": "tara@example.org",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
        REMOTE_ADDR=address,
    )


def test_the_admin_password_change_is_paused_after_wrong_passwords(client, trainer):
    client.force_login(trainer)
    for _ in range(5):
        change_password(client, "not-my-password")
    response = change_password(client, PASSWORD)
    assert "paused password checks" in response.content.decode()
    trainer.refresh_from_db()
    assert trainer.check_password(PASSWORD)
    assert not trainer.check_password("a-brand-new-passphrase")


def test_the_admin_password_change_works_with_the_right_password(client, trainer):
    client.force_login(trainer)
    assert change_password(client, PASSWORD).status_code == 302
    trainer.refresh_from_db()
    assert trainer.check_password("a-brand-new-passphrase")


def test_the_admin_account_page_offers_only_the_throttled_password_panel(
    client, trainer
):
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_account"))
    panels = [
        panel for tab in response.context["panels_by_tab"].values() for panel in tab
    ]
    password_panels = [p for p in panels if isinstance(p, ChangePasswordPanel)]
    assert [type(p) for p in password_panels] == [ThrottledChangePasswordPanel]


def _project_sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "node_modules", "tests", "migrations", "bench"}:
            continue
        yield path


def test_no_password_is_checked_anywhere_but_the_throttled_check():
    """Any call of check_password or authenticate, or a form that checks an old
    password, outside accounts/throttling.py is a check nobody counts."""
    unthrottled = []
    for path in _project_sources():
        if path == THE_ONE_CHECK:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Call):
                func = node.func
                name = getattr(func, "attr", None) or getattr(func, "id", None)
            elif isinstance(node, ast.ClassDef):
                bases = [getattr(b, "attr", getattr(b, "id", "")) for b in node.bases]
                if {"PasswordChangeForm", "DjangoPasswordChangeForm"} & set(bases):
                    overrides = {
                        item.name for item in node.body if hasattr(item, "name")
                    }
                    if "clean_old_password" not in overrides:
                        name = f"class {node.name}"
            if name in {"check_password", "authenticate", "aauthenticate"} or (
                name and name.startswith("class ")
            ):
                where = path.relative_to(ROOT)
                unthrottled.append(f"{where}:{node.lineno} {name}")
    assert unthrottled == []


def test_the_throttled_check_is_what_the_password_forms_call():
    source = "\n".join(
        (ROOT / name).read_text() for name in ("privacy/forms.py", "accounts/forms.py")
    )
    assert source.count("password_is_right(") == 2
