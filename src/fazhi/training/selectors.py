"""Scoped reads of the training records: the only place they are filtered by scope.

The legal office and the county see the records of their area; an inspector or body head sees
their own body's officers; enterprises and administrators see none."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import NO_SCOPE, Scope, scope_of
from fazhi.core.clock import today
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.registry import selectors as registry
from fazhi.registry.models import EnforcementBody, Officer
from fazhi.training.models import (
    Attendance,
    Certificate,
    LawExam,
    LawExamCandidate,
    LawReport,
    OnlineHours,
    QualificationExam,
    QualificationResult,
    Session,
    Trainee,
)
from fazhi.training.services.common import pass_mark

ZERO = Decimal("0")


def _scope(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.TRAINING_VIEW):
        return NO_SCOPE
    return scope_of(user)


def _in_area(qs: QuerySet[Any], user: Any, field: str = "region") -> QuerySet[Any]:
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return qs.none()
    return qs.filter(registry.in_subtree(scope.region_path, field))


def _year(qs: QuerySet[Any], year: int | None, field: str = "day") -> QuerySet[Any]:
    return qs.filter(**{f"{field}__year": year}) if year else qs


# --- people ---------------------------------------------------------------------------------------


def trainee_list(*, user: Any, q: str = "", category: str = "", region_id: int | None = None) -> QuerySet[Trainee]:
    qs = Trainee.objects.select_related("region", "officer", "officer__body")
    scope = _scope(user)
    qs = qs.filter(officer__in=registry.officer_list(user=user)) if scope.body_bound else _in_area(qs, user)
    qs = filter_if(qs, category=category, region_id=region_id)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(officer__certificate_no__istartswith=q))
    return qs


def trainee_get(*, user: Any, pk: int) -> Trainee:
    return get_or_not_found(trainee_list(user=user), pk=pk)


def officers_without_record(*, user: Any) -> QuerySet[Officer]:
    """Officers of the register in scope who have no training record yet (added on first use)."""
    if not _scope(user).region_path:
        return Officer.objects.none()
    return registry.officer_list(user=user).filter(trainee__isnull=True)


# --- sessions -------------------------------------------------------------------------------------


def session_list(*, user: Any, year: int | None = None, kind: str = "", mode: str = "") -> QuerySet[Session]:
    qs = _in_area(Session.objects.select_related("region"), user)
    qs = filter_if(_year(qs, year), kind=kind, mode=mode)
    return qs.annotate(people=Count("attendance"))


def session_get(*, user: Any, pk: int) -> Session:
    return get_or_not_found(session_list(user=user), pk=pk)


def session_attendees(*, session: Session) -> QuerySet[Trainee]:
    """Who attended ``session`` (already read through :func:`session_get`)."""
    return Trainee.objects.filter(attendance__session=session).select_related("region")


def attendance_candidates(*, user: Any, session: Session) -> QuerySet[Trainee]:
    """The people who may be ticked on a session: those in scope in the session's area."""
    return trainee_list(user=user).filter(registry.in_subtree(session.region.path))


# --- exams ----------------------------------------------------------------------------------------


def law_exam_list(*, user: Any, year: int | None = None) -> QuerySet[LawExam]:
    qs = _year(_in_area(LawExam.objects.select_related("region"), user), year)
    return qs.annotate(must_sit=Count("candidates"), sat=Count("candidates", filter=Q(candidates__score__isnull=False)))


def law_exam_get(*, user: Any, pk: int) -> LawExam:
    return get_or_not_found(law_exam_list(user=user), pk=pk)


def law_exam_candidates(*, exam: LawExam) -> QuerySet[LawExamCandidate]:
    return LawExamCandidate.objects.filter(exam=exam).select_related("trainee")


def qualification_exam_list(*, user: Any, year: int | None = None) -> QuerySet[QualificationExam]:
    """The county's exams are seen from the townships too (their officers sit them)."""
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return QualificationExam.objects.none()
    qs = QualificationExam.objects.select_related("region")
    paths = _ancestor_paths(scope.region_path)
    qs = qs.filter(registry.in_subtree(scope.region_path) | Q(region__path__in=paths))
    return _year(qs, year).annotate(sat=Count("results"), passed_count=Count("results", filter=Q(results__passed=True)))


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def qualification_exam_get(*, user: Any, pk: int) -> QualificationExam:
    return get_or_not_found(qualification_exam_list(user=user), pk=pk)


