"""Scoped reads of cases and the figures the annual report takes from them.

A body's officers and head see the body's cases; township and county roles those of their
area; reviewers (legal office, county supervisor) those of their area too. Every count here is
a figure of the report (``case_figures``, ``review_rates``, ``guidance_figures``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import scope_of
from fazhi.cases.models import (
    Case,
    CaseDocument,
    CaseEvidence,
    CaseReview,
    CaseStep,
    DecisionPublication,
    DiscretionBenchmark,
    DocumentTemplate,
    GuidanceVisit,
    Preservation,
    Remedy,
    ReviewItem,
    Violation,
    Waiver,
)
from fazhi.core.lookups import M, filter_if, get_or_not_found
from fazhi.registry.models import Officer
from fazhi.registry.selectors import body_or_area

OPEN = [s for s in Case.Status.values if s not in {Case.Status.CLOSED, Case.Status.DROPPED}]


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.CASE_VIEW):
        return qs.none()
    return body_or_area(qs, user)


def case_list(
    *,
    user: Any,
    q: str = "",
    status: str = "",
    body_id: int | None = None,
    overdue: bool | None = None,
) -> QuerySet[Case]:
    """Newest first; the page shows body, party, violation, status and the next deadline."""
    qs = _scoped(Case.objects.select_related("body", "violation"), user)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(party_name__icontains=q))
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    qs = filter_if(qs, body_id=body_id or None)
    if overdue:
        today = timezone.localdate()
        qs = qs.filter(
            Q(
                status__in=[Case.Status.FILED, Case.Status.PROPOSED, Case.Status.NOTIFIED, Case.Status.HEARING],
                decision_due__lt=today,
            )
            | Q(status=Case.Status.DECIDED, service_due__lt=today)
        )
    return qs.order_by("-pk")


def cases_for_head(*, user: Any) -> list[tuple[Case, str]]:
    """Cases of the head's body waiting for the head: a case source to file (立案) and a case that
    can be decided now (nothing blocks the decision), each with what is to be done."""
    from django.utils.translation import gettext as _

    from fazhi.cases.services.decision import decision_blockers

    if not getattr(user, "is_authenticated", False) or not user.can(Perm.CASE_APPROVE):
        return []
    today = timezone.localdate()
    out: list[tuple[Case, str]] = []
    qs = case_list(user=user).filter(
        status__in=[Case.Status.REGISTERED, Case.Status.PROPOSED, Case.Status.NOTIFIED, Case.Status.HEARING]
    )
    for case in qs.order_by("pk"):
        if case.status == Case.Status.REGISTERED:
            out.append((case, _("to file or not (立案)")))
        elif not decision_blockers(case, today):
            out.append((case, _("to decide")))
    return out


def cases_for_head_count(*, user: Any) -> int:
    """The home page's total for :func:`cases_for_head`."""
    return len(cases_for_head(user=user))


def legal_reviews_waiting(*, user: Any) -> QuerySet[Case]:
    """Cases that need the legal office's review (法制审核, art. 58) before the decision and have
    not passed it yet: proposed, notified or heard; oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.LEGAL_REVIEW):
        return Case.objects.none()
    return (
        case_list(user=user)
        .filter(
            status__in=[Case.Status.PROPOSED, Case.Status.NOTIFIED, Case.Status.HEARING], legal_review_required=True
        )
        .exclude(legal_review_passed=True)
        .order_by("pk")
    )


def legal_reviews_waiting_count(*, user: Any) -> int:
    return legal_reviews_waiting(user=user).count()


def files_to_review(*, user: Any) -> QuerySet[Case]:
    """Closed case files not yet reviewed (案卷评查), this year's and last year's, oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.CASE_FILE_REVIEW):
        return Case.objects.none()
    year = timezone.localdate().year
    return (
        case_list(user=user, status=Case.Status.CLOSED)
        .filter(closed_on__year__gte=year - 1, review__isnull=True)
        .order_by("closed_on", "pk")
    )


def files_to_review_count(*, user: Any) -> int:
    return files_to_review(user=user).count()


