"""The county's case-file review sheet (评查标准, domain-rules §5), edited as a whole on the
review-sheet page by the county supervisor (``Perm.CASE_RULES_EDIT``).

The sheet is saved in one go: every line's problem is reported at once, keyed by the form field
(``text_3``, ``points_3`` …), and nothing is written unless the whole sheet is right:

- a line says what is checked (4–300 characters), its section (veto / presentation / content) and
  which rate it counts towards; a veto line has no points; a presentation line at most 20, a
  content line at most 80;
- the lines in use add up to the scale: presentation 20 and content 80 points (a file scores out
  of 100);
- once a case file has been reviewed, the lines on the sheet keep their section, points and rate:
  the reviews made with them keep meaning what they meant. Retire a line (untick "in use") and
  add a new one instead, in the same save; its wording may still be corrected;
- each line saves through ``versioned_update``: a sheet changed by someone else since the page
  was loaded is refused whole (the page shows the sheet as it now is).

Every changed or added line raises its version and is one ledger entry with what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require
from fazhi.cases.models import CaseReview, ReviewItem
from fazhi.core.errors import ConflictError, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.versioning import versioned_update

SECTION_POINTS: dict[str, int] = {ReviewItem.Section.PRESENTATION: 20, ReviewItem.Section.CONTENT: 80}
FIXED_ONCE_USED = ("section", "points", "metric")


@dataclass(frozen=True)
class ReviewLineInput:
    """One line of the sheet as typed: ``pk``/``version`` of an existing line, or None for a new
    one; ``points`` as typed (checked here, so a bad number is a message at its field)."""

    pk: int | None
    version: int | None
    section: str
    text: str
    points: str
    metric: str
    active: bool


def _points(raw: str) -> int | None:
    raw = raw.strip() or "0"
    return int(raw) if raw.isdigit() and len(raw) <= 3 else None


def _sheet_used() -> bool:
    """A case file has been reviewed: the lines on the sheet may have scored it."""
    return CaseReview.objects.exists()


def _check_line(i: int, line: ReviewLineInput, points: int | None, errors: dict[str, str]) -> None:
    if line.section not in ReviewItem.Section.values:
        errors[f"section_{i}"] = _("Choose the section.")
    if line.metric not in ReviewItem.Metric.values:
        errors[f"metric_{i}"] = _("Choose the rate the line counts towards.")
    if not 4 <= len(line.text.strip()) <= 300:
        errors[f"text_{i}"] = _("Say what is checked, in 4 to 300 characters.")
    if points is None:
        errors[f"points_{i}"] = _("Points are a whole number (0 or more).")
    elif line.section == ReviewItem.Section.VETO and points:
        errors[f"points_{i}"] = _("A veto line has no points: failing it fails the whole file.")
    elif line.section in SECTION_POINTS and points > SECTION_POINTS[line.section]:
        errors[f"points_{i}"] = _("At most %(n)d points in this section.") % {"n": SECTION_POINTS[line.section]}


def review_sheet_save(*, actor: Any, lines: Sequence[ReviewLineInput]) -> list[ReviewItem]:
    """Save the whole sheet (see the module's rules); returns the lines written."""
    require(actor, Perm.CASE_RULES_EDIT)
    existing = {i.pk: i for i in ReviewItem.objects.all()}
    errors: dict[str, str] = {}
    parsed: list[tuple[int, ReviewLineInput, int]] = []
    sums = dict.fromkeys(SECTION_POINTS, 0)
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line.pk is None and not line.text.strip():
            continue  # an empty new row
        if line.pk is not None and line.pk not in existing:
            errors[f"text_{i}"] = _("This line is no longer on the sheet; reload the page.")
            continue
        points = _points(line.points)
        _check_line(i, line, points, errors)
        text = line.text.strip()
        if line.active and text in seen:
            errors[f"text_{i}"] = _("The same line is on the sheet twice.")
        seen.add(text)
        if points is None:
            continue
        if line.pk is not None:
            item = existing[line.pk]
            wanted = {"section": line.section, "points": points, "metric": line.metric}
            if any(getattr(item, f) != wanted[f] for f in FIXED_ONCE_USED) and _sheet_used():
                errors[f"points_{i}"] = _(
                    "Reviews were scored with this line: its section, points and rate stay. "
                    "Retire it (untick “in use”) and add a new line."
                )
        if line.active and line.section in sums:
            sums[line.section] += points
        parsed.append((i, line, points))
    for section, total in SECTION_POINTS.items():
        if sums[section] != total and not any(k.startswith("points_") for k in errors):
            errors[f"sum_{section}"] = _(
                "The %(section)s lines in use add up to %(got)d points; they must make %(n)d."
            ) % {
                "section": ReviewItem.Section(section).label,
                "got": sums[section],
                "n": total,
            }
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    written: list[ReviewItem] = []
    with transaction.atomic():
        next_seq = (ReviewItem.objects.aggregate(m=Max("seq"))["m"] or 0) + 1
        for _i, line, points in parsed:
            fields = {
                "section": line.section,
                "text": line.text.strip(),
                "points": points,
                "metric": line.metric,
                "active": line.active,
            }
            if line.pk is None:
                item = ReviewItem.objects.create(code=f"county_{next_seq}", seq=next_seq, **fields)
                next_seq += 1
                changes: dict[str, Any] = {k: [None, v] for k, v in fields.items()}
            else:
                item = existing[line.pk]
                if line.version is None:
                    raise ConflictError()
                changes = versioned_update(item, expected_version=line.version, fields=fields)
                if not changes:
                    continue
            ledger_append(
                actor=actor_of(actor),
                verb="case.review_item_save",
                target=item,
                payload={"code": item.code, "version": item.version, "changes": changes},
            )
            written.append(item)
    return written
