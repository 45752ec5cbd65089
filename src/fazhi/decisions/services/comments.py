"""Public participation (公众参与, art. 14–16): the comment window, comments without an account
(contact sealed), moderation, grouping of similar comments and one answer per group. The
participation step is done when the window has closed and every published comment's group is
answered; the answers are published with the decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_enterprise_account, scope_of
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.text import LINE, NOTE, refuse, text_limits
from fazhi.decisions.access import require_area
from fazhi.decisions.grouping import cluster
from fazhi.decisions.models import Comment, CommentGroup, Decision, DecisionStep
from fazhi.decisions.services.common import log, mark_step, not_future, require_drafting

COMMENT_MIN, COMMENT_MAX = 5, NOTE
RECEIPT_SALT = "fazhi.decisions.comment"


@text_limits(reason=(gettext_lazy("Why shorter"), LINE))
def consultation_open(
    *, actor: Any, decision: Decision, opens_on: dt.date, closes_on: dt.date, reason: str = ""
) -> Decision:
    """Open the draft for comment on the public site from ``opens_on`` to ``closes_on`` (inclusive):
    at least FAZHI_DECISION_COMMENT_DAYS days unless a reason is recorded."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Opening the comment period"))
    errors: dict[str, str] = {}
    not_future(opens_on, "opens_on", errors)
    days = (closes_on - opens_on).days + 1
    minimum = settings.FAZHI_DECISION_COMMENT_DAYS
    if closes_on < opens_on:
        errors["closes_on"] = _("The comment period must end after it starts.")
    elif days < minimum and not reason.strip():
        errors["closes_on"] = _(
            "The comment period is generally at least %(n)d days (this one %(days)d): "
            "end it on %(d)s or later, or record why it is shorter."
        ) % {"n": minimum, "days": days, "d": opens_on + dt.timedelta(days=minimum - 1)}
    if decision.comment_opens_on is not None:
        errors["opens_on"] = _("The comment period is already set (%(a)s to %(b)s).") % {
            "a": decision.comment_opens_on,
            "b": decision.comment_closes_on,
        }
    refuse(errors)
    from fazhi.core.versioning import versioned_update

    with transaction.atomic():
        versioned_update(
            decision,
            expected_version=None,
            fields={
                "comment_opens_on": opens_on,
                "comment_closes_on": closes_on,
                "short_window_reason": reason.strip(),
            },
        )
        log(actor, "consultation_opened", decision, opens_on=opens_on.isoformat(), closes_on=closes_on.isoformat())
    return decision


def is_open(decision: Decision, day: dt.date | None = None) -> bool:
    return decision.comment_window_open(day)


@text_limits(name=(gettext_lazy("Name"), 50), contact=(gettext_lazy("Contact"), 100))
def comment_submit(
    *,
    actor: Any,
    decision: Decision,
    text: str,
    name: str = "",
    contact: str = "",
    received_on: dt.date | None = None,
) -> Comment:
    """A comment on an open draft. ``actor`` None: the public site, no account; an enterprise's
    account: its portal; the drafting office enters letters and visits with the day received.
    The contact is sealed (encrypted); the name is optional. A comment from an account is in the
    ledger at once; an anonymous one when the office moderates it (``comments_publish`` /
    ``comment_hide``, with the text's hash), so the public form is one INSERT: participation cannot
    close while a comment waits for moderation, so every comment reaches the ledger."""
    source = Comment.Source.PUBLIC
    enterprise = None
    if actor is not None and getattr(actor, "is_authenticated", False):
        if is_enterprise_account(actor):
            source = Comment.Source.PORTAL
            from fazhi.registry.models import Enterprise

            enterprise = Enterprise.objects.filter(org_unit_id=scope_of(actor).org_unit_id).first()
        else:
            require_area(actor, decision.region, Perm.DECISION_DRAFT)
            source = Comment.Source.LETTER
    day = timezone.localdate()
    if source == Comment.Source.LETTER and received_on is not None:
        day = received_on
    errors: dict[str, str] = {}
    if not is_open(decision, day):
        errors["decision"] = _(
            "This draft is not open for comment (comments were taken from %(a)s to %(b)s). "
            "Contact the drafting office if you have something to add."
        ) % {"a": decision.comment_opens_on or "—", "b": decision.comment_closes_on or "—"}
    text = text.strip()
    if len(text) < COMMENT_MIN:
        errors["text"] = _("Write your comment (at least %(n)d characters).") % {"n": COMMENT_MIN}
    elif len(text) > COMMENT_MAX:
        errors["text"] = _("A comment has at most %(n)d characters (now %(len)d): shorten it or split it.") % {
            "n": COMMENT_MAX,
            "len": len(text),
        }
    contact = contact.strip()
    refuse(errors)
    fields = {
        "decision": decision,
        "source": source,
        "name": name.strip()[:50],
        "contact": contact[:100],
        "enterprise": enterprise,
        "text": text,
        "received_on": day,
    }
    if source == Comment.Source.PUBLIC:
        # one INSERT is atomic by itself: no BEGIN/COMMIT round trips around it (the public form's
        # cost is its commit; bench/decisions.py)
        return Comment.objects.create(**fields)
    with transaction.atomic():
        comment = Comment.objects.create(**fields)
        ledger_append(
            actor=actor_of(actor),
            verb="decision.comment",
            target=comment,
            payload={"decision": decision.pk, "source": source},
        )
    return comment


