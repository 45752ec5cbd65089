"""core.lookups: the shared lookup and optional-filter helpers of the selectors modules."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core.errors import NotFound
from fazhi.core.lookups import filter_if, get_or_not_found
from fazhi.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def test_get_or_not_found_inside_the_given_queryset(world: Any) -> None:
    qs = Enterprise.objects.filter(region=world.village_a)
    assert get_or_not_found(qs, pk=world.ent_a.pk) == world.ent_a
    with pytest.raises(NotFound) as caught:
        get_or_not_found(qs, "没有这家企业", pk=world.ent_b.pk)  # exists, but outside the queryset
    assert caught.value.message == "没有这家企业"


def test_filter_if_drops_only_absent_values(world: Any) -> None:
    qs = Enterprise.objects.all()
    assert set(filter_if(qs, name=None, region="")) == {world.ent_a, world.ent_b}
    assert list(filter_if(qs, name=world.ent_b.name, region=None)) == [world.ent_b]
    assert list(filter_if(qs, name__contains="不存在")) == []
