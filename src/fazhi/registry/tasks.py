"""Background jobs of the registry: they only call services (design.md, rule 1)."""

from __future__ import annotations

from django_tasks import task

from fazhi.registry import jobs


@task()
def import_job_run(job_id: int) -> None:
    jobs.import_job_run(job_id=job_id)
