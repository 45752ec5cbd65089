"""The annual report's figures for a region and a year, from the registry every app fills
(``fazhi.core.figures``). The reports app reads the apps; nothing reads it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.models import Region
from fazhi.core.errors import ValidationError
from fazhi.core.figures import NotKept, load_all
from fazhi.reports.text import TEXTS

# The figures the seed report states (issue 23), whether or not their register exists yet, so a
# figure nobody can compute is listed as missing with the reason instead of silently absent.
SEED_FIGURES: dict[str, str] = {
    **{
        i: "decisions"
        for i in ("decisions.reviewed", "decisions.review_pass_rate", "decisions.opinions", "decisions.expert_sessions")
    },
    **{
        i: "training" for i in ("study.sessions", "study.attendance", "training.online_hours", "training.offline_hours")
    },
    **{i: "training" for i in ("training.sessions", "training.attendance", "exams.sittings")},
    **{i: "training" for i in ("exams.participation_rate", "exams.excellence_rate")},
    **{
        i: "training"
        for i in ("officers.total", "officers.active", "officers.pre_service", "officers.qualification_passed")
    },
    **{
        i: "publicity"
        for i in (
            "publicity.youth_activities",
            "publicity.legal_liaisons",
            "publicity.studios",
            "publicity.grassroots_sessions",
            "publicity.grassroots_reach",
            "publicity.broadcast_villages",
            "publicity.broadcast_reach",
            "publicity.case_explained_sessions",
            "publicity.mediation_education_reach",
            "publicity.campaign_events",
            "publicity.leaflets",
            "publicity.model_villages",
            "publicity.outdated_sites_pct",
            "publicity.joint_share_pct",
            "advisers.consultations",
            "advisers.mediations",
        )
    },
    **{
        i: "disputes"
        for i in (
            "disputes.screened",
            "disputes.police_related",
            "disputes.petition_related",
            "disputes.identification_rate",
            "disputes.resolution_rate",
            "disputes.mass_incidents",
        )
    },
    **{
        i: "people"
        for i in (
            "people.mental_screenings",
            "people.mental_suspected",
            "people.mental_confirmed",
            "people.risk_meetings",
            "people.incidents",
        )
    },
}


REGISTERS = {
    "decisions": gettext_lazy("major decisions"),
    "training": gettext_lazy("training and exams"),
    "publicity": gettext_lazy("legal publicity"),
    "disputes": gettext_lazy("disputes and mediation"),
    "people": gettext_lazy("special populations"),
}


@dataclass
class FigureSet:
    region: Region
    year: int
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region.name,
            "region_code": self.region.code,
            "year": self.year,
            "figures": self.figures,
            "missing": self.missing,
        }


def region_find(text: str) -> Region:
    """A region by its code or its name; a name two regions share must be given as a code."""
    text = text.strip()
    by_code = Region.objects.filter(code=text).first()
    if by_code is not None:
        return by_code
    named = list(Region.objects.filter(name=text)[:5])
    if not named:
        raise ValidationError(
            _("No region is called or coded “%(text)s”.") % {"text": text}, details={"region": "unknown"}
        )
    if len(named) > 1:
        codes = "、".join(f"{r.code}（{r.name}）" for r in named)
        raise ValidationError(
            _("Several regions are called “%(text)s”; give one of their codes: %(codes)s.")
            % {"text": text, "codes": codes},
            details={"region": "ambiguous"},
        )
    return named[0]


def _source(url_name: str, region: Region, year: int) -> str:
    if not url_name:
        return ""
    try:
        return f"{reverse(url_name)}?year={year}&region={region.code}"
    except NoReverseMatch:
        return ""


def figures_for(*, region: Region, year: int) -> FigureSet:
    """Every registered figure for the region and year, and what could not be computed, with why."""
    result = FigureSet(region=region, year=year)
    registry = load_all()
    for fid in sorted(registry):
        fig = registry[fid]
        value = fig(region, year)
        if isinstance(value, NotKept):
            result.missing.append({"id": fid, "why": value.why})
            continue
        result.figures[fid] = {
            "value": float(value) if isinstance(value, Decimal) else value,
            "label": str(fig.label),
            "unit": str(fig.unit),
            "counted": str(fig.counted),
            "source": _source(fig.source, region, year),
        }
    for fid, app in SEED_FIGURES.items():
        if fid not in registry:
            register = str(REGISTERS.get(app, app))
            result.missing.append(
                {"id": fid, "why": _("The %(register)s register is not built yet.") % {"register": register}}
            )
    result.missing.sort(key=lambda m: m["id"])
    return result


def labelled(missing: list[dict[str, str]]) -> list[dict[str, str]]:
    """Missing figures with their Chinese label for a page (``label`` is empty for a name that is
    no registered figure, e.g. a placeholder typed wrong)."""
    registry = load_all()
    return [
        # a sentence placeholder ({publicity.targets}) has its label too
        {**m, "label": str(registry[m["id"]].label) if m["id"] in registry else str(TEXTS.get(m["id"], ""))}
        for m in missing
    ]


def figures_cached(*, region: Region, year: int) -> FigureSet:
    """:func:`figures_for` as the pages read it (the figures page, the annual report, its .docx):
    computed once, then served from the cache until a record changes. The key holds the ledger
    head's sequence number, which every audited write moves (the rules of the house: a write goes
    through a service that writes the ledger), so a changed record is never hidden behind a stale
    figure; and today's date, for the figures that follow the calendar (deadlines passing)."""
    from django.core.cache import cache
    from django.utils import timezone
    from django.utils.translation import get_language

    from fazhi.core.models import LedgerHead

    seq = LedgerHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    key = (
        f"reports:figures:{_code_version()}:{region.pk}:{year}:{timezone.localdate().isoformat()}:"
        f"{get_language()}:{seq}"
    )
    hit = cache.get(key)
    if hit is not None:
        figures, missing = hit
        return FigureSet(region=region, year=year, figures=figures, missing=missing)
    result = figures_for(region=region, year=year)
    cache.set(key, (result.figures, result.missing), timeout=CACHE_SECONDS)
    return result


CACHE_SECONDS = 24 * 3600


@functools.cache
def _code_version() -> str:
    """What the figures are counted by: the figure functions' code and the settings that shape counts
    (deadlines, periods). A deploy that changes either starts a new cache, so no figure counted the
    old way is served after it."""
    import hashlib

    from django.conf import settings

    h = hashlib.sha256()
    for fid, fig in sorted(load_all().items()):
        code = getattr(fig.compute, "__code__", None)
        h.update(fid.encode() + (code.co_code + repr(code.co_consts).encode() if code is not None else b""))
    for name in sorted(n for n in dir(settings) if n.startswith("FAZHI_") and "KEY" not in n and "SECRET" not in n):
        h.update(f"{name}={getattr(settings, name)!r}".encode())
    return h.hexdigest()[:12]
