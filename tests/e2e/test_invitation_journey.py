"""An invitation, from the manager's form to the new member's first page: the
emailed link opens a form with her address locked, she creates her account and
lands in her agency in one step. A mistake first: focus goes to the error
summary, and its links take her to each field."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from agencies.models import Agency, Invitation, Membership, Team

from .conftest import emailed_path
from .test_manager_journey import open_dashboard, sign_in, sign_out

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWCOMER_NAME = "Jo Patel"
NEWCOMER_EMAIL = "jo.patel@probation.example.org"
NEWCOMER_PASSWORD = "a-long-passphrase-2026"


def test_an_invited_person_creates_her_account_and_joins_in_one_step(
    audited_page, course, live_server, settings
):
    # Invitation links are built from WAGTAILADMIN_BASE_URL.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    team = Team.objects.create(agency=agency, name="North")
    manager = UserFactory(full_name="Maya Brooks", email="maya@probation.example.org")
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    a = audited_page
    page = a.page

    # The manager invites an address to the North team.
    sign_in(a, manager.email, PASSWORD, lands_on="Staff training")
    open_dashboard(a, agency)
    page.get_by_role("navigation", name=f"Managing {agency.name}").get_by_role(
        "link", name="Invite staff"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite staff")
    a.audit()
    page.get_by_label("Full name").fill(NEWCOMER_NAME)
    page.get_by_label("Email address").fill(NEWCOMER_EMAIL)
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation sent to {NEWCOMER_EMAIL}."
    )
    a.audit()
    sign_out(a)

    # The emailed link opens the invitation with her name and address filled in
    # and the address locked.
    invitation_email = mail.outbox[-1]
    assert invitation_email.to == [NEWCOMER_EMAIL]
    invitation = Invitation.objects.get(email=NEWCOMER_EMAIL)
    page.goto(emailed_path(invitation_email.body, "/join/"))
    assert page.url.endswith(f"/join/{invitation.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Invitation from {agency.name}"
    )
    address = page.get_by_label("Email address")
    expect(address).to_have_value(NEWCOMER_EMAIL)
    expect(address).not_to_be_editable()
    expect(page.get_by_label("Full name")).to_have_value(NEWCOMER_NAME)
    a.audit()

    # A mistake first: she sends the form with her name cleared and no password.
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name=f"Create account and join {agency.name}").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your full name")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value(NEWCOMER_EMAIL)
    a.audit()
    # Each link in the summary takes her to its field.
    summary.get_by_role("link", name="Enter a password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    summary.get_by_role("link", name="Enter your full name").click()
    name = page.get_by_label("Full name")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")

    # Then she fills it in and lands in her agency, signed in: one step.
    name.fill(NEWCOMER_NAME)
    page.get_by_label("Password", exact=True).fill(NEWCOMER_PASSWORD)
    page.get_by_label("Password confirmation").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name=f"Create account and join {agency.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("status")).to_contain_text(
        f"You have joined {agency.name}."
    )
    expect(page.get_by_role("link", name="Join your agency")).to_have_count(0)
    a.audit()
    membership = Membership.objects.get(user__email=NEWCOMER_EMAIL)
    assert (membership.agency, membership.team) == (agency, team)
    assert membership.user.full_name == NEWCOMER_NAME
    # No second email: the invitation's link proved the address.
    assert len(mail.outbox) == 1


def test_someone_with_an_account_signs_in_and_joins_in_one_step(
    audited_page, live_server
):
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    leah = UserFactory(full_name="Leah Morgan", email="leah@probation.example.org")
    invitation = Invitation.objects.create(
        agency=agency,
        email=leah.email,
        full_name=leah.full_name,
        expires_at=Invitation._meta.get_field("expires_at").to_python(
            "2999-01-01T00:00:00Z"
        ),
    )
    a = audited_page
    page = a.page

    page.goto(f"/join/{invitation.token}/")
    expect(page.get_by_label("Email address")).to_have_value(leah.email)
    expect(page.get_by_label("Email address")).not_to_be_editable()
    a.audit()
    join = page.get_by_role("button", name=f"Sign in and join {agency.name}")
    join.click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Enter your password")
    a.audit()
    page.get_by_label("Password").fill(PASSWORD)
    join.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("status")).to_contain_text(
        f"You have joined {agency.name}."
    )
    a.audit()
    assert Membership.objects.get(user=leah).agency == agency
