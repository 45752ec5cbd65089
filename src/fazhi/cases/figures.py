"""The enforcement-case figures of the annual report (issue 23), asked of the cases selectors as a
:class:`~fazhi.accounts.scopes.RegionReader` so they count exactly what the pages count."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.accounts.scopes import RegionReader
from fazhi.cases import selectors
from fazhi.cases.models import CaseReview
from fazhi.cases.selectors import case_list, guidance_list
from fazhi.core.figures import NotKept, Value, figure, pct


def _no_cases(region: Any) -> NotKept | None:
    if not case_list(user=RegionReader(region)).exists():
        return NotKept(str(_("No enforcement case has been recorded in this region.")))
    return None


@figure(
    "cases.waived_enterprises",
    label=_("Enterprises exempted from penalty (首违不罚/轻微免罚)"),
    unit=pgettext_lazy("unit", "enterprises"),
    counted=_("Distinct enterprises whose case was decided in the year with a waiver from the exemption lists."),
    source="cases:list",
)
def waived_enterprises(region: Any, year: int) -> Value:
    return _no_cases(region) or selectors.waived_enterprises(user=RegionReader(region), year=year)


@figure(
    "cases.remedies_from_irregular",
    label=_("Reconsiderations and lawsuits caused by irregular enforcement"),
    unit=_("cases"),
    counted=_(
        "Reconsiderations and lawsuits filed in the year whose result changed, revoked or found illegal the decision."
    ),
    source="cases:list",
)
def remedies_from_irregular(region: Any, year: int) -> Value:
    return _no_cases(region) or selectors.remedies_corrected(user=RegionReader(region), year=year)


def _review_rate(region: Any, year: int, field: str) -> Value:
    reviews = CaseReview.objects.filter(case__in=case_list(user=RegionReader(region)), year=year)
    agg = reviews.aggregate(n=Count("id"), ok=Count("id", filter=Q(**{field: True})))
    if not agg["n"]:
        return NotKept(str(_("No case file of this region was reviewed in the year.")))
    return pct(agg["ok"], agg["n"])


_REVIEWED = _("Of the case files reviewed in the year (案卷评查), the share that passed this part of the sheet.")


@figure("reviews.procedure_rate", label=_("Procedure compliance rate"), unit="%", counted=_REVIEWED)
def procedure_rate(region: Any, year: int) -> Value:
    return _review_rate(region, year, "procedure_ok")


@figure("reviews.document_rate", label=_("Document conformity rate"), unit="%", counted=_REVIEWED)
def document_rate(region: Any, year: int) -> Value:
    return _review_rate(region, year, "documents_ok")


@figure("reviews.evidence_rate", label=_("Evidence sufficiency rate"), unit="%", counted=_REVIEWED)
def evidence_rate(region: Any, year: int) -> Value:
    return _review_rate(region, year, "evidence_ok")


def _guidance(region: Any, year: int, key: str) -> Value:
    reader = RegionReader(region)
    if not guidance_list(user=reader).exists():
        return NotKept(str(_("No compliance-guidance visit has been recorded in this region.")))
    if key == "enterprises":
        return selectors.guidance_enterprises(user=reader, year=year)
    return selectors.guidance_totals(user=reader, year=year)[key]


@figure(
    "guidance.visits",
    label=_("Law-delivery and compliance-guidance visits (上门送法)"),
    unit=_("times"),
    counted=_("Visits recorded in the year."),
    source="cases:guidance",
)
def guidance_visits(region: Any, year: int) -> Value:
    return _guidance(region, year, "visits")


@figure(
    "guidance.enterprises",
    label=_("Enterprises given compliance guidance"),
    unit=pgettext_lazy("unit", "enterprises"),
    counted=_("Distinct enterprises visited in the year."),
    source="cases:guidance",
)
def guidance_enterprises(region: Any, year: int) -> Value:
    return _guidance(region, year, "enterprises")


@figure(
    "guidance.problems_solved",
    label=_("Problems solved in guidance visits"),
    unit=_("problems"),
    counted=_("Problems the visits of the year recorded as solved."),
    source="cases:guidance",
)
def guidance_problems_solved(region: Any, year: int) -> Value:
    return _guidance(region, year, "problems_solved")
