"""Link every certificate to the completion it evidences. A certificate of a
completion before she started again to renew has no completion in the history
yet: one is kept for it, backfilled with the course as it is published now."""

from django.db import migrations

from courses import versions


def link(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Completion = apps.get_model("courses", "Completion")
    found = {}
    certificates = Certificate.objects.filter(
        completion__isnull=True, user__isnull=False, course__isnull=False
    )
    for certificate in certificates.iterator():
        key = {
            "user_id": certificate.user_id,
            "course_id": certificate.course_id,
            "completed_at": certificate.completed_at,
        }
        completion = Completion.objects.filter(**key).first()
        if completion is None:
            if certificate.course_id not in found:
                found[certificate.course_id] = versions.published_version_in_migration(
                    apps, certificate.course_id
                )
            completion = Completion.objects.create(
                **key, backfilled=True, **found[certificate.course_id]
            )
        Certificate.objects.filter(pk=certificate.pk).update(completion=completion)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_completion"),
        ("courses", "0009_backfill_completion_history"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
