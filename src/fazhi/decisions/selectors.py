"""Scoped reads of decisions (see :mod:`fazhi.decisions.access`), and the public site's reads:
the public sees only published catalogues, drafts open for comment (or whose comment period has
passed) and published decisions with their answers — never hidden comments nor contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fazhi.accounts.models import Region
from fazhi.accounts.scopes import scope_of
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.decisions.access import visible_q
from fazhi.decisions.models import (
    Attachment,
    Catalogue,
    CatalogueItem,
    Comment,
    CommentGroup,
    Decision,
    DocumentReview,
    LegalityReview,
    NormativeDocument,
)


def decision_list(*, user: Any, q: str = "", status: str = "", year: int | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.filter(visible_q(user)).select_related("region")
    if q:
        qs = qs.filter(title__icontains=q[:50])
    return filter_if(qs, status=status or None, year=year)


def decision_get(*, user: Any, pk: int) -> Decision:
    return get_or_not_found(decision_list(user=user).prefetch_related("steps", "expert_sessions", "reviews"), pk=pk)


def review_get(*, user: Any, pk: int) -> LegalityReview:
    return get_or_not_found(
        LegalityReview.objects.filter(visible_q(user, "decision__region")).select_related("decision__region"), pk=pk
    )


def comment_groups(*, decision: Decision) -> QuerySet[CommentGroup]:
    return CommentGroup.objects.filter(decision=decision).annotate(n=Count("comments")).filter(n__gt=0).order_by("pk")


def comments_for_office(*, user: Any, decision: Decision, status: str = "") -> QuerySet[Comment]:
    """The decision's comments for its office (contacts stay sealed: templates never show them)."""
    qs = Comment.objects.filter(visible_q(user, "decision__region"), decision=decision).defer("contact")
    return filter_if(qs, status=status or None).order_by("pk")


def comment_for_office(*, user: Any, pk: int) -> Comment:
    return get_or_not_found(
        Comment.objects.filter(visible_q(user, "decision__region")).select_related("decision__region"), pk=pk
    )


def group_for_office(*, user: Any, pk: int) -> CommentGroup:
    return get_or_not_found(
        CommentGroup.objects.filter(visible_q(user, "decision__region")).select_related("decision__region"), pk=pk
    )


def catalogue_list(*, user: Any) -> QuerySet[Catalogue]:
    return Catalogue.objects.filter(visible_q(user)).select_related("region").prefetch_related("items")


def catalogue_get(*, user: Any, pk: int) -> Catalogue:
    return get_or_not_found(catalogue_list(user=user), pk=pk)


def catalogue_items_open(*, user: Any, region: Region) -> QuerySet[CatalogueItem]:
    """Items of the region's published catalogues that no decision has taken up yet."""
    return (
        CatalogueItem.objects.filter(
            Q(catalogue__region=region), catalogue__status=Catalogue.Status.PUBLISHED, decision__isnull=True
        )
        .filter(catalogue__in=catalogue_list(user=user))
        .select_related("catalogue")
    )


def regions_for_drafting(*, user: Any) -> QuerySet[Region]:
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return Region.objects.none()
    return Region.objects.filter(
        path__startswith=scope.region_path, level__in=[Region.Level.TOWNSHIP, Region.Level.COUNTY]
    ).order_by("path")


def document_list(*, user: Any, status: str = "") -> QuerySet[NormativeDocument]:
    return filter_if(NormativeDocument.objects.filter(visible_q(user)).select_related("region"), status=status or None)


def document_get(*, user: Any, pk: int) -> NormativeDocument:
    return get_or_not_found(document_list(user=user), pk=pk)


