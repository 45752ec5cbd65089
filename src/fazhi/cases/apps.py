from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        from fazhi.cases import tasks
        from fazhi.cases.services.publication import CORRECTED, DECIDED
        from fazhi.core import hooks

        hooks.on(DECIDED, tasks.decision_publish)
        hooks.on(CORRECTED, tasks.decision_withdraw)
