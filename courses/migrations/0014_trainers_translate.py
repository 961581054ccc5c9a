"""Trainers translate courses with wagtail-localize ("Translate" in a page's
menu, its editor for the Welsh): they need its "submit translation"
permission. (Their page permissions on each catalogue, English or Welsh, are
granted by courses.services.grant_trainers_course_tree.)"""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    group, _ = Group.objects.get_or_create(name="Trainers")
    group.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="wagtail_localize",
                codename="submit_translation",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_translatable"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