def comment_receipt(comment: Comment) -> str:
    """The commenter's key to see their comment and its answer later (signed: not guessable)."""
    from django.core import signing

    return signing.dumps(comment.pk, salt=RECEIPT_SALT)


def comments_publish(*, actor: Any, decision: Decision) -> int:
    """Moderation: publish every comment received (those not hidden as abuse)."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    with transaction.atomic():
        waiting = list(
            Comment.objects.select_for_update()
            .filter(decision=decision, status=Comment.Status.RECEIVED)
            .values_list("pk", "source", "received_on", "text")
        )
        n = Comment.objects.filter(pk__in=[w[0] for w in waiting]).update(status=Comment.Status.PUBLISHED)
        _ledger_received(actor, [w for w in waiting if w[1] == Comment.Source.PUBLIC])
        log(actor, "comments_published", decision, count=n)
    return n


def _ledger_received(actor: Any, rows: list[Any]) -> None:
    """The anonymous comments, one ledger entry each (id, day received, hash of the text)."""
    from fazhi.core.crypto import digest
    from fazhi.core.ledger import Event, ledger_append_many

    ledger_append_many(
        actor=actor_of(actor),
        events=[
            Event(
                verb="decision.comment",
                target_type="decisions.comment",
                target_id=str(pk),
                target_label=f"#{pk}",
                payload={"source": source, "received_on": day.isoformat(), "sha256": digest(text.encode())},
            )
            for pk, source, day, text in rows
        ],
    )


@text_limits(reason=(gettext_lazy("Reason"), LINE))
def comment_hide(*, actor: Any, comment: Comment, reason: str) -> None:
    """Moderation: hide a comment as abuse, with the reason (the text stays in the record)."""
    require_area(actor, comment.decision.region, Perm.DECISION_DRAFT)
    if not reason.strip():
        raise ValidationError(_("Record why the comment is hidden."), details={"reason": "required"})
    with transaction.atomic():
        if comment.status == Comment.Status.RECEIVED and comment.source == Comment.Source.PUBLIC:
            _ledger_received(actor, [(comment.pk, comment.source, comment.received_on, comment.text)])
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.HIDDEN, hidden_reason=reason.strip(), group=None
        )
        log(actor, "comment_hidden", comment.decision, comment=comment.pk, reason=reason.strip())


def comments_group(*, actor: Any, decision: Decision) -> int:
    """Put every published comment not yet in a group into one: a similar comment joins the group
    of the first comment it resembles (character-bigram Jaccard ≥ FAZHI_DECISION_GROUP_SIMILARITY,
    against the groups' first comments, existing groups included); others start a group. Returns
    the number of groups made. Deterministic: the same comments give the same groups."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Grouping comments"))
    published = Comment.objects.filter(decision=decision, status=Comment.Status.PUBLISHED)
    leaders: list[tuple[int, str]] = []  # (group id or -n for a new group, text)
    existing = {g.pk: g for g in CommentGroup.objects.filter(decision=decision)}
    seen: set[int] = set()
    for gid, text in published.filter(group__isnull=False).order_by("pk").values_list("group_id", "text"):
        if gid not in seen:
            seen.add(gid)
            leaders.append((gid, text))
    todo = list(published.filter(group__isnull=True).order_by("pk").values_list("pk", "text"))
    if not todo:
        return 0
    assignment = cluster(leaders, todo, settings.FAZHI_DECISION_GROUP_SIMILARITY)
    made = 0
    with transaction.atomic():
        new_groups: dict[int, CommentGroup] = {}
        by_group: dict[int, list[int]] = {}
        for comment_id, key in assignment.items():
            if key < 0 and key not in new_groups:
                text = next(t for pk, t in todo if pk == -key)
                new_groups[key] = CommentGroup.objects.create(decision=decision, summary=text[:300])
                made += 1
            gid = new_groups[key].pk if key < 0 else existing[key].pk
            by_group.setdefault(gid, []).append(comment_id)
        for gid, ids in by_group.items():
            Comment.objects.filter(pk__in=ids).update(group_id=gid)
        log(actor, "comments_grouped", decision, comments=len(todo), groups=made)
    return made


