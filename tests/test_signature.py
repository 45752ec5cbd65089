"""core.signature reads the pad's PNG (every PNG filter) and counts its ink: a name is a
signature; an empty, white or dotted pad is not; anything that is not such a PNG is refused."""

from __future__ import annotations

import pytest

from fazhi.core import signature
from tests.test_onsite import NAME_STROKES, pad_png


@pytest.mark.parametrize("filters", [(0,), (1,), (2,), (3,), (4,), (0, 1, 2, 3, 4)])
def test_every_filter_decodes_to_the_same_ink(filters: tuple[int, ...]) -> None:
    drawn = signature.ink_pixels(pad_png(NAME_STROKES, filters=filters))
    reference = signature.ink_pixels(pad_png(NAME_STROKES, filters=(0,)))
    assert drawn == reference and drawn[0] > 500 and drawn[1] == 350 * 140


@pytest.mark.parametrize("white", [False, True])
def test_a_name_is_a_signature_and_an_empty_pad_is_not(white: bool) -> None:
    assert signature.has_signature(pad_png(NAME_STROKES, white=white))
    assert not signature.has_signature(pad_png([], white=white))
    assert not signature.has_signature(pad_png([[(100, 60), (104, 62)]], white=white))  # a tap


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, pad_png(NAME_STROKES)[:-30]],
    ids=["empty", "gif", "header-only", "truncated"],
)
def test_what_is_not_a_whole_png_is_refused(data: bytes) -> None:
    with pytest.raises(signature.NotAPng):
        signature.ink_pixels(data)


def test_the_demo_signature_is_one() -> None:
    import base64

    assert signature.has_signature(base64.b64decode(signature.sample_signature(3).split(",", 1)[1]))
