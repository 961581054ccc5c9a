"""Quiz passes become finished steps of their course (courses.StepProgress), so
the completion rule reads courses' own table. A pass counts if it came after she
last started the course again to renew it, as before. Attempts are unchanged:
they keep the whole history."""

from django.db import migrations
from django.db.models import Max

STEP_LEN = 4  # Wagtail's page path: four characters a level


def record_passes(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    Enrolment = apps.get_model("courses", "Enrolment")
    StepProgress = apps.get_model("courses", "StepProgress")
    CoursePage = apps.get_model("courses", "CoursePage")
    course_by_path = dict(CoursePage.objects.values_list("path", "pk"))
    restarted = {
        (user_id, course_id): restarted_at
        for user_id, course_id, restarted_at in Enrolment.objects.values_list(
            "user_id", "course_id", "restarted_at"
        )
    }
    passes = (
        Attempt.objects.filter(passed=True)
        .values("user_id", "quiz_id", "quiz__path")
        .annotate(last=Max("submitted_at"))
    )
    rows = []
    for row in passes.iterator():
        course_id = course_by_path.get(row["quiz__path"][:-STEP_LEN])
        key = (row["user_id"], course_id)
        if course_id is None or key not in restarted:
            continue
        since = restarted[key]
        if since is not None and row["last"] < since:
            continue
        rows.append(
            StepProgress(
                user_id=row["user_id"],
                step_id=row["quiz_id"],
                course_id=course_id,
                completed_at=row["last"],
            )
        )
    StepProgress.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def forget_passes(apps, schema_editor):
    StepProgress = apps.get_model("courses", "StepProgress")
    QuizPage = apps.get_model("quizzes", "QuizPage")
    StepProgress.objects.filter(
        step_id__in=QuizPage.objects.values_list("pk", flat=True)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_trainers_question_bank"),
        ("courses", "0006_step_progress"),
    ]

    operations = [migrations.RunPython(record_passes, forget_passes)]