@text_limits(answer=(gettext_lazy("Answer"), NOTE), summary=(gettext_lazy("Summary"), LINE))
def group_answer(
    *, actor: Any, group: CommentGroup, kind: str, answer: str, summary: str = "", day: dt.date | None = None
) -> CommentGroup:
    """One answer for the group: adopted, partly or not adopted, and why (published with the decision)."""
    decision = group.decision
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Answering comments"))
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if kind not in CommentGroup.Answer.values:
        errors["kind"] = _("Choose adopted, partly adopted or not adopted.")
    if not answer.strip():
        errors["answer"] = _("Write the answer and why.")
    refuse(errors)
    with transaction.atomic():
        group.answer_kind = kind
        group.answer = answer.strip()
        group.answered_on = day
        if summary.strip():
            group.summary = summary.strip()
        group.save()
        log(actor, "comments_answered", decision, group=group.pk, kind=kind)
    return group


def consultation_close(*, actor: Any, decision: Decision, day: dt.date | None = None) -> DecisionStep:
    """The participation step is done: the window has closed, nothing waits for moderation, every
    published comment is in a group and every group is answered."""
    require_area(actor, decision.region, Perm.DECISION_DRAFT)
    require_drafting(decision, _("Closing public participation"))
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    not_future(day, "day", errors)
    if decision.comment_closes_on is None:
        errors["decision"] = _("Open the comment period first (or record why public participation does not apply).")
    elif day <= decision.comment_closes_on:
        errors["day"] = _("The comment period runs until %(d)s: close it after that day.") % {
            "d": decision.comment_closes_on
        }
    comments = Comment.objects.filter(decision=decision)
    if comments.filter(status=Comment.Status.RECEIVED).exists():
        errors["received"] = _("Some comments wait for moderation: publish them or hide them as abuse.")
    if comments.filter(status=Comment.Status.PUBLISHED, group__isnull=True).exists():
        errors["ungrouped"] = _("Some published comments are in no group: group them.")
    unanswered = CommentGroup.objects.filter(decision=decision, answered_on__isnull=True, comments__isnull=False)
    if unanswered.exists():
        errors["unanswered"] = _("%(n)d comment groups have no answer yet: answer each.") % {
            "n": unanswered.distinct().count()
        }
    refuse(errors)
    with transaction.atomic():
        n = comments.filter(status=Comment.Status.PUBLISHED).count()
        step = mark_step(actor, decision, DecisionStep.Kind.PARTICIPATION, day=day, data={"comments": n})
        log(actor, "consultation_closed", decision, comments=n)
    return step
