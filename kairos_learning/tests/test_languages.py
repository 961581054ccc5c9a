"""English and Welsh: the address decides the language, the switcher links to
the same page in the other, and a first visit follows her browser or account."""

import pytest
from django.conf import settings

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_an_address_without_a_prefix_is_english_and_cy_is_welsh(client):
    english = client.get("/support/")
    welsh = client.get("/cy/support/")

    assert english.status_code == welsh.status_code == 200
    assert '<html lang="en-GB">' in english.content.decode()
    assert '<html lang="cy">' in welsh.content.decode()


def test_the_switcher_links_to_the_same_page_in_the_other_language(client):
    page = client.get("/cy/support/").content.decode()

    assert '<a href="/support/" hreflang="en-GB" lang="en-GB">English</a>' in page
    assert '<span aria-current="true" lang="cy">Cymraeg</span>' in page


def test_every_page_names_its_alternates_for_search_engines(client):
    page = client.get("/support/").content.decode()

    assert 'hreflang="en-GB" href="http://testserver/support/"' in page
    assert 'hreflang="cy" href="http://testserver/cy/support/"' in page


def test_a_welsh_browser_goes_to_welsh_on_its_first_visit_only(client):
    first = client.get("/support/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")

    assert first.status_code == 302
    assert first["Location"] == "/cy/support/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"

    # She then chooses English from the switcher: the address decides.
    again = client.get("/support/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")
    assert again.status_code == 200
    assert '<html lang="en-GB">' in again.content.decode()


def test_an_english_browser_is_never_redirected(client):
    response = client.get("/support/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")

    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_form_post_is_never_redirected_by_language(client):
    response = client.post(
        "/accounts/sign-in/",
        {"username": "nobody@example.com", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="cy",
    )

    assert response.status_code != 302 or "/cy/" not in response["Location"]


def test_her_stored_language_wins_over_her_browser_on_a_first_visit(client):
    user = User.objects.create_user(
        "dysgwr@example.com", "a-long-password-1", preferred_language="cy"
    )
    client.force_login(user)

    response = client.get("/support/", HTTP_ACCEPT_LANGUAGE="en-GB")

    assert response.status_code == 302
    assert response["Location"] == "/cy/support/"


def test_the_admin_keeps_its_address_in_either_language(client):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="cy")

    assert response.status_code == 302
    assert "/cy/" not in response["Location"]


def test_the_scripts_strings_are_served_in_the_page_language(client):
    response = client.get("/cy/jsi18n/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