def case_get(*, user: Any, pk: int) -> Case:
    """One case with everything its page shows, in a fixed number of queries."""
    qs = (
        case_list(user=user)
        .select_related("region", "enterprise", "waiver", "source_record", "decided_by", "review")
        .prefetch_related(
            Prefetch("officers", queryset=Officer.objects.order_by("name")),
            Prefetch("steps", queryset=CaseStep.objects.select_related("created_by").prefetch_related("officers")),
            Prefetch("evidence", queryset=CaseEvidence.objects.order_by("uploaded_at", "pk")),
            Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "pk")),
            Prefetch("preservations", queryset=Preservation.objects.order_by("registered_on", "pk")),
            Prefetch("remedies", queryset=Remedy.objects.order_by("-filed_on")),
            "extensions",
            "guidance",
        )
    )
    return get_or_not_found(qs, pk=pk)


def _of_cases(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """Records that belong to a case: those of the cases the user sees."""
    return qs.filter(case__in=case_list(user=user))


def document_get(*, user: Any, pk: int) -> CaseDocument:
    return get_or_not_found(_of_cases(CaseDocument.objects.select_related("case"), user), pk=pk)


def evidence_get(*, user: Any, pk: int) -> CaseEvidence:
    return get_or_not_found(_of_cases(CaseEvidence.objects.exclude(file=""), user), pk=pk)


def remedy_get(*, user: Any, pk: int) -> Remedy:
    return get_or_not_found(_of_cases(Remedy.objects.select_related("case__body"), user), pk=pk)


def preservation_get(*, user: Any, pk: int) -> Preservation:
    return get_or_not_found(_of_cases(Preservation.objects.select_related("case__body"), user), pk=pk)


# --- catalogue (public rules: every role that handles cases reads them) ---------------------------


def violation_list(*, user: Any, body_id: int | None = None) -> QuerySet[Violation]:
    qs = Violation.objects.select_related("body").filter(active=True)
    if not getattr(user, "is_authenticated", False) or not (user.can(Perm.CASE_VIEW) or user.can(Perm.CASE_RULES_EDIT)):
        return qs.none()
    scope = scope_of(user)
    if scope.body_bound:
        qs = qs.filter(body__org_unit_id=scope.org_unit_id)
    return filter_if(qs, body_id=body_id or None).order_by("body__name", "code")


def violation_choice(*, user: Any, pk: int | None, body_id: int | None = None) -> Violation | None:
    """The violation a form chose from the user's catalogue (of ``body_id``), or None: a form
    says "choose one" rather than "not found"."""
    return violation_list(user=user, body_id=body_id).filter(pk=pk).first() if pk else None


def catalogue(*, user: Any) -> list[Violation]:
    """Violations with their benchmarks and waiver entries (the rules page)."""
    return list(
        violation_list(user=user).prefetch_related(
            Prefetch("benchmarks", queryset=DiscretionBenchmark.objects.order_by("circumstance")),
            Prefetch("waivers", queryset=Waiver.objects.order_by("kind")),
        )
    )


def waiver_get(*, user: Any, pk: int) -> Waiver:
    return get_or_not_found(Waiver.objects.filter(violation__in=violation_list(user=user)), pk=pk)


def templates_active() -> dict[str, DocumentTemplate]:
    return {t.kind: t for t in DocumentTemplate.objects.filter(active=True).order_by("pk")}


def review_items() -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(active=True).order_by("section", "seq"))


def review_sheet() -> list[ReviewItem]:
    """The whole review sheet, retired lines included, veto lines first (county-wide data)."""
    order: dict[str, int] = {
        ReviewItem.Section.VETO: 0,
        ReviewItem.Section.PRESENTATION: 1,
        ReviewItem.Section.CONTENT: 2,
    }
    return sorted(ReviewItem.objects.all(), key=lambda i: (not i.active, order.get(i.section, 3), i.seq))


# --- guidance visits ------------------------------------------------------------------------------


