"""The audit log in the Wagtail admin: admins read it; nobody edits it."""

import csv
import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from audit import services
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def admin_url(name, *args):
    return reverse(f"audit_admin:{name}", args=args)


@pytest.fixture
def events(manager, trainer, alice, agency, other_agency):
    exported = services.record(
        actor=manager,
        action=Action.REPORT_EXPORTED,
        target=agency,
        target_label="Coventry Probation staff report",
        agency=agency,
        details={"format": "csv", "filters": {"status": "overdue"}},
    )
    viewed = services.record(
        actor=manager,
        action=Action.PERSON_VIEWED,
        target=alice.user,
        target_label="Alice Adams (alice@x.org), Coventry Probation",
        subject=alice.user,
    )
    revoked = services.record(
        actor=trainer,
        action=Action.CERTIFICATE_REVOKED,
        target_label="Certificate KRS-1234: Sam Stranger",
        agency=other_agency,
        details={"reason": "Issued in error"},
    )
    return exported, viewed, revoked


def test_an_admin_reads_the_log_newest_first(client, admin_user, events):
    client.force_login(admin_user)
    response = client.get(admin_url("index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Audit log" in content
    assert "Maya Brooks" in content
    assert "Staff report exported" in content
    assert "Alice Adams (alice@x.org), Coventry Probation" in content
    assert content.index("Certificate KRS-1234") < content.index(
        "Coventry Probation staff report"
    )
    today = timezone.localtime()
    assert f"{today:%-d %B %Y}" in content


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"action": "certificate_revoked"}, "KRS-1234", "Alice Adams"),
        ({"actor": "tara@"}, "KRS-1234", "Alice Adams"),
        ({"q": "alice"}, "Alice Adams", "KRS-1234"),
    ],
)
def test_an_admin_filters_the_log(client, admin_user, events, query, shown, hidden):
    client.force_login(admin_user)
    content = client.get(admin_url("index"), query).content.decode()
    assert shown in content
    assert hidden not in content


def test_filtering_by_agency_and_dates(client, admin_user, events, other_agency):
    exported = events[0]
    AuditEvent.objects.filter(pk=exported.pk).update(
        when=timezone.now() - datetime.timedelta(days=40)
    )
    client.force_login(admin_user)
    by_agency = client.get(admin_url("index"), {"agency": other_agency.pk})
    assert "KRS-1234" in by_agency.content.decode()
    assert "Coventry Probation staff report" not in by_agency.content.decode()
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recent = client.get(admin_url("index"), {"when_after": since}).content.decode()
    assert "KRS-1234" in recent
    assert "Coventry Probation staff report" not in recent


def test_a_bad_filter_shows_an_error_not_a_crash(client, admin_user, events):
    client.force_login(admin_user)
    response = client.get(
        admin_url("index"), {"action": "coffee_made", "when_after": "soon"}
    )
    assert response.status_code == 200
    assert "KRS-1234" in response.content.decode()  # the bad filter is ignored


def test_inspecting_an_event_shows_its_details(client, admin_user, events):
    revoked = events[2]
    client.force_login(admin_user)
    response = client.get(admin_url("inspect", revoked.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Issued in error" in content
    assert "Leicester Housing" in content
    assert "Tara Singh (tara@example.org)" in content
    # Nothing offers to change it.
    assert "/edit/" not in content
    assert "/delete/" not in content


def test_inspecting_a_missing_event_is_a_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(admin_url("inspect", 999999)).status_code == 404


def test_the_log_downloads_as_csv(client, admin_user, events):
    client.force_login(admin_user)
    response = client.get(admin_url("index"), {"export": "csv", "agency": ""})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When", "Who", "Action", "What", "Agency", "Details"]
    assert len(rows) == 4
    revoked = rows[1]
    assert revoked[2] == "Certificate revoked"
    assert revoked[4] == "Leicester Housing"
    assert '"reason": "Issued in error"' in revoked[5]


def test_names_that_look_like_formulas_download_as_text(client, admin_user, learner):
    learner.full_name = "=HYPERLINK(1)"
    services.record(actor=learner, action=Action.MEMBERSHIP_ADDED)
    client.force_login(admin_user)
    response = client.get(admin_url("index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("role", ["trainer", "manager", "learner"])
def test_trainers_managers_and_learners_cannot_read_the_log(
    request, client, events, role
):
    client.force_login(request.getfixturevalue(role))
    for url in (
        admin_url("index"),
        admin_url("index_results"),
        admin_url("inspect", events[0].pk),
        admin_url("index") + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"Coventry Probation staff report" not in body


def test_anonymous_visitors_are_sent_to_sign_in(client, events):
    response = client.get(admin_url("index"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_menu_shows_the_log_to_admins_only(client, admin_user, trainer):
    client.force_login(trainer)
    assert (
        admin_url("index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(admin_user)
    assert (
        admin_url("index") in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_a_group_given_the_view_permission_can_read_it(client, trainer, events):
    group = Group.objects.create(name="Data protection")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="audit", codename="view_auditevent"
        )
    )
    trainer.groups.add(group)
    client.force_login(trainer)
    assert client.get(admin_url("index")).status_code == 200


def test_only_the_view_permission_exists():
    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditevent"}


def test_no_view_adds_edits_or_deletes_events_even_for_superusers(
    client, admin_user, events
):
    for name, args in (
        ("add", ()),
        ("edit", (1,)),
        ("delete", (1,)),
        ("copy", (1,)),
        ("history", (1,)),
        ("usage", (1,)),
    ):
        with pytest.raises(NoReverseMatch):
            admin_url(name, *args)
    client.force_login(admin_user)
    pk = events[0].pk
    for path in (
        "/admin/audit-log/new/",
        f"/admin/audit-log/edit/{pk}/",
        f"/admin/audit-log/delete/{pk}/",
        f"/admin/audit-log/{pk}/delete/",
    ):
        assert client.post(path).status_code == 404, path
    assert AuditEvent.objects.filter(pk=pk).exists()


def test_the_permission_policy_refuses_changes_to_superusers(admin_user):
    from wagtail.permission_policies.base import BasePermissionPolicy
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(AuditEvent)
    assert isinstance(policy, BasePermissionPolicy)
    assert policy.user_has_permission(admin_user, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(admin_user, action)


def test_the_log_is_not_in_django_admin_or_snippets():
    if apps.is_installed("django.contrib.admin"):
        from django.contrib import admin

        assert AuditEvent not in admin.site._registry
    assert AuditEvent not in get_snippet_models()


def test_the_listing_query_count_does_not_grow_with_events(
    client, admin_user, manager, agency, other_agency, django_assert_max_num_queries
):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=manager,
            actor_label=f"Manager {number}",
            action=Action.PERSON_VIEWED,
            target_label=f"Person {number}",
            agency=agency if number % 2 else other_agency,
        )
        for number in range(120)
    )
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        response = client.get(admin_url("index"))
    assert response.status_code == 200
    assert "Person 119" in response.content.decode()
    with django_assert_max_num_queries(25):
        client.get(admin_url("index"), {"page": 2, "agency": agency.pk})
