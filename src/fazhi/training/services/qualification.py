"""The county's qualification training and exam, and the certificates that follow from it.

The officer's register entry (status, certificate number, valid-until) is written here, from the
record: a pre-service officer becomes active only when a certificate is issued on a passed result;
a revoked certificate suspends the officer. ``Officer.may_inspect_on`` stays the one rule for who
may inspect, schedule and check in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_own_body
from fazhi.core.clock import today
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NAME, refuse, text_limits
from fazhi.registry.models import Officer
from fazhi.registry.services import officer_qualification_follow
from fazhi.training.models import Certificate, QualificationExam, QualificationResult
from fazhi.training.services.common import hours_error, pass_mark, require_manage, score_error


@text_limits(title=(_("Title"), NAME))
def qualification_exam_create(
    *, actor: Any, region: Region, title: str, day: dt.date | None, training_hours: Any = 0, max_score: int = 100
) -> QualificationExam:
    require_manage(actor, region)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the exam a title.")
    if day is None:
        errors["day"] = _("Give the date of the exam.")
    hours = None
    if training_hours not in (None, "", 0, "0"):
        hours, message = hours_error(training_hours)
        if message:
            errors["training_hours"] = message
    if not isinstance(max_score, int) or not 1 <= max_score <= 1000:
        errors["max_score"] = _("The maximum score is a whole number from 1 to 1000.")
    refuse(errors)
    if day is None:  # an invariant, kept under python -O
        raise RuntimeError("day missing")
    with transaction.atomic():
        exam = QualificationExam.objects.create(
            region=region, title=title, day=day, training_hours=hours or 0, max_score=max_score
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.qualification_exam_create",
            target=exam,
            payload={"day": str(day), "region": region.code, "max_score": max_score},
        )
    return exam


def _require_officer(actor: Any, officer: Officer) -> None:
    require(actor, Perm.TRAINING_MANAGE)
    require_own_body(actor, officer.body, others="area")


def qualification_result_record(
    *, actor: Any, exam: QualificationExam, officer: Officer, general_score: Any, special_score: Any
) -> QualificationResult:
    """An officer's result: passed when both parts reach the pass mark."""
    require_manage(actor, exam.region)
    _require_officer(actor, officer)
    errors: dict[str, str] = {}
    general, message = score_error(general_score, exam.max_score)
    if message:
        errors["general_score"] = message
    special, message = score_error(special_score, exam.max_score)
    if message:
        errors["special_score"] = message
    if QualificationResult.objects.filter(exam=exam, officer=officer).exists():
        errors["officer"] = _("%(name)s already has a result in this exam.") % {"name": officer.name}
    refuse(errors)
    if general is None or special is None:  # an invariant, kept under python -O
        raise RuntimeError("scores are missing")
    mark = pass_mark(exam.max_score)
    with transaction.atomic():
        result = QualificationResult.objects.create(
            exam=exam,
            officer=officer,
            general_score=general,
            special_score=special,
            passed=general >= mark and special >= mark,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.qualification_result",
            target=result,
            payload={
                "officer": officer.certificate_no,
                "general": str(general),
                "special": str(special),
                "passed": result.passed,
            },
        )
    return result


def _register_follow(actor: Any, officer: Officer, fields: dict[str, Any]) -> None:
    """The register follows the record, through the registry's one writer of status and validity."""
    officer_qualification_follow(
        actor=actor,
        officer=officer,
        status=fields.get("status", officer.status),
        valid_until=fields.get("valid_until", officer.valid_until),
        certificate_no=fields.get("certificate_no", ""),
    )


def _default_until(issued: dt.date) -> dt.date:
    years = settings.FAZHI_TRAINING_CERTIFICATE_YEARS
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + years, day=28)


def certificate_issue(
    *,
    actor: Any,
    result: QualificationResult,
    issued_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    number: str = "",
) -> Certificate:
    """Issue the certificate on a passed result; the officer becomes active (在岗)."""
    officer = result.officer
    _require_officer(actor, officer)
    issued_on = issued_on or today()
    valid_until = valid_until or _default_until(issued_on)
    number = (number or officer.certificate_no).strip().upper()
    errors: dict[str, str] = {}
    if not result.passed:
        errors["result"] = _("%(name)s has not passed the qualification exam; a certificate needs a pass.") % {
            "name": officer.name
        }
    if valid_until <= issued_on:
        errors["valid_until"] = _("The valid-until date must come after the issue date.")
    if Certificate.objects.filter(officer=officer, status=Certificate.Status.VALID).exists():
        errors["officer"] = _("%(name)s already holds a valid certificate; renew it instead.") % {"name": officer.name}
    if not number or len(number) > 40:
        errors["number"] = _("The certificate number is required (at most 40 characters).")
    elif Officer.objects.filter(certificate_no=number).exclude(pk=officer.pk).exists():
        errors["number"] = _("Certificate number %(no)s is already registered.") % {"no": number}
    refuse(errors)
    with transaction.atomic():
        cert = Certificate.objects.create(
            officer=officer, result=result, number=number, issued_on=issued_on, valid_until=valid_until
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.certificate_issue",
            target=cert,
            payload={"officer": officer.pk, "issued_on": str(issued_on), "valid_until": str(valid_until)},
        )
        _register_follow(
            actor,
            officer,
            {"status": Officer.Status.ACTIVE, "valid_until": valid_until, "certificate_no": number},
        )
    return cert


def certificate_renew(*, actor: Any, certificate: Certificate, valid_until: dt.date | None) -> Certificate:
    """A new validity period for a valid certificate (after the refresher training)."""
    officer = certificate.officer
    _require_officer(actor, officer)
    if certificate.status != Certificate.Status.VALID:
        raise ValidationError(
            _("Only a valid certificate can be renewed; a revoked one needs a new qualification exam."),
            details={"certificate": "not_valid"},
        )
    if valid_until is None or valid_until <= certificate.valid_until:
        raise ValidationError(
            _("The new valid-until date must come after %(day)s.") % {"day": certificate.valid_until},
            details={"valid_until": "too_early"},
        )
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUPERSEDED)
        certificate.status = Certificate.Status.SUPERSEDED
        renewed = Certificate.objects.create(
            officer=officer,
            result=certificate.result,
            number=certificate.number,
            issued_on=today(),
            valid_until=valid_until,
        )
        ledger_append(
            actor=actor_of(actor),
            verb="training.certificate_renew",
            target=renewed,
            payload={"previous": certificate.pk, "valid_until": str(valid_until)},
        )
        _register_follow(actor, officer, {"valid_until": valid_until})
    return renewed


@text_limits(reason=(_("Reason"), LINE))
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke: the officer is suspended and may no longer inspect."""
    officer = certificate.officer
    _require_officer(actor, officer)
    errors: dict[str, str] = {}
    if certificate.status != Certificate.Status.VALID:
        errors["certificate"] = _("This certificate is not valid; there is nothing to revoke.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for revoking the certificate.")
    refuse(errors)
    with transaction.atomic():
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_on = today()
        certificate.reason = reason.strip()
        certificate.save(update_fields=["status", "revoked_on", "reason", "updated_at"])
        ledger_append(
            actor=actor_of(actor),
            verb="training.certificate_revoke",
            target=certificate,
            payload={"officer": officer.pk, "reason": certificate.reason},
        )
        _register_follow(actor, officer, {"status": Officer.Status.SUSPENDED})
    return certificate