def guidance_list(*, user: Any, year: int | None = None) -> QuerySet[GuidanceVisit]:
    qs = GuidanceVisit.objects.select_related("body", "case").prefetch_related("enterprises")
    if not getattr(user, "is_authenticated", False) or not (user.can(Perm.GUIDANCE_RECORD) or user.can(Perm.CASE_VIEW)):
        return qs.none()
    return filter_if(body_or_area(qs, user), day__year=year or None).order_by("-day", "-pk")


def guidance_totals(*, user: Any, year: int) -> dict[str, int]:
    """Visits of the year by kind and the problems they found and solved, in one query."""
    Kind = GuidanceVisit.Kind
    agg = (
        guidance_list(user=user, year=year)
        .order_by()
        .aggregate(
            visits=Count("id"),
            law_delivery=Count("id", filter=Q(kind=Kind.LAW_DELIVERY)),
            guidance=Count("id", filter=Q(kind=Kind.GUIDANCE)),
            problems_found=Sum("problems_found"),
            problems_solved=Sum("problems_solved"),
        )
    )
    return {k: int(v or 0) for k, v in agg.items()}


def guidance_enterprises(*, user: Any, year: int) -> int:
    """Distinct enterprises visited in the year."""
    visits = guidance_list(user=user, year=year).order_by().values("id")
    return (
        GuidanceVisit.enterprises.through.objects.filter(guidancevisit_id__in=visits)
        .values("enterprise_id")
        .distinct()
        .count()
    )


def guidance_figures(*, user: Any, year: int) -> dict[str, int]:
    """The seed's "开展'上门送法'服务12次, 为15家企业提供合规指导, 解决问题20余个"."""
    totals = guidance_totals(user=user, year=year)
    return {
        "visits": totals["visits"],
        "law_delivery": totals["law_delivery"],
        "guidance": totals["guidance"],
        "enterprises": guidance_enterprises(user=user, year=year),
        "problems_found": totals["problems_found"],
        "problems_solved": totals["problems_solved"],
    }


# --- report figures -------------------------------------------------------------------------------


def _remedies(user: Any, year: int) -> QuerySet[Remedy]:
    return Remedy.objects.filter(case__in=case_list(user=user), filed_on__year=year)


def waived_enterprises(*, user: Any, year: int) -> int:
    """Distinct enterprises whose case was decided in the year with a waiver (one query; the report's
    figure asks for this alone, not for every figure of :func:`case_figures`)."""
    return (
        case_list(user=user)
        .filter(decided_on__year=year, outcome=Case.Outcome.WAIVER, enterprise__isnull=False)
        .values("enterprise_id")
        .distinct()
        .count()
    )


def remedies_corrected(*, user: Any, year: int) -> int:
    """Reconsiderations and lawsuits filed in the year whose result changed, revoked or found illegal."""
    return (
        _remedies(user, year)
        .filter(result__in=[Remedy.Result.CHANGED, Remedy.Result.REVOKED, Remedy.Result.ILLEGAL])
        .count()
    )


def case_figures(*, user: Any, year: int) -> dict[str, Any]:
    """Cases decided in the year: by outcome, waivers by list, fines; remedies and corrections."""
    decided = case_list(user=user).filter(decided_on__year=year)
    by_outcome = dict(decided.order_by().values_list("outcome").annotate(n=Count("id")))
    waivers = dict(
        decided.filter(outcome=Case.Outcome.WAIVER).order_by().values_list("waiver__kind").annotate(n=Count("id"))
    )
    fines = decided.filter(outcome=Case.Outcome.PENALTY).aggregate(total=Sum("fine"))["total"] or Decimal(0)
    remedy_counts = dict(_remedies(user, year).order_by().values_list("kind").annotate(n=Count("id")))
    return {
        "filed": case_list(user=user).filter(filed_on__year=year).count(),
        "decided": sum(by_outcome.values()),
        "penalties": by_outcome.get(Case.Outcome.PENALTY, 0),
        "waived": by_outcome.get(Case.Outcome.WAIVER, 0),
        "first_violation_waived": waivers.get(Waiver.Kind.FIRST_VIOLATION, 0),
        "minor_waived": waivers.get(Waiver.Kind.MINOR, 0),
        "waived_enterprises": waived_enterprises(user=user, year=year),
        "no_penalty": by_outcome.get(Case.Outcome.NO_PENALTY, 0),
        "summary": decided.filter(procedure=Case.Procedure.SUMMARY).count(),
        "fines": fines,
        "reconsiderations": remedy_counts.get(Remedy.Kind.RECONSIDERATION, 0),
        "litigations": remedy_counts.get(Remedy.Kind.LITIGATION, 0),
        "remedies_corrected": remedies_corrected(user=user, year=year),
    }


