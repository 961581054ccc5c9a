"""Trainers edit SupportSettings; the quick exit appears only when switched on."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.test.utils.form_data import nested_form_data, streamfield

from support.models import NEUTRAL_SITE, SupportSettings

pytestmark = pytest.mark.django_db


def test_trainers_have_permission_to_change_support_settings():
    trainers = Group.objects.get(name="Trainers")

    assert trainers.permissions.filter(
        content_type__app_label="support", codename="change_supportsettings"
    ).exists()


def test_trainers_edit_the_support_page_in_settings(trainer_client, home):
    site = home.get_site()
    url = reverse("wagtailsettings:edit", args=["support", "supportsettings", site.pk])

    assert trainer_client.get(url).status_code == 200
    response = trainer_client.post(
        url,
        nested_form_data(
            {
                "intro": "You can stop at any time.",
                "resources": streamfield(
                    [
                        (
                            "resource",
                            {
                                "title": "Kairos wellbeing call",
                                "description": "",
                                "phone": "024 7600 0000",
                                "url": "",
                                "hours": "Weekdays",
                            },
                        )
                    ]
                ),
                "quick_exit_enabled": "on",
                "quick_exit_url": "https://www.metoffice.gov.uk/",
            }
        ),
    )

    assert response.status_code == 302
    saved = SupportSettings.for_site(site)
    assert saved.intro == "You can stop at any time."
    assert saved.resources[0].value["title"] == "Kairos wellbeing call"
    assert saved.quick_exit_enabled
    assert saved.quick_exit_url == "https://www.metoffice.gov.uk/"


def test_learners_cannot_edit_the_settings(learner_client, home):
    url = reverse(
        "wagtailsettings:edit", args=["support", "supportsettings", home.get_site().pk]
    )

    assert learner_client.get(url).status_code in (302, 403)


def test_quick_exit_is_off_by_default_and_goes_to_a_neutral_site(home):
    support = SupportSettings.for_site(home.get_site())

    assert support.quick_exit_enabled is False
    assert support.quick_exit_url == NEUTRAL_SITE == "https://www.bbc.co.uk/weather"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "nope"])
def test_the_exit_address_must_be_a_web_address(home, url):
    support = SupportSettings.for_site(home.get_site())
    support.quick_exit_url = url

    with pytest.raises(ValidationError):
        support.full_clean()


def test_no_quick_exit_control_or_script_when_it_is_off(client, support_settings):
    response = client.get("/")

    assertNotContains(response, "Exit this page")
    assertNotContains(response, "data-quick-exit")
    assertNotContains(response, "quick-exit.js")


@pytest.mark.parametrize("path", ["/", "/support/", "/no-such-page/"])
def test_quick_exit_control_and_script_when_it_is_on(client, quick_exit, path):
    response = client.get(path)
    html = response.content.decode()

    assertContains(
        response,
        '<a class="quick-exit" href="https://www.bbc.co.uk/weather" '
        'rel="noreferrer" data-quick-exit>',
        status_code=response.status_code,
    )
    assert re.search(r'<script src="/static/js/quick-exit\.js" defer></script>', html)
    # No inline script: every script element loads a file (strict CSP later).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(" src=" in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_quick_exit_is_per_site(client, quick_exit, home, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example.org"]
    Site.objects.create(hostname="other.example.org", root_page=home)

    assertContains(client.get("/"), "Exit this page")
    assertNotContains(client.get("/", HTTP_HOST="other.example.org"), "Exit this page")


def test_the_script_replaces_the_history_entry_and_blanks_the_page():
    from django.contrib.staticfiles import finders

    with open(finders.find("js/quick-exit.js"), encoding="utf-8") as file:
        script = file.read()

    assert "window.location.replace(" in script
    assert "replaceChildren()" in script
    assert '"Shift"' in script
