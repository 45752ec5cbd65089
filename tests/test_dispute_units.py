"""One unit for disputes, the seed's (全年排查梳理纠纷80起): every figure that counts disputes says
起, and no Chinese text of the catalogue counts disputes in 件 or 宗."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import fazhi
from fazhi.core.figures import REGISTRY
from fazhi.disputes.figures import FIGURES
from fazhi.publicity import figures as publicity_figures  # noqa: F401 (registers advisers.*)

MO = Path(fazhi.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def test_every_count_of_disputes_is_in_qi() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        counts = {fid: str(f.unit) for fid, f in FIGURES.items() if str(f.unit) != "%"}
        assert counts["disputes.screened"] == "起"
        assert set(counts.values()) <= {"起", "场次"}, counts  # 场次: mediator training sessions
        assert str(REGISTRY["advisers.mediations"].unit) == "起"  # was 纠纷, and 宗 in its rule


def test_no_text_counts_disputes_in_another_unit() -> None:
    other = re.compile(r"[件宗]纠纷|一[件宗]|每宗|纠纷\S{0,6}\d+\s*[件宗]")
    with MO.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    wrong = [(key, text) for key, text in catalogue.items() if "纠纷" in text and other.search(text)]
    assert wrong == []
