"""Trainers edit the Support page's resources and the quick exit."""

from django.db import migrations

GRANTS = [
    ("supportsettings", "change_supportsettings", "Can change support page"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Trainers")
    for model, codename, name in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="support", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="support",
                codename__in=[codename for _, codename, _ in GRANTS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("courses", "0002_trainers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
