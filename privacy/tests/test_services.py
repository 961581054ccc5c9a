import pytest
from axes.models import AccessAttempt, AccessLog
from django.db.models.query import QuerySet
from django.urls import reverse

from agencies.models import (
    Assignment,
    ExtensionRequest,
    Invitation,
    Membership,
    ReminderLog,
    Requirement,
)
from audit.models import AuditEvent
from audit.services import record
from certificates.models import Certificate
from courses.models import BreakPoint, Completion, Enrolment, StepProgress
from privacy import selectors, services
from privacy.models import RetentionNotice
from quizzes.models import Attempt, Response
from reflections.models import CheckIn, Draft, Reflection

from .conftest import HER_FREE_TEXT, HER_REFLECTION

pytestmark = pytest.mark.django_db

PERSONAL = {
    "enrolments": lambda u: Enrolment.objects.filter(user=u),
    "completions": lambda u: Completion.objects.filter(user=u),
    "lessons": lambda u: StepProgress.objects.filter(user=u),
    "breaks": lambda u: BreakPoint.objects.filter(user=u),
    "attempts": lambda u: Attempt.objects.filter(user=u),
    "answers": lambda u: Response.objects.filter(attempt__user=u),
    "reflections": lambda u: Reflection.objects.filter(user=u),
    "check_ins": lambda u: CheckIn.objects.filter(user=u),
    "drafts": lambda u: Draft.objects.filter(user=u),
    "requirements": lambda u: Requirement.objects.filter(user=u),
    "assignments": lambda u: Assignment.objects.filter(user=u),
    "more_time": lambda u: ExtensionRequest.objects.filter(requirement__user=u),
    "reminders": lambda u: ReminderLog.objects.filter(user=u),
    "membership": lambda u: Membership.objects.filter(user=u),
    "notices": lambda u: RetentionNotice.objects.filter(user=u),
}


def counts(user, email) -> dict[str, int]:
    found = {label: query(user).count() for label, query in PERSONAL.items()}
    found["invitations"] = Invitation.objects.filter(email__iexact=email).count()
    found["sign_ins"] = AccessLog.objects.filter(username__iexact=email).count()
    found["failed"] = AccessAttempt.objects.filter(username__iexact=email).count()
    return found


def snapshot(user, email):
    """Everything about one person that erasure could touch, to compare."""
    certificate_rows = list(
        Certificate.objects.filter(user=user).values(
            "learner_name", "revoked_at", "revoked_reason", "pdf"
        )
    )
    user.refresh_from_db()
    return (
        counts(user, email),
        certificate_rows,
        (user.full_name, user.email, user.is_active, user.password, user.last_login),
    )


@pytest.fixture
def notice(her):
    from django.utils import timezone

    return RetentionNotice.objects.create(
        user=her, sent_at=timezone.now(), erase_after=timezone.localdate()
    )


