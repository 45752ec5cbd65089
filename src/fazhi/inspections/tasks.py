"""Background jobs of inspections."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.inspections.models import InspectionRecord


@task()
def send_result_email(record_id: int) -> None:
    """The result by email, where the enterprise gave an address (the portal has it already)."""
    record = InspectionRecord.objects.select_related("enterprise", "lead_body").filter(pk=record_id).first()
    if record is None or not record.enterprise.email:
        return
    body = render_to_string("inspections/result_email.txt", {"record": record})
    send_mail(
        _("Inspection result: %(enterprise)s, %(date)s") % {"enterprise": record.enterprise.name, "date": record.date},
        body,
        None,
        [record.enterprise.email],
    )
