from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Agencies"

    def ready(self):
        # The audit log files each event under the person's agency: it asks
        # here, as it may not import this app (it sits below it). Imported in
        # ready() because selectors load models, which needs the app registry.
        from audit import services as audit

        from .selectors import agency_of_user

        audit.register_agency_lookup(agency_of_user)
