"""双随机、一公开: reproducible random draws of enterprises and inspectors.

The draw is a pure function of four published things — the seed, the parameters, the list of
enterprises and the list of inspectors — so anyone can re-run it (docs/inspections.md shows how in
ten lines of any language):

- each enterprise's rank is SHA-256("<seed>|<USCC>") in hex; the ``count`` lowest ranks are drawn
  (``count`` = the given number, or ceil(ratio% × list size), at least 1);
- for each drawn enterprise, each inspector's rank is SHA-256("<seed>|<USCC>|<certificate>"); the
  ``officers`` lowest are its team.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import require, require_own_body, require_region, user_or_none
from fazhi.core.errors import ValidationError
from fazhi.core.ledger import actor_of, ledger_append
from fazhi.inspections.models import RandomDraw
from fazhi.registry.models import EnforcementBody, Enterprise, Matter, Officer
from fazhi.registry.selectors import in_subtree


def _rank(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def draw(
    seed: str, params: dict[str, Any], entities: list[list[str]], officers: list[list[str]]
) -> list[dict[str, Any]]:
    """The draw itself: pure, deterministic, documented."""
    if params.get("count"):
        count = int(params["count"])
    else:
        count = math.ceil(len(entities) * float(params.get("ratio_pct", 5)) / 100)
    count = max(1, min(count, len(entities)))
    per = int(params.get("officers", 2))
    chosen = sorted(entities, key=lambda e: _rank(seed, e[0]))[:count]
    result = []
    for uscc, name in chosen:
        team = sorted(officers, key=lambda o: _rank(seed, uscc, o[0]))[:per]
        result.append({"uscc": uscc, "name": name, "officers": [{"certificate": c, "name": n} for c, n in team]})
    return result


def random_draw_create(
    *,
    actor: Any,
    body: EnforcementBody,
    matter: Matter,
    region: Region,
    ratio_pct: float | None = None,
    count: int | None = None,
    officers: int = 2,
    industry: str = "",
) -> RandomDraw:
    require(actor, Perm.RANDOM_DRAW)
    require_region(
        actor, body.region, or_above=True, message=_("This body is outside the area you are responsible for.")
    )
    require_own_body(actor, body, others="area_or_above", message=_("You can only draw for your own enforcement body."))
    errors: dict[str, str] = {}
    if matter.body_id != body.pk or not matter.published:
        errors["matter"] = _("Choose a published matter of this body.")
    if not region.path.startswith(body.region.path):
        errors["region"] = _("The area must lie within the body's jurisdiction.")
    if count is None and (ratio_pct is None or not 0 < ratio_pct <= 100):
        errors["ratio_pct"] = _("Give a sample ratio between 0 and 100 %, or a number of enterprises.")
    if count is not None and count < 1:
        errors["count"] = _("Draw at least one enterprise.")
    if officers < 2:
        errors["officers"] = _("At least 2 inspectors per enterprise.")
    if errors:
        raise ValidationError(" ".join(errors.values()), details=errors)
    today = timezone.localdate()
    entities_qs = Enterprise.objects.filter(in_subtree(region.path)).order_by("uscc")
    if industry:
        entities_qs = entities_qs.filter(industry=industry)
    entity_pool = [[e.uscc, e.name] for e in entities_qs if not e.is_do_not_disturb_on(today)]
    officer_pool = [
        [o.certificate_no, o.name]
        for o in Officer.objects.filter(body=body).order_by("certificate_no")
        if o.may_inspect_on(today)
    ]
    if not entity_pool:
        raise ValidationError(_("No enterprise in the list to draw from."), details={"region": "empty"})
    if len(officer_pool) < officers:
        raise ValidationError(
            _("The body has %(n)d certified inspectors; the draw needs at least %(k)d.")
            % {"n": len(officer_pool), "k": officers},
            details={"officers": "too_few"},
        )
    params: dict[str, Any] = {"officers": officers, "industry": industry, "region": region.name}
    if count is not None:
        params["count"] = count
    else:
        params["ratio_pct"] = ratio_pct
    seed = secrets.token_hex(16)
    with transaction.atomic():
        item = RandomDraw.objects.create(
            body=body,
            matter=matter,
            region=region,
            seed=seed,
            params=params,
            entity_pool=entity_pool,
            officer_pool=officer_pool,
            result=draw(seed, params, entity_pool, officer_pool),
            created_by=user_or_none(actor),
        )
        ledger_append(
            actor=actor_of(actor),
            verb="random_draw.create",
            target=item,
            payload={"seed": seed, "params": params, "drawn": [r["uscc"] for r in item.result]},
        )
    return item


def draw_confirms(item: RandomDraw) -> bool:
    """Re-run the draw from what was published; True when it gives the stored result."""
    return draw(item.seed, item.params, item.entity_pool, item.officer_pool) == item.result
