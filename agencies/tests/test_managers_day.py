"""The manager's day: where she lands, the words for overdue, the charts,
changing and removing assignments, and pending invitations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import PASSWORD
from agencies import charts, services
from agencies.models import Requirement
from agencies.selectors import MonthCount, Rate, Scope
from courses.tests.factories import complete_course, make_course

pytestmark = pytest.mark.django_db


# --- Landing after sign-in ----------------------------------------------------


def test_a_manager_lands_on_her_agency_dashboard(client, manager):
    response = client.post(
        reverse("accounts:login"), {"username": manager.email, "password": PASSWORD}
    )

    assertRedirects(response, reverse("agencies:dashboard"))


def test_a_learner_lands_on_my_learning(client, alice):
    response = client.post(
        reverse("accounts:login"),
        {"username": alice.user.email, "password": PASSWORD},
    )

    assertRedirects(response, reverse("courses:my_learning"))


def test_a_manager_asking_for_a_page_goes_there(client, manager):
    wanted = reverse("courses:my_learning")
    response = client.post(
        reverse("accounts:login") + f"?next={wanted}",
        {"username": manager.email, "password": PASSWORD, "next": wanted},
    )

    assertRedirects(response, wanted)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# --- "Overdue", with "needs support" beside it --------------------------------


def test_the_person_page_says_overdue_and_the_learner_reads_past_its_due_date(
    client, manager, alice, assigned
):
    Requirement.objects.filter(user=alice.user).update(due_date=in_days(-2))
    client.force_login(manager)
    person = client.get(reverse("agencies:person", args=[alice.pk]))
    assertContains(person, "Overdue · needs support")

    client.force_login(alice.user)
    mine = client.get(reverse("courses:my_learning"))
    assertContains(mine, "Past its due date")
    assertNotContains(mine, "Overdue")


def test_the_status_filter_offers_overdue(client, manager, assigned):
    client.force_login(manager)
    response = client.get(reverse("agencies:dashboard"))
    assertContains(
        response, '<option value="overdue">Overdue · needs support</option>', html=True
    )


# --- Charts -------------------------------------------------------------------


def test_a_long_course_title_wraps_onto_lines_and_keeps_every_word():
    title = "Ease day: supporting women leaving custody through the gate and beyond"
    chart = charts.rate_bars([Rate(title, 10, 4), Rate("Short", 2, 1)])
    first, second = chart["bars"]
    assert " ".join(line.text for line in first.lines) == title
    assert len(first.lines) > 1
    assert all(len(line.text) <= charts.LABEL_CHARS for line in first.lines)
    # The rows do not overlap: the next starts below the wrapped label.
    assert second.y > first.lines[-1].y
    assert chart["height"] >= second.y + charts.BAR_HEIGHT


def test_the_dashboard_draws_the_whole_title_and_months_with_years(
    client, manager, catalogue, alice
):
    title = "Ease day: supporting women leaving custody through the gate and beyond"
    long_course = make_course(catalogue=catalogue, lessons=1, title=title)
    services.assign(
        scope=Scope(agency=alice.agency),
        by=manager,
        course=long_course,
        due_date=in_days(14),
    )
    client.force_login(manager)
    content = client.get(reverse("agencies:dashboard")).content.decode()
    assert "…" not in content
    for line in charts.wrap_label(title):
        assert f">{line}</tspan>" in content
    this_month = timezone.localdate()
    assert f">{this_month:%b}</tspan>" in content
    assert f">{this_month:%Y}</tspan>" in content
    columns = charts.month_columns([MonthCount(this_month.replace(day=1), 3)])
    assert columns["columns"][0].label == f"{this_month:%b %Y}"


def test_every_chart_follows_the_status_filter(client, manager, alice, bella, assigned):
    complete_course(user=alice.user, course=assigned)
    Requirement.objects.filter(user=bella.user).update(due_date=in_days(-2))
    client.force_login(manager)
    url = reverse("agencies:dashboard")

    everyone = client.get(url).context  # Alice, Bella and the manager herself
    assert [(r.done, r.total) for r in everyone["course_rates"]] == [(1, 3)]

    overdue = client.get(url, {"status": "overdue"}).context
    assert [(r.done, r.total) for r in overdue["course_rates"]] == [(0, 1)]
    assert [r.label for r in overdue["team_rates"]] == ["South"]
    assert sum(month.count for month in overdue["months"]) == 0

    completed = client.get(url, {"status": "completed"})
    assert [(r.done, r.total) for r in completed.context["course_rates"]] == [(1, 1)]
    assert [r.label for r in completed.context["team_rates"]] == ["North"]
    assert sum(month.count for month in completed.context["months"]) == 1
    # The drawn charts are cached under a key that includes the status.
    assertContains(completed, "100% (1 of 1)")
