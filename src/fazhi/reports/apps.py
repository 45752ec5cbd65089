from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from fazhi.core.demo import after_demo
        from fazhi.reports import targets_demo

        after_demo(targets_demo.load)