def test_erasure_deletes_her_learning_data_and_nothing_of_anyone_elses(
    her, them, notice, django_capture_on_commit_callbacks
):
    before = counts(her, "leah@example.org")
    assert all(before.values()), before  # she has something of every kind
    theirs = snapshot(them, "rosa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.erase_account(her, reason="test", actor=her)

    assert not any(counts(her, "leah@example.org").values())
    assert erasure.deleted["quiz attempts"] == before["attempts"]
    assert erasure.deleted["private reflections"] == before["reflections"]
    assert erasure.deleted["unsaved drafts"] == before["drafts"]
    assert snapshot(them, "rosa@example.org") == theirs


def test_erasure_anonymises_her_account_and_she_cannot_sign_in(her, client):
    from accounts.tests.factories import PASSWORD

    services.erase_account(her, reason="test")
    her.refresh_from_db()
    assert her.full_name == "Erased learner"
    assert her.email == f"erased-{her.pk}@invalid"
    assert not her.has_usable_password()
    assert not her.is_active
    assert her.last_login is None
    for username in ["leah@example.org", her.email]:
        client.post(
            reverse("accounts:login"), {"username": username, "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session


def test_erasure_withdraws_certificates_deletes_their_files_and_her_name(
    her, client, django_capture_on_commit_callbacks
):
    certificate = her.certificates.get()
    storage = certificate.pdf.storage
    pdf_name = certificate.pdf.name
    assert storage.exists(pdf_name)

    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.erase_account(her, reason="test")

    assert erasure.certificates_withdrawn == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Account erased"
    assert certificate.learner_name == ""
    assert not certificate.pdf
    assert not storage.exists(pdf_name)

    page = client.get(
        reverse("certificates:verify", kwargs={"token": certificate.token})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "has been withdrawn" in text
    assert "Leah" not in text
    assert "Morgan" not in text
    assert "<dt>Name</dt>" not in text

    # Nor can it be found by its reference and her surname any more.
    by_reference = client.post(
        reverse("certificates:verify_reference"),
        {"reference": certificate.reference, "surname": "Morgan"},
    )
    assert "Leah Morgan" not in by_reference.content.decode()
    assert "has been withdrawn" not in by_reference.content.decode()


def test_erasure_takes_her_out_of_the_audit_log_and_records_itself(her, manager):
    record(actor=manager, action="person_viewed", target=her, subject=her)
    record(actor=her, action="data_exported", target=her, subject=her)

    services.erase_account(her, reason="She asked.", actor=her)

    assert not AuditEvent.objects.filter(actor=her).exists()
    assert not AuditEvent.objects.filter(subject=her).exists()
    labels = " ".join(
        AuditEvent.objects.values_list("actor_label", flat=True)
    ) + " ".join(AuditEvent.objects.values_list("target_label", flat=True))
    assert "Leah" not in labels
    assert "leah@example.org" not in labels
    erased = AuditEvent.objects.get(action="account_erased")
    assert erased.details["reason"] == "She asked."
    assert erased.details["asked_by_herself"] is True
    assert erased.actor is None


def test_erasure_takes_her_name_out_of_other_events_details(her, manager):
    record(
        actor=manager,
        action="assignment_created",
        target_label="Safeguarding for Leah Morgan",
        details={"assigned_to": "Leah Morgan", "filters": {"query": "LEAH MORGAN"}},
    )

    services.erase_account(her, reason="She asked.", actor=her)

    text = str(list(AuditEvent.objects.values_list("details", "target_label")))
    assert "leah" not in text.lower()


def test_erasing_twice_is_harmless(her, them):
    services.erase_account(her, reason="test")
    her.refresh_from_db()
    state = snapshot(her, her.email)
    theirs = snapshot(them, "rosa@example.org")

    again = services.erase_account(her, reason="test")

    assert again.already_erased
    assert snapshot(her, her.email) == state
    assert snapshot(them, "rosa@example.org") == theirs
    assert AuditEvent.objects.filter(action="account_erased").count() == 1


def test_a_failure_midway_changes_nothing(
    her, monkeypatch, django_capture_on_commit_callbacks
):
    before = snapshot(her, "leah@example.org")
    pdf_name = her.certificates.get().pdf.name
    real_delete = QuerySet.delete

    def failing_delete(queryset):
        if queryset.model is Enrolment:
            raise RuntimeError("disk full")
        return real_delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", failing_delete)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        services.erase_account(her, reason="test")

    assert snapshot(her, "leah@example.org") == before
    certificate = her.certificates.get()
    assert certificate.pdf.storage.exists(pdf_name)
    assert not AuditEvent.objects.filter(action="account_erased").exists()


@pytest.mark.parametrize("who", ["trainer", "admin_user", "staff"])
def test_people_with_admin_access_are_refused(request, who):
    if who == "staff":
        from accounts.tests.factories import UserFactory

        user = UserFactory(is_staff=True)
    else:
        user = request.getfixturevalue(who)
    with pytest.raises(services.ErasureRefused):
        services.erase_account(user, reason="test")
    user.refresh_from_db()
    assert user.is_active
    assert not selectors.is_erased(user)


def test_export_after_erasure_holds_nothing_of_her(her):
    services.erase_account(her, reason="test")
    her.refresh_from_db()
    text = str(selectors.export_for(her))
    for words in ["Leah", "leah@example.org", HER_FREE_TEXT, HER_REFLECTION]:
        assert words not in text


def test_a_deactivated_trainer_is_still_refused(trainer):
    trainer.is_active = False
    trainer.save()
    with pytest.raises(services.ErasureRefused):
        services.erase_account(trainer, reason="test")


def test_erasure_takes_her_name_out_of_wagtails_site_history(
    her, them, agency, admin_user, client
):
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    # An admin edits her membership in the Wagtail admin, and her user.
    membership = her.membership
    client.force_login(admin_user)
    response = client.post(
        reverse("membership:edit", args=[membership.pk]), {"role": "manager"}
    )
    assert response.status_code == 302
    log(instance=her, action="wagtail.edit", user=admin_user)
    log(
        instance=her,
        action="wagtail.edit",
        user=admin_user,
        data={"note": "Leah Morgan asked for leah@example.org to be kept"},
    )
    log(instance=them.membership, action="wagtail.edit", user=admin_user)
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Leah Morgan in Coventry Probation" in labels
    assert "Leah Morgan" in labels

    erasure = services.erase_account(her, reason="test", actor=admin_user)

    assert erasure.admin_history_anonymised == 3
    rows = ModelLogEntry.objects.all()
    assert rows.count() == 4  # what was done, and when, is kept
    text = " ".join(f"{row.label} {row.data}" for row in rows)
    assert "Leah" not in text
    assert "leah@example.org" not in text
    assert rows.filter(label="Erased learner in Coventry Probation").count() == 1
    assert rows.filter(label="Erased learner").count() == 2
    # Someone else's history is left as it was.
    assert rows.filter(label="Rosa Khan in Coventry Probation").exists()


def test_the_erasure_event_keeps_her_agency(her, agency):
    services.erase_account(her, reason="test")
    erased = AuditEvent.objects.get(action="account_erased")
    assert erased.agency == agency


def test_the_erasure_event_of_someone_with_no_agency_has_none(learner):
    services.erase_account(learner, reason="test")
    assert AuditEvent.objects.get(action="account_erased").agency is None
