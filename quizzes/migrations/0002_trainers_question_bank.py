"""Trainers manage the question bank (snippets) in the Wagtail admin."""

from django.db import migrations

MODELS = ["question", "questioncategory"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Trainers")
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="quizzes", model=model
        )
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="quizzes", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("courses", "0002_trainers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
