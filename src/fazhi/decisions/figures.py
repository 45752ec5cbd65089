"""The decision figures of a region's year (docs/decisions.md says the same), each registered with
``core.figures.figure``; the annual report, the decisions page and the API read them.

A region's figures cover the decisions of the region and every region below it. A review counts
in the year of its date; a rate with nothing to divide by is ``NotKept`` with the reason, never 0."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.core.figures import NotKept, Value, figure, pct
from fazhi.decisions.models import Comment, DecisionStep, ExpertSession, LegalityReview, NormativeDocument

FIGURE_IDS = (
    "decisions.reviewed",
    "decisions.review_pass_rate",
    "decisions.opinions",
    "decisions.expert_sessions",
    "decisions.hearings",
    "decisions.comments_answered_on_time",
    "decisions.documents_filed_on_time",
)


def _area(region: Region, field: str = "decision__region") -> Q:
    return Q(**{f"{field}__path__startswith": region.path})


def _reviews(region: Region, year: int) -> QuerySet[LegalityReview]:
    return LegalityReview.objects.filter(_area(region), reviewed_on__year=year)


@figure(
    "decisions.reviewed",
    label=_("Major decisions given a legality review"),
    unit="项",
    counted=_("Decisions with at least one legality review dated in the year (a re-review counts once)."),
    source="decisions:list",
)
def reviewed(region: Region, year: int) -> Value:
    return _reviews(region, year).values("decision_id").distinct().count()


@figure(
    "decisions.review_pass_rate",
    label=_("Legality review pass rate"),
    unit="%",
    counted=_(
        "Decisions whose last review in the year passed (with or without changes) ÷ decisions reviewed in the year."
    ),
    source="decisions:list",
)
def review_pass_rate(region: Region, year: int) -> Value:
    last: dict[int, str] = {}
    for decision_id, result in (
        _reviews(region, year).order_by("reviewed_on", "pk").values_list("decision_id", "result")
    ):
        last[decision_id] = result
    if not last:
        return NotKept(str(_("No decision was reviewed here in the year.")))
    passed = sum(1 for r in last.values() if r != LegalityReview.Result.FAIL)
    return pct(passed, len(last))


def _comments(region: Region, year: int) -> QuerySet[Comment]:
    return Comment.objects.filter(_area(region), received_on__year=year, status=Comment.Status.PUBLISHED)


@figure(
    "decisions.opinions",
    label=_("Public opinions received on draft decisions"),
    unit="条",
    counted=_(
        "Comments received in the year and published (hidden abuse left out), from the public, enterprises and letters."
    ),
    source="decisions:list",
)
def opinions(region: Region, year: int) -> Value:
    return _comments(region, year).count()


@figure(
    "decisions.expert_sessions",
    label=_("Expert argumentation sessions"),
    unit="次",
    counted=_("Expert argumentation sessions held in the year."),
    source="decisions:list",
)
def expert_sessions(region: Region, year: int) -> Value:
    return ExpertSession.objects.filter(_area(region), held_on__year=year).count()


@figure(
    "decisions.hearings",
    label=_("Hearings on major decisions"),
    unit="次",
    counted=_("Hearings held in the year."),
    source="decisions:list",
)
def hearings(region: Region, year: int) -> Value:
    return DecisionStep.objects.filter(
        _area(region), kind=DecisionStep.Kind.HEARING, state=DecisionStep.State.DONE, done_on__year=year
    ).count()


@figure(
    "decisions.comments_answered_on_time",
    label=_("Public comments answered on time"),
    unit="%",
    counted=_(
        "Published comments of the year whose group was answered within FAZHI_DECISION_ANSWER_DAYS days "
        "after the comment period closed ÷ published comments of the year whose answer is due."
    ),
    source="decisions:list",
)
def comments_answered_on_time(region: Region, year: int) -> Value:
    from django.utils import timezone

    today = timezone.localdate()
    allowed = dt.timedelta(days=settings.FAZHI_DECISION_ANSWER_DAYS)
    due = _comments(region, year).filter(decision__comment_closes_on__lt=today - allowed)
    answered = Q(group__answered_on__isnull=False, group__answered_on__lte=F("decision__comment_closes_on") + allowed)
    c = due.aggregate(whole=Count("pk"), on_time=Count("pk", filter=answered))  # one query
    if not c["whole"]:
        return NotKept(str(_("No answer to a public comment fell due here in the year.")))
    return pct(c["on_time"], c["whole"])


@figure(
    "decisions.documents_filed_on_time",
    label=_("Normative documents filed on time"),
    unit="%",
    counted=_(
        "Documents published in the year filed by their filing deadline ÷ documents published in the year "
        "whose deadline has passed or that were filed."
    ),
    source="decisions:documents",
)
def documents_filed_on_time(region: Region, year: int) -> Value:
    from django.utils import timezone

    docs = NormativeDocument.objects.filter(_area(region, "region"), published_on__year=year)
    due = docs.filter(Q(filing_due__lt=timezone.localdate()) | Q(filed_on__isnull=False))
    c = due.aggregate(whole=Count("pk"), on_time=Count("pk", filter=Q(filed_on__lte=F("filing_due"))))
    if not c["whole"]:
        return NotKept(str(_("No normative document's filing fell due here in the year.")))
    return pct(c["on_time"], c["whole"])
