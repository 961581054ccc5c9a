"""Trainers keep the list of content-note topics, and a starting list."""

from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]

STARTING_TOPICS = [
    ("Sexual violence", "Descriptions of rape, sexual assault and their effects."),
    ("Sexual exploitation", "How women are exploited for sex, and what it does to them."),
    ("Domestic abuse", "Violence, coercion and control by a partner or family member."),
    ("Child abuse", "Harm done to children, including women's own childhoods."),
    ("Self-harm", "People hurting themselves on purpose, and why."),
    ("Suicide", "Thoughts of suicide, attempts and deaths."),
    ("Substance use", "Drug and alcohol use, dependency and withdrawal."),
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Topic = apps.get_model("courses", "ContentNoteTopic")
    group, _ = Group.objects.get_or_create(name="Trainers")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="contentnotetopic"
    )
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_contentnotetopic",
            defaults={"name": f"Can {action} content-note topic"},
        )
        group.permissions.add(permission)
    for name, description in STARTING_TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"description": description})


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="courses",
                content_type__model="contentnotetopic",
            )
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_content_notes_and_breaks")]

    operations = [migrations.RunPython(forwards, backwards)]
