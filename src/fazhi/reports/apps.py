from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from fazhi.core.demo import after_demo
        from fazhi.reports import statistics_demo, targets_demo

        after_demo(targets_demo.load)
        after_demo(statistics_demo.load)  # last year's 行政执法统计年报 (reports/statistics_demo.py)