def documents_expiring(*, user: Any, day: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """In force and ending within FAZHI_NORMATIVE_EXPIRY_NOTICE_DAYS (the reminder: re-evaluate,
    extend by a new document, or let it lapse)."""
    day = day or timezone.localdate()
    horizon = day + dt.timedelta(days=settings.FAZHI_NORMATIVE_EXPIRY_NOTICE_DAYS)
    return document_list(user=user, status=NormativeDocument.Status.IN_FORCE).filter(
        valid_until__gte=day, valid_until__lte=horizon
    )


def documents_unfiled(*, user: Any) -> QuerySet[NormativeDocument]:
    return document_list(user=user).filter(filed_on__isnull=True, published_on__isnull=False).order_by("filing_due")


_PASSED = (LegalityReview.Result.PASS, LegalityReview.Result.PASS_WITH_CHANGES)


def decisions_awaiting_review(*, user: Any) -> QuerySet[Decision]:
    """Decisions still being drafted with no passed legality review (合法性审查), once their public
    comment window (if any) has closed: the legal office's next step (the review comes after the
    public's comments and before the collective discussion, 重大行政决策程序暂行条例 arts. 25–27)."""
    today = timezone.localdate()
    return (
        decision_list(user=user, status=Decision.Status.DRAFTING)
        .exclude(reviews__result__in=_PASSED)
        .exclude(comment_closes_on__gte=today)
        .order_by("comment_closes_on", "pk")
    )


def decisions_awaiting_review_count(*, user: Any) -> int:
    return decisions_awaiting_review(user=user).count()


def documents_awaiting_review(*, user: Any) -> QuerySet[NormativeDocument]:
    """Normative-document drafts with no passed legality review: none may be published before it."""
    return (
        document_list(user=user, status=NormativeDocument.Status.DRAFT)
        .exclude(reviews__result__in=_PASSED)
        .order_by("pk")
    )


def documents_awaiting_review_count(*, user: Any) -> int:
    return documents_awaiting_review(user=user).count()


def documents_unfiled_count(*, user: Any) -> int:
    return documents_unfiled(user=user).count()


def scope_region(*, user: Any) -> Region | None:
    scope = scope_of(user)
    if scope.region_path is None or scope.enterprise_only:
        return None
    return Region.objects.filter(path=scope.region_path).first()


def figures_of(*, user: Any, year: int) -> list[tuple[Any, Any]]:
    """The decision figures of the user's area for ``year`` (figure, value)."""
    from fazhi.core.figures import REGISTRY
    from fazhi.decisions.figures import FIGURE_IDS

    region = scope_region(user=user)
    if region is None:
        return []
    return [(REGISTRY[i], REGISTRY[i](region, year)) for i in FIGURE_IDS]


# --- the public site (no account) ------------------------------------------------------------


def public_decisions() -> QuerySet[Decision]:
    """Drafts whose comment period has begun, and published decisions."""
    today = timezone.localdate()
    return (
        Decision.objects.filter(
            Q(status=Decision.Status.PUBLISHED) | Q(status=Decision.Status.DRAFTING, comment_opens_on__lte=today)
        )
        .select_related("region")
        .order_by("-pk")
    )


def public_decision_get(*, pk: int) -> Decision:
    return get_or_not_found(public_decisions(), pk=pk)


def public_catalogues() -> QuerySet[Catalogue]:
    return (
        Catalogue.objects.filter(status=Catalogue.Status.PUBLISHED)
        .select_related("region")
        .prefetch_related("items")
        .order_by("-year", "region__path")
    )


def public_comments(*, decision: Decision) -> QuerySet[Comment]:
    """Published comments, newest first (paged by the page; the name only, never the contact)."""
    return (
        Comment.objects.filter(decision=decision, status=Comment.Status.PUBLISHED)
        .only("pk", "name", "text", "received_on", "group_id", "source")
        .order_by("-pk")
    )


def my_comments(*, user: Any) -> QuerySet[Comment]:
    """我的意见: the comments an enterprise's account sent from the portal on draft decisions — its
    own enterprise's only, newest first, with the draft and the answer of the comment's group."""
    scope = scope_of(user)
    if not scope.enterprise_only or scope.org_unit_id is None:
        return Comment.objects.none()
    return (
        Comment.objects.filter(source=Comment.Source.PORTAL, enterprise__org_unit_id=scope.org_unit_id)
        .select_related("decision", "group")
        .order_by("-received_on", "-pk")
    )


def public_answers(*, decision: Decision) -> QuerySet[CommentGroup]:
    """The answered groups, shown with the published decision."""
    return CommentGroup.objects.filter(decision=decision, answered_on__isnull=False).order_by("pk")


def comment_by_receipt(receipt: str) -> Comment | None:
    from django.core import signing

    from fazhi.decisions.services.comments import RECEIPT_SALT

    try:
        pk = signing.loads(receipt, salt=RECEIPT_SALT)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk).select_related("decision", "group").defer("contact").first()


# --- attachments, document reviews and history ------------------------------------------------


def attachments_of(*, decision: Decision) -> QuerySet[Attachment]:
    """A decision's attachments (the decision already read through a scoped or public selector)."""
    return Attachment.objects.filter(decision=decision).order_by("pk")


def attachment_get(*, user: Any, pk: int) -> Attachment:
    return get_or_not_found(
        Attachment.objects.filter(decision__in=decision_list(user=user)).select_related("decision"), pk=pk
    )


def public_attachment_get(*, pk: int) -> Attachment:
    """An attachment of a draft open for comment (or a published decision)."""
    return get_or_not_found(
        Attachment.objects.filter(decision__in=public_decisions()).select_related("decision"), pk=pk
    )


def document_reviews(*, document: NormativeDocument) -> QuerySet[DocumentReview]:
    return DocumentReview.objects.filter(document=document).select_related("reviewer").order_by("reviewed_on", "pk")


def document_history(*, user: Any, document: NormativeDocument) -> list[NormativeDocument]:
    """The chain of versions the document belongs to, oldest first: the ones it amended (through
    ``replaced_by``) and the ones that amended it; only what the user may read."""
    visible = document_list(user=user)
    chain = [document]
    seen = {document.pk}
    older = visible.filter(replaced_by=document).first()
    while older is not None and older.pk not in seen:
        chain.insert(0, older)
        seen.add(older.pk)
        older = visible.filter(replaced_by=older).first()
    newer = visible.filter(pk=document.replaced_by_id).first() if document.replaced_by_id else None
    while newer is not None and newer.pk not in seen:
        chain.append(newer)
        seen.add(newer.pk)
        newer = visible.filter(pk=newer.replaced_by_id).first() if newer.replaced_by_id else None
    return chain
