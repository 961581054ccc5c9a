"""Keep a completion in the history for every enrolment already completed,
with the course as it is published now (marked as backfilled: the version she
actually completed was not recorded then)."""

from django.db import migrations

from courses import versions


def backfill(apps, schema_editor):
    Enrolment = apps.get_model("courses", "Enrolment")
    Completion = apps.get_model("courses", "Completion")
    found = {}
    for enrolment in Enrolment.objects.filter(completed_at__isnull=False).iterator():
        if Completion.objects.filter(
            user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            completed_at=enrolment.completed_at,
        ).exists():
            continue
        if enrolment.course_id not in found:
            found[enrolment.course_id] = versions.published_version_in_migration(
                apps, enrolment.course_id
            )
        Completion.objects.create(
            user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            completed_at=enrolment.completed_at,
            backfilled=True,
            **found[enrolment.course_id],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_completion_history"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
