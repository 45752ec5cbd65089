"""Normative documents and major contracts (规范性文件, 重大合同): drafted, reviewed and only then
published (or entered as already published); the filing (备案) register with its
deadline (FAZHI_NORMATIVE_FILING_DAYS after publication), the validity period
(FAZHI_NORMATIVE_VALID_YEARS) and amendment or repeal with the history kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import user_or_none
from fazhi.core.crypto import digest
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import DOCUMENT, NAME, refuse, text_limits
from fazhi.core.versioning import versioned_update
from fazhi.decisions.access import require_area
from fazhi.decisions.models import NormativeDocument


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def filing_due(published_on: dt.date) -> dt.date:
    return published_on + dt.timedelta(days=settings.FAZHI_NORMATIVE_FILING_DAYS)


def validity_end(published_on: dt.date) -> dt.date:
    return add_years(published_on, settings.FAZHI_NORMATIVE_VALID_YEARS) - dt.timedelta(days=1)


def check_document(
    *, title: str, number: str, kind: str, published_on: dt.date | None, filed_on: dt.date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not title.strip():
        errors["title"] = _("Enter the document's title.")
    if not number.strip():
        errors["number"] = _("Enter the document's number (文号).")
    if kind not in NormativeDocument.Kind.values:
        errors["kind"] = _("Choose a normative document or a major contract.")
    if published_on is None:
        errors["published_on"] = _("Enter the publication date.")
    elif published_on > today:
        errors["published_on"] = _("The date cannot be in the future.")
    if filed_on is not None:
        if filed_on > today:
            errors["filed_on"] = _("The date cannot be in the future.")
        elif published_on is not None and filed_on < published_on:
            errors["filed_on"] = _("A document is filed after it is published.")
    return errors


@text_limits(title=(gettext_lazy("Title"), NAME), number=(gettext_lazy("Number"), 60))
def document_register(
    *,
    actor: Any,
    region: Region,
    title: str,
    number: str,
    published_on: dt.date,
    kind: str = NormativeDocument.Kind.NORMATIVE,
    filed_on: dt.date | None = None,
    replaces: NormativeDocument | None = None,
) -> NormativeDocument:
    """Enter a published document; ``replaces``: the document it amends (marked amended)."""
    require_area(actor, region, Perm.DECISION_DRAFT)
    errors = check_document(title=title, number=number, kind=kind, published_on=published_on, filed_on=filed_on)
    if number.strip() and NormativeDocument.objects.filter(region=region, number=number.strip()).exists():
        errors["number"] = _("The number %(n)s is already used by another document of this region.") % {
            "n": number.strip()
        }
    if replaces is not None and replaces.status != NormativeDocument.Status.IN_FORCE:
        errors["replaces"] = _("The document it amends is no longer in force.")
    refuse(errors)
    with transaction.atomic():
        doc = NormativeDocument.objects.create(
            region=region,
            kind=kind,
            title=title.strip(),
            number=number.strip(),
            published_on=published_on,
            filing_due=filing_due(published_on),
            filed_on=filed_on,
            valid_until=validity_end(published_on),
            created_by=user_or_none(actor),
        )
        if replaces is not None:
            versioned_update(
                replaces,
                expected_version=None,
                fields={"status": NormativeDocument.Status.AMENDED, "replaced_by": doc},
            )
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document_registered",
            target=doc,
            payload={"replaces": replaces.pk if replaces else None},
        )
    return doc


@text_limits(title=(gettext_lazy("Title"), NAME), text=(gettext_lazy("Text of the draft"), DOCUMENT))
def document_draft(
    *, actor: Any, region: Region, title: str, text: str, kind: str = NormativeDocument.Kind.NORMATIVE
) -> NormativeDocument:
    """Start a document before it is published: it is reviewed for legality as a draft and published
    (文号 and date) only after a passed review (未经合法性审核或者经审核不合法的, 不得发布). The draft
    has its words from the start: the review reads them."""
    require_area(actor, region, Perm.DECISION_DRAFT)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the document's title.")
    if not text.strip():
        errors["text"] = _("Enter the text of the draft: the legality review reads it.")
    if kind not in NormativeDocument.Kind.values:
        errors["kind"] = _("Choose a normative document or a major contract.")
    refuse(errors)
    with transaction.atomic():
        doc = NormativeDocument.objects.create(
            region=region,
            kind=kind,
            title=title.strip(),
            text=text.strip(),
            status=NormativeDocument.Status.DRAFT,
            created_by=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document_drafted",
            target=doc,
            payload={"kind": kind, "sha256": digest(doc.text.encode())},
        )
    return doc


@text_limits(text=(gettext_lazy("Text of the draft"), DOCUMENT))
def document_text_revise(*, actor: Any, document: NormativeDocument, text: str, expected_version: int | None) -> None:
    """Revise a draft's words (after a failed review, or before the review): only while it is a
    draft, so a published document's words never change; a stale save is refused."""
    require_area(actor, document.region, Perm.DECISION_DRAFT)
    if document.status != NormativeDocument.Status.DRAFT:
        raise ValidationError(_("Only a draft's text can be revised: the document is published."), code="out_of_order")
    refuse({"text": _("Enter the text of the draft: the legality review reads it.")} if not text.strip() else {})
    with transaction.atomic():
        changes = versioned_update(document, expected_version=expected_version, fields={"text": text.strip()})
        if changes:
            ledger_append(
                actor=actor_of(actor),
                verb="decision.document_revised",
                target=document,
                payload={"sha256": digest(document.text.encode())},
            )