def qualification_results(*, user: Any, exam: QualificationExam) -> QuerySet[QualificationResult]:
    """The results of the officers the user sees."""
    return (
        QualificationResult.objects.filter(exam=exam, officer__in=registry.officer_list(user=user))
        .select_related("officer", "officer__body")
        .prefetch_related("certificates")
    )


def qualification_result_get(*, user: Any, pk: int) -> QualificationResult:
    qs = QualificationResult.objects.filter(
        officer__in=registry.officer_list(user=user), exam__in=qualification_exam_list(user=user)
    ).select_related("officer", "officer__body", "exam")
    return get_or_not_found(qs, pk=pk)


def certificate_list(*, user: Any, status: str = "") -> QuerySet[Certificate]:
    if not _scope(user).region_path:
        return Certificate.objects.none()
    qs = Certificate.objects.filter(officer__in=registry.officer_list(user=user)).select_related(
        "officer", "officer__body"
    )
    return filter_if(qs, status=status)


def certificate_get(*, user: Any, pk: int) -> Certificate:
    return get_or_not_found(certificate_list(user=user), pk=pk)


def certificates_expiring(*, user: Any, day: dt.date | None = None) -> QuerySet[Certificate]:
    """Valid certificates that lapse within the notice period (default 60 days), soonest first."""
    day = day or today()
    until = day + dt.timedelta(days=settings.FAZHI_TRAINING_CERTIFICATE_NOTICE_DAYS)
    return (
        certificate_list(user=user, status=Certificate.Status.VALID)
        .filter(valid_until__lte=until)
        .order_by("valid_until", "officer__name")
    )


def law_report_list(*, user: Any, year: int | None = None) -> QuerySet[LawReport]:
    qs = _in_area(LawReport.objects.select_related("trainee", "region"), user)
    return filter_if(qs, year=year).prefetch_related("documents")


# --- a person's year ------------------------------------------------------------------------------


@dataclass
class YearRecord:
    """A person's training year: hours against the requirement, study, exams, certificate,
    and what to remind them of. Hours, not time online; no ranking, no points (§12)."""

    trainee: Trainee
    year: int
    online_hours: Decimal = ZERO
    offline_hours: Decimal = ZERO
    study_sessions: int = 0
    required_online: int | None = None
    required_offline: int | None = None
    exams: list[LawExamCandidate] = field(default_factory=list)
    certificate: Certificate | None = None
    reminders: list[str] = field(default_factory=list)

    @property
    def online_missing(self) -> Decimal:
        return max(ZERO, Decimal(self.required_online or 0) - self.online_hours)

    @property
    def offline_missing(self) -> Decimal:
        return max(ZERO, Decimal(self.required_offline or 0) - self.offline_hours)

    @property
    def behind(self) -> bool:
        return bool(self.online_missing or self.offline_missing)

    def percent(self, done: Decimal, required: int | None) -> int:
        if not required:
            return 100
        return min(100, int(done * 100 / required))

    @property
    def online_percent(self) -> int:
        return self.percent(self.online_hours, self.required_online)

    @property
    def offline_percent(self) -> int:
        return self.percent(self.offline_hours, self.required_offline)


def _totals(ids: Iterable[int], year: int) -> dict[int, dict[str, Any]]:
    ids = list(ids)
    out: dict[int, dict[str, Any]] = defaultdict(lambda: {"online": ZERO, "offline": ZERO, "study": 0})
    for row in OnlineHours.objects.filter(trainee_id__in=ids, year=year).values("trainee_id").annotate(h=Sum("hours")):
        out[row["trainee_id"]]["online"] += row["h"] or ZERO
    sessions = (
        Attendance.objects.filter(trainee_id__in=ids, session__day__year=year)
        .values("trainee_id", "session__kind", "session__mode")
        .annotate(h=Sum("session__hours"), n=Count("id"))
    )
    for row in sessions:
        slot = out[row["trainee_id"]]
        if row["session__kind"] == Session.Kind.STUDY_GROUP:
            slot["study"] += row["n"]
        elif row["session__mode"] == Session.Mode.ONLINE:
            slot["online"] += row["h"] or ZERO
        else:
            slot["offline"] += row["h"] or ZERO
    return out


