from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = _("Enforcement supervision")

    def ready(self) -> None:
        from fazhi.inspections.signals import record_changed

        record_changed.connect(_on_record_changed, dispatch_uid="supervision.warnings")
        from fazhi.cases.signals import case_changed

        case_changed.connect(_on_case_changed, dispatch_uid="supervision.case_warnings")


def _on_record_changed(sender: Any, record_id: int, enterprise_id: int, **kwargs: Any) -> None:
    """Incremental evaluation after an inspection event commits. A failure here is logged and
    left to the daily scan: the officer's inspection is already saved and must not fail."""
    import logging

    from fazhi.supervision import engine

    try:
        engine.check_enterprise(enterprise_id)
    except Exception:
        logging.getLogger(__name__).exception("warning check failed for enterprise %s", enterprise_id)


def _on_case_changed(sender: Any, case_id: int, **kwargs: Any) -> None:
    """A case step committed: its deadlines again (the daily scan catches deadlines passing)."""
    import logging

    from fazhi.supervision import case_rules

    try:
        case_rules.check_case(case_id)
    except Exception:
        logging.getLogger(__name__).exception("warning check failed for case %s", case_id)
