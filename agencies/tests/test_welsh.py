"""The manager's dashboard, her staff's pages, exports and emails in Welsh
(under /cy/, or in the recipient's own language), and English unchanged."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from agencies import reminders, services, tasks
from agencies.models import Invitation
from agencies.selectors import Scope

from .conftest import member

pytestmark = pytest.mark.django_db


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def english(name, *args):
    with translation.override("en-gb"):
        return reverse(name, args=args)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return django_capture_on_commit_callbacks


def test_the_dashboard_in_english_then_welsh(client, manager, assigned):
    """The charts are a fragment cache and the status cells are memoised: the
    Welsh page, drawn straight after the English one, is Welsh throughout."""
    client.force_login(manager)
    assert welsh("agencies:dashboard").startswith("/cy/")

    english_page = client.get(english("agencies:dashboard")).content.decode()
    assert "Completion rates" in english_page
    assert "Completion rate by course" in english_page
    assert "Not started" in english_page

    welsh_page = client.get(welsh("agencies:dashboard")).content.decode()
    assert "Hyfforddiant staff" in welsh_page
    assert "Cyfraddau cwblhau" in welsh_page  # the cached charts
    assert "Cyfradd cwblhau fesul cwrs" in welsh_page
    assert "Heb ddechrau" in welsh_page  # the memoised status cells
    assert "Hwyr · angen cymorth" in welsh_page  # the status filter
    for english_words in (
        "Completion rates",
        "Completion rate by course",
        "Not started",
        "Staff training",
        "Any status",
    ):
        assert english_words not in welsh_page, english_words

    # And back: the English page is English again.
    again = client.get(english("agencies:dashboard")).content.decode()
    assert "Completion rates" in again
    assert "Cyfraddau cwblhau" not in again


def test_the_month_chart_names_months_in_welsh(client, manager, assigned):
    client.force_login(manager)
    page = client.get(welsh("agencies:dashboard")).content.decode()
    month = timezone.localdate().month
    welsh_months = [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
        "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ]  # fmt: skip
    assert welsh_months[month - 1] in page


def test_a_person_page_in_welsh(client, manager, assigned, alice):
    client.force_login(manager)
    page = client.get(welsh("agencies:person", alice.pk)).content.decode()
    assert "Cyrsiau a neilltuwyd" in page
    assert "Amser ar gwisiau wedi'u hamseru" in page or (
        "Amser ar gwisiau wedi&#x27;u hamseru" in page
    )
    assert "Heb ddechrau" in page
    assert "Assigned courses" not in page
    assert "Not started" not in page


def test_staffing_pages_in_welsh(client, manager, assigned):
    client.force_login(manager)
    assignments = client.get(welsh("agencies:assignments")).content.decode()
    assert "Neilltuo cwrs" in assignments
    assert "Pawb yn Coventry Probation" in assignments  # a choice of the form
    assert "Assign a course" not in assignments
    invite = client.get(welsh("agencies:invite")).content.decode()
    assert "Gwahodd un unigolyn" in invite
    assert "Enw llawn" in invite  # the form's label
    assert "Invite one person" not in invite
    join_code = client.get(welsh("agencies:join_code")).content.decode()
    assert "Newid y cod ymuno" in join_code


def test_a_form_error_in_welsh(client, manager, assigned):
    client.force_login(manager)
    response = client.post(welsh("agencies:invite"), {"full_name": "", "email": ""})
    page = response.content.decode()
    assert "Rhowch enw llawn yr unigolyn" in page


def test_joining_in_welsh(client, learner):
    client.force_login(learner)
    page = client.get(welsh("agencies:join")).content.decode()
    assert "Ymuno â&#x27;ch asiantaeth" in page or "Ymuno â'ch asiantaeth" in page
    response = client.post(welsh("agencies:join"), {"code": "NOPE1234"})
    assert "Nid yw&#x27;r cod ymuno hwnnw" in response.content.decode()


def test_an_invitation_from_a_welsh_page_is_written_in_welsh(
    client, manager, agency, capture
):
    """Someone with no account reads her invitation in the language the
    manager was using; its link is the Welsh address."""
    client.force_login(manager)
    with capture(execute=True):
        response = client.post(
            welsh("agencies:invite"),
            {"full_name": "Gwen Jones", "email": "gwen@example.org"},
            follow=True,
        )
    assert "Anfonwyd gwahoddiad at gwen@example.org" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "Mae Coventry Probation yn eich gwahodd i Kairos Learning"
    assert "Helo Gwen Jones," in message.body
    assert "/cy/" in message.body


def test_an_invitation_from_an_english_page_is_in_english(
    client, manager, agency, capture
):
    client.force_login(manager)
    with capture(execute=True):
        client.post(
            english("agencies:invite"),
            {"full_name": "Gwen Jones", "email": "gwen@example.org"},
        )
    [message] = mail.outbox
    assert message.subject == "You are invited to Kairos Learning by Coventry Probation"
    assert "/cy/" not in message.body


def test_an_invitation_to_an_account_follows_her_language(agency, manager, capture):
    member_of_nothing = member(agency, email="dewi@example.org")
    member_of_nothing.delete()
    user = member_of_nothing.user
    user.preferred_language = "cy"
    user.save(update_fields=["preferred_language"])
    invitation = Invitation.objects.create(
        agency=agency,
        email=user.email,
        full_name="Dewi",
        invited_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    assert tasks.send_invitation.call(invitation.pk, "v1", "en-gb")
    [message] = mail.outbox
    assert message.subject.startswith("Mae Coventry Probation yn eich gwahodd")


def _csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_exports_from_welsh_pages_have_welsh_headings(client, manager, assigned):
    client.force_login(manager)
    rows = _csv(client.get(welsh("agencies:export_csv") + "?status=not_started"))
    assert rows[0][:4] == ["Unigolyn", "E-bost", "Asiantaeth", "Tîm"]
    assert "Heb ddechrau" in rows[1]

    response = client.get(welsh("agencies:export_xlsx") + "?status=not_started")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Ynghylch yr allforiad hwn", "Hyfforddiant"]
    about = {
        row[0]: row[1]
        for row in workbook["Ynghylch yr allforiad hwn"].iter_rows(values_only=True)
    }
    assert about["Adroddiad"] == "Adroddiad hyfforddiant staff"
    assert about["Hidlyddion a ddefnyddiwyd"] == "Statws: Heb ddechrau"
    assert "amser y DU" in about["Allforiwyd"]
    headings = next(workbook["Hyfforddiant"].iter_rows(values_only=True))
    assert headings[0] == "Unigolyn"


def test_exports_from_english_pages_are_unchanged(client, manager, assigned):
    client.force_login(manager)
    rows = _csv(client.get(english("agencies:export_csv")))
    assert rows[0][:4] == ["Person", "Email", "Agency", "Team"]
    response = client.get(english("agencies:export_xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["About this export", "Training"]


def test_a_course_assigned_is_emailed_in_each_persons_language(
    agency, manager, course, north, alice, capture
):
    bethan = member(agency, team=north, full_name="Bethan Huws", email="b@x.org")
    bethan.user.preferred_language = "cy"
    bethan.user.save(update_fields=["preferred_language"])
    with capture(execute=True):
        services.assign(
            scope=Scope(agency=agency),
            by=manager,
            course=course,
            due_date=timezone.localdate() + datetime.timedelta(days=14),
            team=north,
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    welsh_email = by_address["b@x.org"]
    assert welsh_email.subject.startswith("Mae Coventry Probation wedi gofyn i chi")
    assert "/cy/" in welsh_email.body
    english_email = by_address["alice@x.org"]
    assert english_email.subject.startswith("Coventry Probation has asked you to take")
    assert "/cy/" not in english_email.body


def test_reminders_and_the_digest_are_in_each_persons_language(
    agency, manager, course, alice
):
    manager.preferred_language = "cy"
    manager.save(update_fields=["preferred_language"])
    alice.user.preferred_language = "cy"
    alice.user.save(update_fields=["preferred_language"])
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate()
        + datetime.timedelta(days=reminders.DUE_SOON_DAYS),
    )
    mail.outbox.clear()
    reminders.send_reminders()
    by_address = {message.to[0]: message for message in mail.outbox}
    reminder = by_address["alice@x.org"]
    assert reminder.subject.endswith("ymhen wythnos")
    assert "Nodyn i'ch atgoffa" in reminder.body
    assert "/cy/" in reminder.body
    digest = by_address[manager.email]
    assert digest.subject.startswith("Hyfforddiant eich tîm yr wythnos hon")
    assert "Heb ddechrau" in digest.body


def test_undo_names_the_removal_in_welsh(client, manager, agency, course, north):
    assignment = services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        team=north,
    )
    client.force_login(manager)
    client.post(welsh("agencies:unassign", assignment.pk))
    page = client.get(welsh("agencies:assignments")).content.decode()
    assert "Wedi'i ddileu drwy gamgymeriad?" in page
    assert f"“{course.title}” ar gyfer tîm North" in page
    english_page = client.get(english("agencies:assignments")).content.decode()
    assert f"You removed “{course.title}” for the North team on" in english_page
