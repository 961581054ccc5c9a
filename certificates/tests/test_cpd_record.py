"""Course versions on certificates, and her CPD record on My certificates."""

import csv
import datetime
import importlib
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses import services as course_services
from courses.models import Completion, Enrolment, LessonPage
from courses.tests.factories import make_course, publish_course_on, publish_on

from .conftest import complete, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def versioned_course(catalogue):
    course = make_course(
        catalogue=catalogue,
        lessons=2,
        title="Responding to exploitation",
        cpd_hours="2.5",
        validity_months=12,
    )
    return publish_course_on(course, "2026-11-26")


def finish(user, course, django_capture_on_commit_callbacks) -> Certificate:
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete(user, course)
    return Certificate.objects.get(
        user=user, course=course, completed_at=enrolment.completed_at
    )


def revise(course, day):
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.body = [("rich_text", "<p>Revised after the 2026 review.</p>")]
    publish_on(lesson, day)


def test_a_certificate_is_linked_to_its_completion_and_version(
    learner, versioned_course, django_capture_on_commit_callbacks
):
    certificate = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    assert certificate.completion == Completion.objects.get(user=learner)
    assert certificate.completion.version_label == "version of 26 November 2026"


def test_verification_shows_the_version_she_completed_after_the_course_changed(
    client,
    learner,
    other_learner,
    versioned_course,
    django_capture_on_commit_callbacks,
):
    hers = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    revise(versioned_course, "2026-12-03")
    theirs = finish(other_learner, versioned_course, django_capture_on_commit_callbacks)

    page = client.get(reverse("certificates:verify", args=[hers.token]))
    content = page.content.decode()
    assert "Version of 26 November 2026" in content
    assert hers.completion.short_fingerprint in content
    assert "3 December 2026" not in content

    page = client.get(reverse("certificates:verify", args=[theirs.token]))
    assert "Version of 3 December 2026" in page.content.decode()

    # The reference and surname form shows the same.
    page = client.post(
        reverse("certificates:verify_reference"),
        {"reference": hers.reference, "surname": "Morgan"},
    )
    assert "Version of 26 November 2026" in page.content.decode()


def test_a_reissue_keeps_the_completion_and_its_version(
    learner, trainer, versioned_course, django_capture_on_commit_callbacks
):
    from certificates import services

    certificate = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    replacement = services.reissue(
        certificate=certificate, by=trainer, reason="Name corrected"
    )
    assert replacement.completion_id == certificate.completion_id


