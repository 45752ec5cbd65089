"""The yearly training and exam record of a body's officers, as a workbook for the annual
assessment (年度考核). It lists each officer's hours against the requirement and exam results; it
gives no points and no ranking (domain-rules §12): the assessment weighs it as it sees fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.registry.imports.base import _write_sheet
from fazhi.registry.models import EnforcementBody
from fazhi.training.selectors import YearRecord


def _num(value: Any) -> Any:
    return None if value is None else float(value)


def body_year_workbook(*, body: EnforcementBody, year: int, records: Sequence[YearRecord]) -> bytes:
    with translation.override("zh-hans"):
        header = [
            _("Learner's name"),
            _("Certificate number"),
            _("Status"),
            _("Certificate valid until"),
            _("Online class hours"),
            _("Online hours required"),
            _("Offline class hours"),
            _("Offline hours required"),
            _("Requirement met"),
            _("Central study group sessions attended"),
            _("Law exams (score)"),
        ]
        rows = []
        for r in records:
            officer = r.trainee.officer
            rows.append(
                [
                    r.trainee.name,
                    officer.certificate_no if officer else "",
                    str(officer.get_status_display()) if officer else "",
                    r.certificate.valid_until if r.certificate else None,
                    _num(r.online_hours),
                    r.required_online,
                    _num(r.offline_hours),
                    r.required_offline,
                    _("yes") if not r.behind else _("no"),
                    r.study_sessions,
                    "；".join(
                        f"{c.exam.day} {c.exam.title}: {c.score if c.score is not None else _('did not sit')}"
                        for c in r.exams
                    ),
                ]
            )
        title = _("%(year)d training") % {"year": year}
        return _write_sheet(f"{body.short_name or body.code} {title}"[:31], header, rows)