def _record(trainee: Trainee, year: int, totals: dict[str, Any], day: dt.date) -> YearRecord:
    from django.utils.translation import gettext as _

    need = settings.FAZHI_TRAINING_REQUIREMENTS.get(trainee.category) or {}
    rec = YearRecord(
        trainee=trainee,
        year=year,
        online_hours=totals["online"],
        offline_hours=totals["offline"],
        study_sessions=totals["study"],
        required_online=need.get("online"),
        required_offline=need.get("offline"),
    )
    if year == day.year and day.month >= settings.FAZHI_TRAINING_REMINDER_MONTH:
        if rec.online_missing:
            rec.reminders.append(
                _("%(n)s online class hours still to complete this year.") % {"n": _num(rec.online_missing)}
            )
        if rec.offline_missing:
            rec.reminders.append(
                _("%(n)s offline class hours still to complete this year.") % {"n": _num(rec.offline_missing)}
            )
    return rec


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def year_record(*, user: Any, trainee: Trainee, year: int) -> YearRecord:
    """``trainee`` already read through :func:`trainee_get`."""
    from django.utils.translation import gettext as _

    day = today()
    rec = _record(trainee, year, _totals([trainee.pk], year)[trainee.pk], day)
    rec.exams = list(LawExamCandidate.objects.filter(trainee=trainee, exam__day__year=year).select_related("exam"))
    for c in rec.exams:
        c.passed = c.score is not None and c.score >= pass_mark(c.exam.max_score)  # type: ignore[attr-defined]
        if c.score is None and c.exam.day >= day:
            rec.reminders.append(_("Law exam on %(day)s: %(title)s.") % {"day": c.exam.day, "title": c.exam.title})
    if trainee.officer_id:
        rec.certificate = (
            Certificate.objects.filter(officer_id=trainee.officer_id, status=Certificate.Status.VALID)
            .order_by("-valid_until")
            .first()
        )
        notice = day + dt.timedelta(days=settings.FAZHI_TRAINING_CERTIFICATE_NOTICE_DAYS)
        if rec.certificate is not None and rec.certificate.valid_until <= notice:
            rec.reminders.append(
                _("The enforcement certificate expires on %(day)s: apply for renewal.")
                % {"day": rec.certificate.valid_until}
            )
    return rec


def year_records(*, user: Any, year: int, trainees: QuerySet[Trainee] | None = None) -> list[YearRecord]:
    """Every person in scope with a yearly requirement (by name: never a ranking)."""
    people = list(trainees if trainees is not None else trainee_list(user=user))
    people = [t for t in people if t.category in settings.FAZHI_TRAINING_REQUIREMENTS]
    totals = _totals([t.pk for t in people], year)
    day = today()
    return [_record(t, year, totals[t.pk], day) for t in people]


def reminders(*, user: Any, year: int) -> list[YearRecord]:
    """People still short of their yearly hours (shown to the legal office before year end)."""
    return [r for r in year_records(user=user, year=year) if r.behind]


def body_officer_records(*, user: Any, body: EnforcementBody, year: int) -> list[YearRecord]:
    """The officers of ``body`` (read through the registry's selectors) with their year, for the
    annual assessment workbook."""
    people = trainee_list(user=user).filter(officer__body=body)
    records = year_records(user=user, year=year, trainees=people)
    exams = defaultdict(list)
    for c in LawExamCandidate.objects.filter(trainee__in=people, exam__day__year=year).select_related("exam"):
        exams[c.trainee_id].append(c)
    certs = {
        c.officer_id: c
        for c in Certificate.objects.filter(officer__body=body, status=Certificate.Status.VALID).order_by("valid_until")
    }
    for r in records:
        r.exams = exams.get(r.trainee.pk, [])
        r.certificate = certs.get(r.trainee.officer_id) if r.trainee.officer_id else None
    return records


# --- figures and bodies ---------------------------------------------------------------------------


def scope_region(*, user: Any) -> Region | None:
    """The region the user's figures are about: their own area."""
    scope = _scope(user)
    if scope.region_path is None or scope.enterprise_only:
        return None
    return Region.objects.filter(path=scope.region_path).first()


def figures_of(*, user: Any, year: int) -> list[tuple[Any, Any]]:
    """The training figures of the user's area for ``year`` (figure, value)."""
    from fazhi.training.figures import figures_for

    region = scope_region(user=user)
    return figures_for(region, year) if region is not None else []


def body_list(*, user: Any) -> QuerySet[EnforcementBody]:
    """Bodies whose workbook the user may export: those whose officers they see."""
    return registry.body_list(user=user).filter(officers__in=registry.officer_list(user=user)).distinct()


def body_get(*, user: Any, pk: int) -> EnforcementBody:
    return get_or_not_found(body_list(user=user), pk=pk)
