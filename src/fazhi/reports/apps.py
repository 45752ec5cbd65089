from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "Reports"
