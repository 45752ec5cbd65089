from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "fazhi.training"
    label = "training"
    verbose_name = _("Training, law study and exams")
    default_auto_field = "django.db.models.BigAutoField"
