from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        # Imported in ready(), not at the top: these modules load models, which
        # needs the app registry. Every subscription of this app is here.
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published

        from accounts.landing import register_landing
        from accounts.notifications import register_manager_check
        from audit import services as audit
        from courses.models import CoursePage
        from courses.signals import learning_record_changed

        from . import records
        from .models import Agency, Membership, Team
        from .selectors import (
            agency_of_user,
            manager_landing,
            manages_anyone,
            scopes_changed,
        )

        # The audit log files each event under the person's agency: it asks
        # here, as it may not import this app (it sits below it).
        audit.register_agency_lookup(agency_of_user)
        # A manager lands on her agency's dashboard after signing in.
        register_landing(manager_landing)
        # Only managers are offered the emails only managers are sent.
        register_manager_check(manages_anyone)
        # Her requirement's stored dates follow her learning record, in the
        # same transaction.
        learning_record_changed.connect(
            records.on_learning_record_changed,
            dispatch_uid="agencies.records.learning_record_changed",
        )
        # Managers' scopes are cached: who manages what changes with these.
        uid = "agencies.scopes_changed"
        for model in (Agency, Team, Membership):
            post_save.connect(scopes_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(scopes_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            scopes_changed, sender=Membership.managed_teams.through, dispatch_uid=uid
        )
        # A course's validity decides when completions expire where no
        # assignment says otherwise.
        page_published.connect(
            records.on_course_published,
            sender=CoursePage,
            dispatch_uid="agencies.records.course_published",
        )