@text_limits(number=(gettext_lazy("Number"), 60))
def document_publish(*, actor: Any, document: NormativeDocument, number: str, published_on: dt.date) -> None:
    """Publish a draft that passed its legality review: it gets its 文号, its filing deadline and its
    validity period from the publication date."""
    require_area(actor, document.region, Perm.DECISION_DRAFT)
    if document.status != NormativeDocument.Status.DRAFT:
        raise ValidationError(_("The document is already published."), code="out_of_order")
    errors = check_document(
        title=document.title, number=number, kind=document.kind, published_on=published_on, filed_on=None
    )
    from fazhi.decisions.services.document_review import document_passed_review

    if number.strip() and (
        NormativeDocument.objects.filter(region=document.region, number=number.strip()).exclude(pk=document.pk).exists()
    ):
        errors["number"] = _("The number %(n)s is already used by another document of this region.") % {
            "n": number.strip()
        }
    passed = document_passed_review(document)
    if passed is None:
        errors["review"] = _(
            "The document has no passed legality review: it may not be published until a review passes."
        )
    elif published_on is not None and published_on < passed.reviewed_on:
        errors["published_on"] = _("A document is published after its legality review (reviewed on %(d)s).") % {
            "d": passed.reviewed_on
        }
    refuse(errors)
    with transaction.atomic():
        versioned_update(
            document,
            expected_version=None,
            fields={
                "status": NormativeDocument.Status.IN_FORCE,
                "number": number.strip(),
                "published_on": published_on,
                "filing_due": filing_due(published_on),
                "valid_until": validity_end(published_on),
            },
        )
        ledger_append(
            actor=actor_of(actor),
            verb="decision.document_published",
            target=document,
            payload={
                "number": number.strip(),
                "published_on": published_on.isoformat(),
                "review": passed.pk if passed else None,
            },
        )


def document_file(*, actor: Any, document: NormativeDocument, filed_on: dt.date) -> None:
    """Record the filing (备案) with the county."""
    require_area(actor, document.region, Perm.DECISION_DRAFT)
    if document.published_on is None:
        raise ValidationError(_("A draft is filed after it is published."), code="out_of_order")
    errors: dict[str, str] = {}
    if document.filed_on is not None:
        errors["filed_on"] = _("The document was already filed on %(d)s.") % {"d": document.filed_on}
    if filed_on > timezone.localdate():
        errors["filed_on"] = _("The date cannot be in the future.")
    elif filed_on < document.published_on:
        errors["filed_on"] = _("A document is filed after it is published.")
    from fazhi.decisions.services.document_review import document_passed_review

    if document_passed_review(document) is None:
        errors["review"] = _("The document has no passed legality review: record the review before filing it.")
    refuse(errors)
    with transaction.atomic():
        versioned_update(document, expected_version=None, fields={"filed_on": filed_on})
        ledger_append(actor=actor_of(actor), verb="decision.document_filed", target=document, payload={})


def document_repeal(*, actor: Any, document: NormativeDocument, reason: str) -> None:
    require_area(actor, document.region, Perm.DECISION_DRAFT)
    if document.status != NormativeDocument.Status.IN_FORCE:
        raise ValidationError(_("The document is no longer in force."), code="out_of_order")
    if not reason.strip():
        raise ValidationError(_("Record why the document is repealed."), details={"reason": "required"})
    with transaction.atomic():
        versioned_update(document, expected_version=None, fields={"status": NormativeDocument.Status.REPEALED})
        ledger_append(
            actor=actor_of(actor), verb="decision.document_repealed", target=document, payload={"reason": reason[:300]}
        )
