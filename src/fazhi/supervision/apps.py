from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("Enforcement supervision")

    def ready(self) -> None:
        from fazhi.core import hooks
        from fazhi.supervision import tasks

        hooks.on("inspection.record_changed", tasks.check_enterprise)
        hooks.on("case.changed", tasks.check_case)
