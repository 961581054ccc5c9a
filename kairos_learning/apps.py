from django.apps import AppConfig


class KairosLearningConfig(AppConfig):
    """Site-wide pieces: the home page, the header, seed_demo, the daily run."""

    name = "kairos_learning"
    verbose_name = "Kairos Learning"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
        _check_ids_in_admin_forms()
        _forget_cached_headers_on_change()


def _check_ids_in_admin_forms():
    """Every Wagtail admin model form chooses related records with the fields
    that refuse a value that cannot be an id (core.ids) instead of passing it
    to the database. Choosers Wagtail registers for particular models (pages,
    images) keep their own widgets and take precedence."""
    # Imported here, as in the function below: called from ready(), once the
    # app registry can load models; apps.py itself is read before that.
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override, registry

    from core import ids

    # Wagtail finds a foreign key's chooser (snippets, images, documents) with a
    # lookup registered for ForeignKey itself: keep asking it, and add the
    # checking field to whatever it answers, rather than replacing it (which
    # turned every chooser into a plain select).
    chooser_for = registry.foreign_key_lookup

    def foreign_key(field):
        return {"form_class": ids.ModelChoiceField, **(chooser_for(field) or {})}

    register_form_field_override(models.ForeignKey, override=foreign_key)
    register_form_field_override(
        models.ManyToManyField, override={"form_class": ids.ModelMultipleChoiceField}
    )


def _forget_cached_headers_on_change():
    """Every change that alters a page header forgets the cached header
    (kairos_learning/header.py)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    from agencies.models import Membership
    from support.models import SupportSettings

    from . import header

    User = get_user_model()
    uid = "kairos_learning.header"
    for signal in (post_save, post_delete):
        signal.connect(
            header.on_membership_changed, sender=Membership, dispatch_uid=uid
        )
        signal.connect(header.on_person_changed, sender=User, dispatch_uid=uid)
        signal.connect(
            header.on_anyone_changed, sender=SupportSettings, dispatch_uid=uid
        )
        signal.connect(header.on_anyone_changed, sender=Group, dispatch_uid=uid)
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(header.on_person_changed, sender=through, dispatch_uid=uid)
    m2m_changed.connect(
        header.on_anyone_changed, sender=Group.permissions.through, dispatch_uid=uid
    )
    for signal in (page_published, page_unpublished, page_slug_changed):
        signal.connect(header.on_anyone_changed, dispatch_uid=uid)
    post_page_move.connect(header.on_anyone_changed, dispatch_uid=uid)
    post_delete.connect(header.on_page_deleted, dispatch_uid=f"{uid}.page")
