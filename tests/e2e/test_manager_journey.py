import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from agencies.models import Agency, Invitation, Membership, Requirement, Team
from courses.models import Enrolment

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWCOMER_NAME = "Jo Patel"
NEWCOMER_EMAIL = "jo.patel@probation.example.org"
NEWCOMER_PASSWORD = "a-long-passphrase-2026"


def sign_in(audited_page, email, password, lands_on="My learning"):
    """From the home page, through the header's "Sign in" link, to My learning
    (a manager lands on her staff's training)."""
    a = audited_page
    page = a.page
    page.goto("/")
    a.audit()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Sign in"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    a.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lands_on)
    a.audit()


def sign_out(audited_page):
    a = audited_page
    page = a.page
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role(
            "button", name="Sign out"
        ).click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    a.audit()


def open_dashboard(audited_page, agency):
    a = audited_page
    page = a.page
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My staff"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff training")
    expect(page.get_by_text(agency.name, exact=True)).to_be_visible()
    a.audit()


def staff_row(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))


def test_manager_assigns_invites_and_sees_her_new_member_complete(
    audited_page, course, live_server, settings, tmp_path
):
    # Invitation links are built from WAGTAILADMIN_BASE_URL.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    team = Team.objects.create(agency=agency, name="North")
    manager = UserFactory(full_name="Maya Brooks", email="maya@probation.example.org")
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    due = timezone.localdate() + datetime.timedelta(days=30)
    a = audited_page
    page = a.page

    # The manager signs in and finds her staff in the main navigation.
    sign_in(a, manager.email, PASSWORD, lands_on="Staff training")
    open_dashboard(a, agency)
    manager_nav = page.get_by_role("navigation", name=f"Managing {agency.name}")

    # She assigns the course to everyone in the agency.
    manager_nav.get_by_role("link", name="Assigned courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assigned courses")
    a.audit()
    page.get_by_label("Course", exact=True).select_option(label=course.title)
    page.get_by_label("Who it is for").select_option(label=f"Everyone in {agency.name}")
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Assign course").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{course.title}” assigned.")
    assigned = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=course.title)
    )
    expect(assigned).to_contain_text(f"Everyone in {agency.name}")
    expect(assigned).to_contain_text(f"{due:%-d %B %Y}")
    a.audit()

    # She moves the due date a week later.
    later = due + datetime.timedelta(days=7)
    assigned.get_by_role("link", name="Change due date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the due date")
    a.audit()
    page.get_by_label("New due date").fill(later.isoformat())
    page.get_by_role("button", name="Change the due date").click()
    expect(page.get_by_role("status")).to_contain_text(f"now due {later:%-d %B %Y}")
    expect(assigned).to_contain_text(f"{later:%-d %B %Y}")

    # She removes it, is asked first, and undoes it.
    assigned.get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this assignment?")
    a.audit()
    page.get_by_role("button", name="Remove the assignment").click()
    expect(page.get_by_role("status")).to_contain_text("is no longer assigned")
    expect(assigned).to_have_count(0)
    a.audit()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("again, due on the same date")
    expect(assigned).to_contain_text(f"{later:%-d %B %Y}")
    a.audit()

    # She invites one person to the North team.
    manager_nav.get_by_role("link", name="Invite staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite staff")
    a.audit()
    page.get_by_label("Full name").fill(NEWCOMER_NAME)
    page.get_by_label("Email address").fill(NEWCOMER_EMAIL)
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation sent to {NEWCOMER_EMAIL}."
    )
    pending = page.get_by_role("row").filter(has_text=NEWCOMER_EMAIL)
    expect(pending).to_contain_text(NEWCOMER_NAME)
    expect(pending).to_contain_text(team.name)
    a.audit()
    sign_out(a)

    # Everyone in the agency (the manager too) was told of the assignment, with
    # a link to the course on this server.
    # Then of the new date (once: the undo sent nothing).
    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    assigned_email, new_date_email = to_manager
    assert new_date_email.subject == f"A new date for “{course.title}”"
    assert f"{later:%-d %B %Y}" in new_date_email.body
    assert course.title in assigned_email.subject
    assert f"{live_server.url}{course.url}" in assigned_email.body
    # The invitation arrives by email with a link back to this server.
    [email] = [m for m in mail.outbox if m.to != [manager.email]]
    assert email.to == [NEWCOMER_EMAIL]
    assert agency.name in email.subject
    links = re.findall(r"https?://\S+/join/\S+/", email.body)
    invitation = Invitation.objects.get(email=NEWCOMER_EMAIL)
    assert links == [f"{live_server.url}/join/{invitation.token}/"]

    # She opens it and creates her account with the invited address, which is
    # filled in and locked; she joins in the same step.
    page.goto(links[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Invitation from {agency.name}"
    )
    expect(page.get_by_label("Email address")).to_have_value(NEWCOMER_EMAIL)
    expect(page.get_by_label("Full name")).to_have_value(NEWCOMER_NAME)
    a.audit()
    page.get_by_label("Password", exact=True).fill(NEWCOMER_PASSWORD)
    page.get_by_label("Password confirmation").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name=f"Create account and join {agency.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("status")).to_contain_text(
        f"You have joined {agency.name}."
    )
    assigned_to_you = page.get_by_role("region", name="Assigned to you")
    expect(assigned_to_you).to_contain_text(course.title)
    expect(assigned_to_you).to_contain_text("Not started")
    a.audit()
    membership = Membership.objects.get(user__email=NEWCOMER_EMAIL)
    assert membership.agency == agency
    assert membership.team == team
    assert membership.role == Membership.Role.LEARNER
    assert Requirement.objects.filter(user=membership.user, course=course).exists()

    # She completes the course, by keyboard.
    assigned_to_you.get_by_role("link", name=course.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    a.audit()
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    a.audit()
    for number in range(1, 4):
        expect(page.get_by_text(f"Lesson {number} of 3")).to_be_visible()
        if number > 1:
            a.audit()
        button = page.get_by_role("button", name=re.compile("^Mark complete and"))
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")  # keyboard only
    expect(page.get_by_text("you have completed")).to_be_visible()
    a.audit()
    assert Enrolment.objects.get(user=membership.user, course=course).completed_at
    sign_out(a)

    # The manager sees it on her dashboard.
    sign_in(a, manager.email, PASSWORD, lands_on="Staff training")
    open_dashboard(a, agency)
    expect(staff_row(page, NEWCOMER_NAME)).to_contain_text(team.name)
    expect(staff_row(page, NEWCOMER_NAME)).to_contain_text("Completed")
    expect(staff_row(page, manager.full_name)).to_contain_text("Not started")

    # Only she is left when the list is filtered to completions.
    page.get_by_label("Status").select_option(label="Completed")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Status")).to_have_value("completed")
    expect(page.get_by_text("1 person.")).to_be_visible()
    expect(staff_row(page, NEWCOMER_NAME)).to_contain_text("Completed")
    expect(staff_row(page, manager.full_name)).to_have_count(0)
    a.audit()

    # The spreadsheet says the same.
    with page.expect_download() as info:
        page.get_by_role("link", name="spreadsheet (XLSX)").click()
    download = info.value
    today = timezone.localdate()
    assert download.suggested_filename == f"{agency.name} training {today}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path, read_only=True)
    try:
        rows = [list(row) for row in workbook["Training"].iter_rows(values_only=True)]
    finally:
        workbook.close()
    heading = rows[0]
    assert heading[:8] == [
        "Person",
        "Email",
        "Agency",
        "Team",
        "Course",
        "Course version",
        "Status",
        "Dashboard label",
    ]
    newcomer = [dict(zip(heading, row, strict=True)) for row in rows[1:]]
    newcomer = [row for row in newcomer if row["Person"] == NEWCOMER_NAME]
    assert len(newcomer) == 1
    assert newcomer[0]["Email"] == NEWCOMER_EMAIL
    assert newcomer[0]["Team"] == team.name
    assert newcomer[0]["Course"] == course.title
    assert newcomer[0]["Status"] == "Completed"
    assert newcomer[0]["Completed on"].date() == today
