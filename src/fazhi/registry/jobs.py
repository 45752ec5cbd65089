"""Import jobs started from a page: the upload is stored, the worker runs it, the page polls."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.registry.imports import IMPORTERS, run_import
from fazhi.registry.models import ImportJob

log = logging.getLogger(__name__)


def import_job_start(*, actor: Any, kind: str, upload: UploadedFile, partial: bool) -> ImportJob:
    require(actor, Perm.IMPORT)
    if kind not in IMPORTERS:
        raise ValidationError(
            _("Unknown import kind %(kind)s; use one of: %(kinds)s") % {"kind": kind, "kinds": ", ".join(IMPORTERS)}
        )
    require(actor, IMPORTERS[kind].perm)
    if upload.size and upload.size > settings.FAZHI_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Split it into several files.")
            % {"mb": settings.FAZHI_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    from fazhi.registry.tasks import import_job_run as task

    with transaction.atomic():
        job = ImportJob(kind=kind, partial=partial, original_name=upload.name or "upload.xlsx", created_by=actor)
        job.file.save(f"{kind}.xlsx", upload, save=False)
        job.save()
        ledger_append(
            actor=actor_of(actor),
            verb="import_job.start",
            target=job,
            payload={"kind": kind, "partial": partial, "file": job.original_name},
        )
        transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a queued job once (a second delivery of the same job does nothing)."""
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.RUNNING
        )
    if not updated:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as fh:
            report = run_import(actor=job.created_by, kind=job.kind, fh=fh, partial=job.partial)
    except Exception:
        log.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            summary={"errors": [_("The import failed unexpectedly; nothing was written. Tell the administrator.")]},
        )
        return
    job.summary = report.summary()
    job.status = ImportJob.Status.DONE if report.written else ImportJob.Status.REJECTED
    if report.error_workbook:
        job.error_file.save(f"{job.kind}-errors.xlsx", ContentFile(report.error_workbook), save=False)
    job.save(update_fields=["summary", "status", "error_file", "updated_at"])