def renew(user, course, django_capture_on_commit_callbacks):
    """Her first completion 13 months ago, then she starts again and completes."""
    first = finish(user, course, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Enrolment.objects.filter(user=user).update(
        enrolled_at=long_ago, completed_at=long_ago
    )
    Completion.objects.filter(pk=first.completion_id).update(completed_at=long_ago)
    Certificate.objects.filter(pk=first.pk).update(completed_at=long_ago)
    revise(course, "2026-12-03")
    course_services.restart_course(user=user, course=course)
    second = finish(user, course, django_capture_on_commit_callbacks)
    return first, second


def test_renewal_keeps_both_completions_each_with_its_certificate(
    learner, versioned_course, django_capture_on_commit_callbacks
):
    first, second = renew(learner, versioned_course, django_capture_on_commit_callbacks)
    completions = Completion.objects.filter(user=learner).order_by("completed_at")
    assert [c.version_label for c in completions] == [
        "version of 26 November 2026",
        "version of 3 December 2026",
    ]
    assert [c.certificates.get() for c in completions] == [
        Certificate.objects.get(pk=first.pk),
        second,
    ]


# My CPD record ----------------------------------------------------------------


def test_my_certificates_shows_her_cpd_record_with_versions(
    client,
    learner,
    versioned_course,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    first, second = renew(learner, versioned_course, django_capture_on_commit_callbacks)
    client.force_login(learner)
    # +1 with Welsh on: building the site's root paths (cached afterwards) also
    # reads the home page's translations.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("certificates:mine"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "My CPD record" in content
    assert first.reference in content
    assert second.reference in content
    assert "Version of 26 November 2026" in content
    assert "Version of 3 December 2026" in content
    assert reverse("certificates:cpd_record_csv") in content
    assert reverse("certificates:cpd_record_pdf") in content


def test_a_learner_with_nothing_completed_is_told_kindly(client, learner):
    client.force_login(learner)
    content = client.get(reverse("certificates:mine")).content.decode()
    assert "Your CPD record lists each course once you complete it." in content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_holds_one_row_per_completion(
    client, learner, versioned_course, django_capture_on_commit_callbacks
):
    first, second = renew(learner, versioned_course, django_capture_on_commit_callbacks)
    client.force_login(learner)
    response = client.get(reverse("certificates:cpd_record_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    rows = csv_rows(response)
    assert rows[0] == [
        "Course",
        "Completed on",
        "CPD hours",
        "Course version",
        "Content fingerprint",
        "Certificate reference",
        "Certificate status",
    ]
    assert rows[1] == [
        "Responding to exploitation",
        timezone.localdate(second.completed_at).isoformat(),
        "2.5",
        "version of 3 December 2026",
        second.completion.short_fingerprint,
        second.reference,
        "Valid",
    ]
    assert rows[2][3] == "version of 26 November 2026"
    assert rows[2][5] == first.reference
    assert len(rows) == 3


def test_the_csv_cannot_run_a_formula(
    client, learner, catalogue, django_capture_on_commit_callbacks
):
    course = publish_course_on(
        make_course(catalogue=catalogue, lessons=1, title="=HYPERLINK(1)"),
        "2026-11-26",
    )
    finish(learner, course, django_capture_on_commit_callbacks)
    client.force_login(learner)
    rows = csv_rows(client.get(reverse("certificates:cpd_record_csv")))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_the_pdf_renders_her_record(
    client, learner, versioned_course, django_capture_on_commit_callbacks
):
    certificate = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    client.force_login(learner)
    response = client.get(reverse("certificates:cpd_record_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())  # lines wrap in cells
    assert "CPD record" in text
    assert "Leah Morgan" in text
    assert "Responding to exploitation" in text
    assert certificate.reference in text
    assert "Version of 26 November 2026" in text


def test_another_learner_never_sees_her_record(
    client, learner, other_learner, versioned_course, django_capture_on_commit_callbacks
):
    certificate = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    client.force_login(other_learner)
    rows = csv_rows(client.get(reverse("certificates:cpd_record_csv")))
    assert len(rows) == 1  # the header only
    text = pdf_text(client.get(reverse("certificates:cpd_record_pdf")).content)
    assert certificate.reference not in text
    assert "Leah Morgan" not in text
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.reference not in page


@pytest.mark.parametrize("name", ["cpd_record_csv", "cpd_record_pdf"])
def test_a_visitor_must_sign_in_for_a_cpd_record(client, name):
    response = client.get(reverse(f"certificates:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["cpd_record_csv", "cpd_record_pdf"])
def test_a_cpd_record_is_only_read(client, learner, name):
    client.force_login(learner)
    assert client.post(reverse(f"certificates:{name}")).status_code == 405


# Trainers: who completed which version ---------------------------------------


def test_trainers_see_and_filter_who_completed_which_version(
    client,
    trainer,
    learner,
    other_learner,
    versioned_course,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    hers = finish(learner, versioned_course, django_capture_on_commit_callbacks)
    revise(versioned_course, "2026-12-03")
    theirs = finish(other_learner, versioned_course, django_capture_on_commit_callbacks)
    client.force_login(trainer)
    url = reverse("certificates_admin:index")

    with django_assert_max_num_queries(30):
        content = client.get(url).content.decode()
    assert f"Version of 26 November 2026 ({hers.completion.short_fingerprint})" in (
        content
    )
    assert "Version of 3 December 2026" in content

    earlier = client.get(
        url,
        {
            "course": versioned_course.pk,
            "version_published_after": "2026-11-01",
            "version_published_before": "2026-11-30",
        },
    ).content.decode()
    assert hers.reference in earlier
    assert theirs.reference not in earlier

    by_fingerprint = client.get(
        url, {"version": theirs.completion.short_fingerprint}
    ).content.decode()
    assert theirs.reference in by_fingerprint
    assert hers.reference not in by_fingerprint

    inspect = client.get(
        reverse("certificates_admin:inspect", args=[hers.pk])
    ).content.decode()
    assert "Version of 26 November 2026" in inspect


def test_the_migration_links_earlier_certificates_to_completions(
    learner, versioned_course, django_capture_on_commit_callbacks
):
    from django.apps import apps

    link = importlib.import_module(
        "certificates.migrations.0005_link_certificates_to_completions"
    ).link
    first, second = renew(learner, versioned_course, django_capture_on_commit_callbacks)
    # As before versions were recorded: no completions, no links.
    Completion.objects.all().delete()

    link(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.completion.completed_at == first.completed_at
    assert second.completion.completed_at == second.completed_at
    assert first.completion.backfilled
    assert Completion.objects.filter(user=learner).count() == 2
