"""The Support page: Kairos's resources for everyone, her agency's for her."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from support.models import SupportSettings

pytestmark = pytest.mark.django_db

URL = "/support/"


def test_the_url_is_support():
    assert reverse("support:index") == URL


def test_anyone_can_open_it_and_sees_the_standard_resources(client, home):
    response = client.get(URL)

    assert response.status_code == 200
    assertContains(response, "<h1>Support</h1>", html=True)
    assertContains(response, "Samaritans")
    assertContains(response, '<a href="tel:116123">116 123</a>', html=True)
    assertContains(response, "Free, 24 hours a day, every day")
    assertContains(response, "Talk to your line manager or clinical supervisor")
    assertContains(response, "call 999")
    assertContains(response, "sign in</a> to see the support it offers")
    assertNotContains(response, "Support from")
    # Findable: nothing asks search engines to skip it.
    assertNotContains(response, "noindex")


def test_a_learner_without_an_agency_sees_kairos_resources_only(learner_client, home):
    response = learner_client.get(URL)

    assert response.status_code == 200
    assertContains(response, "Samaritans")
    assertContains(response, "Where to find support")
    assertNotContains(response, "Support from")
    assertNotContains(response, "sign in</a> to see")


def test_a_member_sees_her_agency_support_and_not_another_agency(
    client, home, member_of_agency, support_details, other_support_details
):
    client.force_login(member_of_agency)

    response = client.get(URL)

    assertContains(response, "Support from Coventry Probation")
    assertContains(
        response, "Call the staff support line on 0800 000 0000, free, any time."
    )
    assertContains(response, "Monthly with Dr Ruth Okafor")
    assertContains(
        response,
        '<a href="mailto:wellbeing@coventry-probation.example.org">',
    )
    assertNotContains(response, "Leicester")
    # Kairos's resources are still there, after her agency's.
    assertContains(response, "More support")
    assertContains(response, "Samaritans")
    # Learners are not offered the manager's page.
    assertNotContains(response, reverse("support:agency"))


def test_a_member_of_an_agency_with_no_details_is_told_who_to_ask(
    client, home, stranger, support_details
):
    client.force_login(stranger)

    response = client.get(URL)

    assertContains(response, "Support from Leicester Housing")
    assertContains(response, "has not added its support details here yet")
    assertNotContains(response, "staff support line")


def test_agency_text_is_shown_as_plain_text(client, home, member_of_agency, agency):
    from support.models import AgencySupport

    AgencySupport.objects.create(
        agency=agency, contacts='<script>alert("x")</script> <b>bold</b>'
    )
    client.force_login(member_of_agency)

    response = client.get(URL)

    assertNotContains(response, '<script>alert("x")</script>')
    assertContains(response, "&lt;b&gt;bold&lt;/b&gt;")


def test_a_manager_is_offered_her_agency_page(client, home, manager):
    client.force_login(manager)

    response = client.get(URL)

    assertContains(response, reverse("support:agency"))


def test_trainers_resources_and_intro_replace_the_defaults(client, support_settings):
    support_settings.intro = "Training on exploitation can be hard going."
    support_settings.resources = [
        (
            "resource",
            {
                "title": "Kairos wellbeing call",
                "description": "A half-hour call with a Kairos practitioner.",
                "phone": "024 7600 0000",
                "url": "https://kairos.example.org/wellbeing",
                "hours": "Weekdays, 9am to 5pm",
            },
        )
    ]
    support_settings.save()

    response = client.get(URL)

    assertContains(response, "Training on exploitation can be hard going.")
    assertContains(response, "Kairos wellbeing call")
    assertContains(response, '<a href="tel:02476000000">024 7600 0000</a>', html=True)
    assertContains(response, "https://kairos.example.org/wellbeing")
    assertContains(response, "Weekdays, 9am to 5pm")
    assertNotContains(response, "Samaritans")
    assertNotContains(response, "Some of what you learn here")


def test_the_quick_exit_is_explained_only_when_it_is_on(client, support_settings):
    assertNotContains(client.get(URL), "Leaving this site quickly")
    support_settings.quick_exit_enabled = True
    support_settings.save()

    assertContains(client.get(URL), "press the Shift key three times")


@pytest.mark.parametrize("path", [URL, "/"])
def test_the_settings_are_read_once_per_request(client, support_settings, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)

    assert response.status_code == 200
    reads = [q for q in captured if SupportSettings._meta.db_table in q["sql"]]
    assert len(reads) == 1


def test_only_get_is_allowed(client, home):
    assert client.post(URL).status_code == 405


def test_viewing_pages_never_creates_the_settings(client, home):
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
        client.get(URL)

    assert not SupportSettings.objects.exists()
    assert not [q for q in captured if q["sql"].startswith(("INSERT", "UPDATE"))]