def review_rates(*, user: Any, year: int) -> list[dict[str, Any]]:
    """Per body: files reviewed in the year and the three rates the seed reports (程序合规率,
    文书规范率, 证据充分率), plus the average score. Rates are of reviewed files; None when none."""
    reviews = CaseReview.objects.filter(case__in=case_list(user=user), year=year)
    rows = (
        reviews.order_by()
        .values("case__body_id", "case__body__name")
        .annotate(
            n=Count("id"),
            procedure=Count("id", filter=Q(procedure_ok=True)),
            documents=Count("id", filter=Q(documents_ok=True)),
            evidence=Count("id", filter=Q(evidence_ok=True)),
            vetoed=Count("id", filter=Q(vetoed=True)),
            total=Sum("total"),
        )
        .order_by("case__body__name")
    )
    out = []
    for r in rows:
        n = r["n"]
        out.append(
            {
                "body_id": r["case__body_id"],
                "body": r["case__body__name"],
                "reviewed": n,
                "vetoed": r["vetoed"],
                "procedure_rate": _rate(r["procedure"], n),
                "document_rate": _rate(r["documents"], n),
                "evidence_rate": _rate(r["evidence"], n),
                "average": (r["total"] / n).quantize(Decimal("0.1")) if n else None,
            }
        )
    return out


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def reviewable(*, user: Any, year: int) -> QuerySet[Case]:
    """Closed files of the year not yet reviewed."""
    return case_list(user=user, status=Case.Status.CLOSED).filter(closed_on__year=year, review__isnull=True)


# --- deadline facts for supervision (system reads, no user scope) ---------------------------------


def deadline_rows(*, case_ids: list[int] | None = None, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Plain rows of the deadlines supervision watches: decision (art. 60), service (art. 61),
    preservation decisions (art. 56), the decision's publication and its withdrawal (国办发〔2018〕
    118号, art. 48). Only cases that are open, ended within the window, or whose notice still
    waits to be published or withdrawn."""
    qs = Case.objects.filter(procedure=Case.Procedure.GENERAL)
    qs = filter_if(qs, pk__in=case_ids)
    if since is not None:
        waiting = Q(publication__status=DecisionPublication.Status.PENDING) | Q(
            publication__withdraw_due__isnull=False, publication__status=DecisionPublication.Status.PUBLISHED
        )
        qs = qs.filter(
            Q(status__in=OPEN) | Q(updated_at__date__gte=since) | waiting | Q(publication__updated_at__date__gte=since)
        )
    fields = [
        "id", "number", "body_id", "region_id", "enterprise_id", "status", "filed_on",
        "decision_due", "decided_on", "service_due", "served_on",
    ]  # fmt: skip
    rows = [dict(zip(fields, r, strict=True)) for r in qs.values_list(*fields)]
    pres: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for pid, cid, due, decided in Preservation.objects.filter(case_id__in=qs.values("id")).values_list(
        "id", "case_id", "decide_by", "decided_on"
    ):
        pres.setdefault(cid, []).append((pid, due, decided))
    pubs: dict[int, dict[str, Any]] = {}
    pub_fields = ["case_id", "status", "due", "published_at", "withdraw_due", "withdrawn_at", "corrected_on"]
    for row in DecisionPublication.objects.filter(case_id__in=qs.values("id")).values_list(*pub_fields):
        pubs[row[0]] = dict(zip(pub_fields[1:], row[1:], strict=True))
    for r in rows:
        r["preservations"] = pres.get(r["id"], [])
        r["publication"] = pubs.get(r["id"])
    return rows
