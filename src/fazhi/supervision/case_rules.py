"""Warning rules over enforcement cases' statutory deadlines (处罚法 art. 56, 60, 61).

Like the inspection rules, each is a pure function of plain rows (``cases.selectors.deadline_rows``)
and its parameters; the keys name rule and fact, so any number of checks never duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.cases.selectors import deadline_rows
from fazhi.supervision.engine import Fact, enabled_rules, store
from fazhi.supervision.facts import local_day
from fazhi.supervision.models import Warning

BEFORE_DECISION = {"filed", "proposed", "notified", "hearing"}


def _fact(rule: str, key: str, row: dict[str, Any], day: dt.date, summary: str, **evidence: Any) -> Fact:
    return Fact(
        rule=rule,
        key=key,
        enterprise_id=row["enterprise_id"],
        body_id=row["body_id"],
        day=day,
        summary=summary,
        records=[],
        evidence={"case": row["id"], "number": row["number"], **evidence},
        region_id=row["region_id"],
        case_id=row["id"],
    )


def decision_overdue(rows: list[dict[str, Any]], p: dict[str, Any], today: dt.date) -> Iterable[Fact]:
    """办案超期: no decision within 90 days of filing (with approved extensions), or decided late."""
    for r in rows:
        due = r["decision_due"]
        if due is None:
            continue
        late = (r["status"] in BEFORE_DECISION and today > due) or (
            r["decided_on"] is not None and r["decided_on"] > due
        )
        if late:
            yield _fact(
                "case_decision_overdue",
                f"case_decision_overdue:{r['id']}",
                r,
                due + dt.timedelta(days=1),
                _("Case %(n)s: no decision by %(due)s (处罚法 art. 60)") % {"n": r["number"], "due": due},
                decision_due=str(due),
            )


def service_late(rows: list[dict[str, Any]], p: dict[str, Any], today: dt.date) -> Iterable[Fact]:
    """送达超期: the decision not served within 7 working days (art. 61)."""
    for r in rows:
        due = r["service_due"]
        if due is None:
            continue
        late = (r["status"] == "decided" and today > due) or (r["served_on"] is not None and r["served_on"] > due)
        if late:
            yield _fact(
                "case_service_late",
                f"case_service_late:{r['id']}",
                r,
                due + dt.timedelta(days=1),
                _("Case %(n)s: decision not served by %(due)s (处罚法 art. 61)") % {"n": r["number"], "due": due},
                service_due=str(due),
            )


def preservation_overdue(rows: list[dict[str, Any]], p: dict[str, Any], today: dt.date) -> Iterable[Fact]:
    """先行登记保存超期: no decision on preserved goods within 7 working days (art. 56)."""
    for r in rows:
        for pid, due, decided in r["preservations"]:
            if (decided is None and today > due) or (decided is not None and decided > due):
                yield _fact(
                    "case_preservation_overdue",
                    f"case_preservation_overdue:{pid}",
                    r,
                    due + dt.timedelta(days=1),
                    _("Case %(n)s: preserved goods not decided by %(due)s (处罚法 art. 56)")
                    % {"n": r["number"], "due": due},
                    preservation=pid,
                )


def publication_late(rows: list[dict[str, Any]], p: dict[str, Any], today: dt.date) -> Iterable[Fact]:
    """处罚决定公示超期: a penalty decision not published within 7 working days of the decision
    (国办发〔2018〕118号): still pending after its due date, or published after it. A notice
    withdrawn unseen (the decision was corrected first) owes no publication."""
    for r in rows:
        pub = r.get("publication")
        if pub is None or (pub["corrected_on"] is not None and pub["published_at"] is None):
            continue
        due, published = pub["due"], local_day(pub["published_at"])
        if (pub["status"] == "pending" and today > due) or (published is not None and published > due):
            yield _fact(
                "case_publication_late",
                f"case_publication_late:{r['id']}",
                r,
                due + dt.timedelta(days=1),
                _("Case %(n)s: penalty decision not published by %(due)s (国办发〔2018〕118号)")
                % {"n": r["number"], "due": due},
                publication_due=str(due),
                published_on=str(published) if published else None,
            )


def withdrawal_late(rows: list[dict[str, Any]], p: dict[str, Any], today: dt.date) -> Iterable[Fact]:
    """处罚决定撤回超期: the decision was changed or revoked and its public notice was not withdrawn
    within 3 working days (处罚法 art. 48): still published after the due date, or withdrawn after it."""
    for r in rows:
        pub = r.get("publication")
        if pub is None or pub["withdraw_due"] is None or pub["published_at"] is None:
            continue
        due, withdrawn = pub["withdraw_due"], local_day(pub["withdrawn_at"])
        if (pub["status"] == "published" and today > due) or (withdrawn is not None and withdrawn > due):
            yield _fact(
                "case_withdrawal_late",
                f"case_withdrawal_late:{r['id']}",
                r,
                due + dt.timedelta(days=1),
                _("Case %(n)s: the notice of a changed or revoked decision not withdrawn by %(due)s (处罚法 art. 48)")
                % {"n": r["number"], "due": due},
                withdraw_due=str(due),
                withdrawn_on=str(withdrawn) if withdrawn else None,
            )


CASE_RULES: dict[str, Callable[[list[dict[str, Any]], dict[str, Any], dt.date], Iterable[Fact]]] = {
    "case_decision_overdue": decision_overdue,
    "case_service_late": service_late,
    "case_preservation_overdue": preservation_overdue,
    "case_publication_late": publication_late,
    "case_withdrawal_late": withdrawal_late,
}


def _evaluate(rows: list[dict[str, Any]], today: dt.date) -> list[Warning]:
    rules = enabled_rules()
    facts: list[Fact] = []
    for rule in rules:
        if rule.code in CASE_RULES:
            facts.extend(CASE_RULES[rule.code](rows, rule.params, today))
    return store(facts, rules, today)


def check_case(case_id: int, *, today: dt.date | None = None) -> list[Warning]:
    return _evaluate(deadline_rows(case_ids=[case_id]), today or timezone.localdate())


def scan_cases(*, today: dt.date | None = None, since: dt.date | None = None) -> int:
    """Every open case, and those changed since ``since`` (the nightly run)."""
    return len(_evaluate(deadline_rows(since=since), today or timezone.localdate()))
