"""The county's 八个不得 (red lines, glossary): edited as one list on the red-lines page by the
county supervisor (``Perm.WARNING_RULE_EDIT``, the same who edits the warning rules).

The 五个严禁 are national (seeded by migration 0006) and read-only here. The county's list is
saved in one go: every line's problem at once, keyed by its field (``text_2``), and nothing is
written unless the whole list is right:

- a line is 4–300 characters; the same words twice are refused;
- at most ``MAX_IN_FORCE`` (8) lines are in force — the list's name says how many;
- a line is never deleted (a dual-accountability examination may cite it): it is retired by
  unticking "in force"; its words may be corrected, and the ledger keeps the words before;
- each line saves through ``versioned_update``: a list changed by someone else since the page
  was loaded is refused whole.

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
from fazhi.core.errors import ConflictError, ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.core.versioning import versioned_update
from fazhi.supervision.models import RedLine

NATIONAL_GROUP = "五个严禁"
COUNTY_GROUP = "八个不得"
MAX_IN_FORCE = 8


@dataclass(frozen=True)
class RedLineInput:
    pk: int | None
    version: int | None
    text: str
    active: bool


def red_lines_save(*, actor: Any, lines: Sequence[RedLineInput]) -> list[RedLine]:
    """Save the county's 八个不得 as a whole (see the module's rules); returns the lines written."""
    require(actor, Perm.WARNING_RULE_EDIT)
    existing = {r.pk: r for r in RedLine.objects.filter(group=COUNTY_GROUP)}
    errors: dict[str, str] = {}
    kept: list[RedLineInput] = []
    seen: set[str] = set()
    in_force = 0
    for i, line in enumerate(lines):
        text = line.text.strip()
        if line.pk is None and not text:
            continue  # an empty new row
        if line.pk is not None and line.pk not in existing:
            errors[f"text_{i}"] = _("This line is not one of the county's list; reload the page.")
            continue
        if not 4 <= len(text) <= 300:
            errors[f"text_{i}"] = (
                _("A red line is not deleted: to retire it, untick “in force”; its words stay.")
                if line.pk is not None and not text
                else _("Write the red line in 4 to 300 characters.")
            )
        elif text in seen:
            errors[f"text_{i}"] = _("The same red line is on the list twice.")
        seen.add(text)
        in_force += int(line.active)
        kept.append(line)
    if in_force > MAX_IN_FORCE:
        errors["in_force"] = _("At most %(n)d red lines are in force (八个不得); retire one first.") % {
            "n": MAX_IN_FORCE
        }
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    written: list[RedLine] = []
    with transaction.atomic():
        next_seq = (RedLine.objects.filter(group=COUNTY_GROUP).aggregate(m=Max("seq"))["m"] or 0) + 1
        for line in kept:
            fields = {"text": line.text.strip(), "active": line.active}
            if line.pk is None:
                item = RedLine.objects.create(group=COUNTY_GROUP, seq=next_seq, **fields)
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
                verb="red_line.save",
                target=item,
                payload={"red_line": str(item), "version": item.version, "changes": changes},
            )
            written.append(item)
    return written
