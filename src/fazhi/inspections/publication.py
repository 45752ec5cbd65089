"""结果公示: the public notice of an inspection's result (domain-rules §2).

A notice is prepared when the record is finished, holds only structured data and catalogue text
(so no natural person's data can slip in through a free-text note), is published within
FAZHI_PUBLICATION_WORKDAYS working days, withdrawn with a stated reason (the notice keeps the trail)
and retired from the public list FAZHI_PUBLICATION_RETENTION_DAYS after publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_own_body, require, require_own_body, require_region
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, text_limits
from fazhi.core.workdays import add_workdays
from fazhi.inspections.dated import day_check, local_day, moment_on
from fazhi.inspections.models import ChecklistAnswer, InspectionRecord, Publication
from fazhi.inspections.signals import announce
from fazhi.registry.disclosure import is_individual_business, public_party

is_natural_person = is_individual_business  # 个体工商户: the operator is a natural person


def redacted_content(record: InspectionRecord) -> dict[str, Any]:
    """The notice's content: the party named by ``registry.disclosure.public_party`` (a 个体工商户's
    name and code redacted), structured data and catalogue text only."""
    enterprise = record.enterprise
    party = public_party(name=enterprise.name, uscc=enterprise.uscc)
    failed = list(
        record.answers.filter(answer=ChecklistAnswer.Answer.FAIL).order_by("seq").values_list("text", flat=True)
    )
    township = enterprise.region
    while township.level not in ("township", "county") and township.parent_id:
        township = township.parent  # type: ignore[assignment]
    return {
        "enterprise": party.name,
        "uscc": party.uscc,
        "township": township.name,
        "date": record.date.isoformat(),
        "bodies": sorted(b.name for b in record.bodies.all()),
        "matters": sorted(m.name for m in record.matters.all()),
        "mode": record.mode,
        "remote_method": record.remote_method,
        "inspection_type": record.inspection_type,
        "outcome": record.outcome,
        "failed_points": failed,
        "rectification_due": record.rectification_due.isoformat() if record.rectification_due else None,
    }


def publication_title(content: dict[str, Any]) -> str:
    return _("Inspection result: %(enterprise)s, %(date)s") % {
        "enterprise": content["enterprise"],
        "date": content["date"],
    }


def publication_prepare(*, record: InspectionRecord, today: dt.date) -> Publication:
    """Called by the service that finishes a record, inside its transaction."""
    content = redacted_content(record)
    return Publication.objects.create(
        record=record,
        body=record.lead_body,
        region=record.enterprise.region,
        title=publication_title(content),
        content=content,
        due=add_workdays(today, settings.FAZHI_PUBLICATION_WORKDAYS),
    )


def _require_manager(actor: Any, publication: Publication) -> None:
    """The lead department's own people, or the justice office and the county for a notice of their
    area (the notice's region: the enterprise's)."""
    require(actor, Perm.PUBLICATION_MANAGE)
    require_own_body(
        actor, publication.body, others="area_or_above", message=_("Only the lead department publishes this result.")
    )
    if not is_own_body(actor, publication.body):
        require_region(actor, publication.region)


def publication_publish(*, actor: Any, publication: Publication, published_on: dt.date | None = None) -> Publication:
    """Publish the notice. ``published_on``: the day a notice published earlier went up, entered
    now (``inspections.dated``): never in the future, never before the result it publishes was
    given; lateness and the retirement day count from it, the ledger keeps the entry's time."""
    _require_manager(actor, publication)
    if publication.status != Publication.Status.PENDING:
        raise ValidationError(_("This notice is not waiting for publication."))
    if published_on is not None:
        day_check(
            day=published_on,
            step=_("the publication of the result"),
            field="published_on",
            after=[(_("the finish of the inspection"), local_day(publication.record.finished_at))],
        )
    today, now = moment_on(published_on)
    with transaction.atomic():
        publication.content = redacted_content(publication.record)  # a re-check may have changed it
        publication.title = publication_title(publication.content)
        publication.status = Publication.Status.PUBLISHED
        publication.published_at = now
        publication.retire_on = today + dt.timedelta(days=settings.FAZHI_PUBLICATION_RETENTION_DAYS)
        publication.save()
        ledger_append(
            actor=actor_of(actor),
            verb="publication.published",
            target=publication,
            payload={
                "late": today > publication.due,
                "content": publication.content,
                **({"published_on": today.isoformat()} if published_on is not None else {}),
            },
        )
        announce(publication.record_id, publication.record.enterprise_id)
    return publication


@text_limits(reason=(gettext_lazy("Why withdrawn"), LINE))
def publication_withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    """A changed or revoked result is withdrawn; the notice stays, marked, with the reason."""
    _require_manager(actor, publication)
    if not reason.strip():
        raise ValidationError(_("Say why the notice is withdrawn."), details={"reason": "required"})
    if publication.status != Publication.Status.PUBLISHED:
        raise ValidationError(_("Only a published notice can be withdrawn."))
    with transaction.atomic():
        publication.status = Publication.Status.WITHDRAWN
        publication.withdrawn_at = timezone.now()
        publication.withdraw_reason = reason.strip()[:300]
        publication.save()
        ledger_append(
            actor=actor_of(actor),
            verb="publication.withdrawn",
            target=publication,
            payload={"reason": publication.withdraw_reason},
        )
    return publication
