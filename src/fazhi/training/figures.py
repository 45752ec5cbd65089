"""The training figures of a region's year, each a selector ``(region, year) -> number`` under a
stable id, with its label, unit and counting rule (docs/training.md says the same). The annual
report, the dashboards and the API read these; pages never count for themselves.

A region's figures cover the records of the region and every region below it. Rates are percents
with one decimal, or None when nobody had to sit (a rate of nothing is not 0 %)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Round
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.figures import adopt
from fazhi.registry.models import Officer
from fazhi.training.models import Attendance, LawExam, LawExamCandidate, QualificationResult, Session

Number = int | Decimal | None


def _area(region: Region, field: str = "region") -> Q:
    return Q(**{f"{field}__path__startswith": region.path})


def _sessions(region: Region, year: int, kind: str, mode: str | None = None) -> QuerySet[Session]:
    qs = Session.objects.filter(_area(region), day__year=year, kind=kind)
    return qs.filter(mode=mode) if mode else qs


def study_sessions(region: Region, year: int) -> int:
    return _sessions(region, year, Session.Kind.STUDY_GROUP).count()


def study_attendance(region: Region, year: int) -> int:
    return Attendance.objects.filter(session__in=_sessions(region, year, Session.Kind.STUDY_GROUP)).count()


def _officers(region: Region) -> QuerySet[Officer]:
    return Officer.objects.filter(_area(region, "body__region"))


def officers_total(region: Region, year: int) -> int:
    return _officers(region).count()


def officers_active(region: Region, year: int) -> int:
    return _officers(region).filter(status=Officer.Status.ACTIVE).count()


def officers_pre_service(region: Region, year: int) -> int:
    return _officers(region).filter(status=Officer.Status.PRE_SERVICE).count()


def officers_qualification_passed(region: Region, year: int) -> int:
    return (
        QualificationResult.objects.filter(_area(region, "officer__body__region"), exam__day__year=year, passed=True)
        .values("officer_id")
        .distinct()
        .count()
    )


def _hours(qs: QuerySet[Session]) -> Decimal:
    return qs.aggregate(h=Sum("hours"))["h"] or Decimal("0")


def training_online_hours(region: Region, year: int) -> Decimal:
    return _hours(_sessions(region, year, Session.Kind.TRAINING, Session.Mode.ONLINE))


def training_offline_hours(region: Region, year: int) -> Decimal:
    return _hours(_sessions(region, year, Session.Kind.TRAINING, Session.Mode.OFFLINE))


def training_sessions(region: Region, year: int) -> int:
    return _sessions(region, year, Session.Kind.TRAINING, Session.Mode.OFFLINE).count()


def training_attendance(region: Region, year: int) -> int:
    sessions = _sessions(region, year, Session.Kind.TRAINING, Session.Mode.OFFLINE)
    return Attendance.objects.filter(session__in=sessions).count()


def _exams(region: Region, year: int) -> QuerySet[LawExam]:
    return LawExam.objects.filter(_area(region), day__year=year)


def exams_sittings(region: Region, year: int) -> int:
    return _exams(region, year).count()


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def exams_participation_rate(region: Region, year: int) -> Decimal | None:
    candidates = LawExamCandidate.objects.filter(exam__in=_exams(region, year))
    return _rate(candidates.filter(score__isnull=False).count(), candidates.count())


def exams_excellence_rate(region: Region, year: int) -> Decimal | None:
    """Of those who sat: scored at least the excellence mark (90 of 100, scaled to the exam's maximum)."""
    # score × 100 >= mark × the exam's maximum, counted in the database (one query, no row loaded). A
    # score has one decimal, so round(score × 10) × 10 is score × 100 exactly whatever the backend's
    # decimals (SQLite keeps them as floating point), compared with an integer.
    sat = LawExamCandidate.objects.filter(exam__in=_exams(region, year), score__isnull=False)
    c = sat.aggregate(
        n=Count("pk"),
        excellent=Count(
            "pk",
            filter=GreaterThanOrEqual(
                Round(F("score") * 10) * 10, F("exam__max_score") * settings.FAZHI_EXAM_EXCELLENT_SCORE
            ),
        ),
    )
    return _rate(c["excellent"], c["n"])


@dataclass(frozen=True)
class Figure:
    id: str
    label: Any
    unit: Any
    counted: Any
    function: Callable[[Region, int], Number]
    do_not_call_in_templates: ClassVar[bool] = True  # templates read its label, not its value

    def __call__(self, region: Region, year: int) -> Number:
        return self.function(region, year)


_PERSON_TIMES = _("person-times")
_HOURS = _("class hours")

FIGURES: dict[str, Figure] = {
    f.id: f
    for f in (
        Figure(
            "study.sessions",
            _("Central study group sessions"),
            _("sessions"),
            _("Central study group meetings held in the year in the region and below."),
            study_sessions,
        ),
        Figure(
            "study.attendance",
            _("Central study group attendance"),
            _PERSON_TIMES,
            _("Attendance records of those meetings: one person at one meeting counts once."),
            study_attendance,
        ),
        Figure(
            "officers.total",
            _("Enforcement officers"),
            _("people"),
            _("Officers in the register of the bodies of the region and below, as the register stands."),
            officers_total,
        ),
        Figure(
            "officers.active",
            _("Active officers"),
            _("people"),
            _("Of those, active (在岗): holding a certificate issued on a passed qualification exam."),
            officers_active,
        ),
        Figure(
            "officers.pre_service",
            _("Pre-service officers"),
            _("people"),
            _("Of those, pre-service (岗前): not yet qualified."),
            officers_pre_service,
        ),
        Figure(
            "officers.qualification_passed",
            _("Officers who passed the qualification exam"),
            _("people"),
            _("Officers of the region who passed a qualification exam held in the year (each counted once)."),
            officers_qualification_passed,
        ),
        Figure(
            "training.online_hours",
            _("Online training offered"),
            _HOURS,
            _("Class hours of the online courses offered in the year (the programme, not one person's hours)."),
            training_online_hours,
        ),
        Figure(
            "training.offline_hours",
            _("Offline training offered"),
            _HOURS,
            _("Class hours of the offline training sessions held in the year."),
            training_offline_hours,
        ),
        Figure(
            "training.sessions",
            _("Training sessions"),
            _("sessions"),
            _("Offline training sessions held in the year (central study group meetings not included)."),
            training_sessions,
        ),
        Figure(
            "training.attendance",
            _("Training attendance"),
            _PERSON_TIMES,
            _("Attendance records of those sessions: one person at one session counts once."),
            training_attendance,
        ),
        Figure(
            "exams.sittings",
            _("Law exam sittings"),
            _("sittings"),
            _("Officials' law exams held in the year."),
            exams_sittings,
        ),
        Figure(
            "exams.participation_rate",
            _("Law exam participation rate"),
            "%",
            _("Of the people who had to sit those exams (one per person and sitting), the share who sat."),
            exams_participation_rate,
        ),
        Figure(
            "exams.excellence_rate",
            _("Law exam excellence rate"),
            "%",
            _("Of those who sat, the share who scored at least the excellence mark (90 of 100 by default)."),
            exams_excellence_rate,
        ),
    )
}


def figures_for(region: Region, year: int) -> list[tuple[Figure, Number]]:
    return [(f, f(region, year)) for f in FIGURES.values()]


# The reports registry (fazhi.core.figures) reads the same table; a rate with nothing to divide by is
# listed as missing with this reason, never shown as a number.
adopt(
    FIGURES,
    compute="function",
    none_why=_("Nobody had to sit a law exam here in the year."),
    source="training:home",
)
