"""Managers keep their agency's support details at /agency/support/.

Managers of the whole agency edit them; team managers may read them; anyone
who manages nothing gets a 404, like every /agency/ page.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agencies.selectors import Scope
from support import services
from support.models import AgencySupport

pytestmark = pytest.mark.django_db

URL = "/agency/support/"
VALID = {
    "employee_assistance": "  Call the staff support line on 0800 000 0000.  ",
    "clinical_supervision": "Book through your team lead, once a month.",
    "contacts": "Wellbeing lead: https://intranet.example.org/wellbeing",
}


def test_the_url_is_under_agency():
    assert reverse("support:agency") == URL


def test_a_whole_agency_manager_sees_the_form_in_the_manager_pages(client, manager):
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    assertContains(response, "<h1>Support for staff</h1>", html=True)
    assertContains(response, 'aria-current="page">Support for staff</a>')
    assertContains(response, "Employee assistance programme")
    assertContains(response, "Save support details")


def test_a_manager_saves_her_agency_support_and_her_staff_see_it(
    client, manager, agency, member_of_agency, home
):
    client.force_login(manager)

    response = client.post(URL, VALID)

    assertRedirects(response, URL)
    support = AgencySupport.objects.get(agency=agency)
    assert support.employee_assistance == (
        "Call the staff support line on 0800 000 0000."
    )
    assert support.contacts == VALID["contacts"]
    assert support.updated_by == manager
    # Saving again changes the same record.
    client.post(URL, {**VALID, "contacts": ""})
    assert AgencySupport.objects.get(agency=agency).contacts == ""
    assert AgencySupport.objects.count() == 1

    client.force_login(member_of_agency)
    page = client.get(reverse("support:index"))
    assertContains(page, "Call the staff support line on 0800 000 0000.")
    assertContains(page, "Book through your team lead, once a month.")


def test_the_form_shows_what_is_saved(client, manager, support_details):
    client.force_login(manager)

    response = client.get(URL)

    assertContains(response, "Monthly with Dr Ruth Okafor: ask your team lead.")


def test_too_long_text_is_refused_and_nothing_is_saved(client, manager, agency):
    client.force_login(manager)

    response = client.post(URL, {**VALID, "contacts": "x" * 2001})

    assert response.status_code == 400
    assertContains(response, "There is a problem", status_code=400)
    assertContains(
        response,
        "Keep this to 2,000 characters or fewer. It has 2001.",
        status_code=400,
    )
    # What she typed is kept.
    assertContains(response, "Book through your team lead", status_code=400)
    assert not AgencySupport.objects.filter(agency=agency).exists()


def test_everything_empty_takes_the_section_off_but_says_so(
    client, manager, agency, member_of_agency, support_details, home
):
    client.force_login(manager)

    client.post(
        URL, {"employee_assistance": " ", "clinical_supervision": "", "contacts": ""}
    )

    client.force_login(member_of_agency)
    page = client.get(reverse("support:index"))
    assertContains(page, "has not added its support details here yet")


def test_a_team_manager_may_read_but_not_change_them(
    client, team_manager, support_details
):
    client.force_login(team_manager)

    response = client.get(URL)
    assert response.status_code == 200
    assertContains(response, "Monthly with Dr Ruth Okafor")
    assertContains(response, "Managers of the whole agency keep these details")
    assertNotContains(response, "<textarea")

    response = client.post(URL, {**VALID, "contacts": "Changed by a team manager"})
    assert response.status_code == 403
    support_details.refresh_from_db()
    assert "Changed" not in support_details.contacts


def test_the_service_refuses_a_team_scope(agency, manager):
    with pytest.raises(PermissionDenied):
        services.save_agency_support(
            scope=Scope(agency=agency, team_ids=frozenset({1})),
            by=manager,
            employee_assistance="",
            clinical_supervision="",
            contacts="",
        )


@pytest.mark.parametrize("who", ["member_of_agency", "stranger", "learner"])
def test_people_who_manage_nothing_get_404(client, request, who, support_details):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 404
    assert client.post(URL, VALID).status_code == 404
    support_details.refresh_from_db()
    assert support_details.clinical_supervision.startswith("Monthly")


def test_signed_out_people_are_asked_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_another_agencys_manager_only_ever_reaches_her_own(
    client, other_manager, other_agency, support_details
):
    client.force_login(other_manager)

    response = client.get(URL)
    assertNotContains(response, "Dr Ruth Okafor")

    client.post(URL, {**VALID, "contacts": "Leicester contacts"})

    support_details.refresh_from_db()
    assert "Leicester" not in support_details.contacts
    assert AgencySupport.objects.get(agency=other_agency).contacts == (
        "Leicester contacts"
    )
