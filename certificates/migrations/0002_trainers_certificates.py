"""Trainers find, revoke and reissue certificates, and edit their design."""

from django.db import migrations

GRANTS = [
    ("certificate", "view_certificate", "Can view certificate"),
    (
        "certificate",
        "revoke_certificate",
        "Can revoke, reissue and re-render certificates",
    ),
    ("certificatesettings", "change_certificatesettings", "Can change certificate design"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Trainers")
    for model, codename, name in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="certificates", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Trainers"):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="certificates")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("courses", "0002_trainers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
