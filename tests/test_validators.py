from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from fazhi.core.masking import mask_id_number, mask_name, mask_phone
from fazhi.core.validators import check_resident_id, check_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_valid_code_passes_and_is_normalised() -> None:
    code = "91500238" + "MA5U1X2Y3"
    code += uscc.calc_check_digit(code)
    result = check_uscc(" " + code.lower() + " ")
    assert result.value == code
    assert not result.error and not result.warning


def test_wrong_check_character_is_a_warning_not_an_error() -> None:
    code = "91500238MA5U1X2Y3"
    good = uscc.calc_check_digit(code)
    bad = next(c for c in ALPHABET if c != good)
    result = check_uscc(code + bad)
    assert not result.error
    assert good in result.warning


def test_farmers_cooperative_prefix_is_accepted() -> None:
    code = "N2500238MA5U1X2Y3"
    result = check_uscc(code + uscc.calc_check_digit(code))
    assert not result.error and not result.warning


def test_shape_errors_say_what_is_wrong() -> None:
    assert "18" in check_uscc("91500238").error
    assert check_uscc("91500238MA5U1X2YIO").error.endswith("：IO")  # names the characters found
    assert check_uscc("").error
    assert check_uscc("91ABCDEFMA5U1X2Y3K").error  # region code must be digits


@given(
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
    st.sampled_from(["91", "92", "93", "12", "52"]),
    st.from_regex(r"\A[0-9]{6}\Z"),
)
def test_generated_valid_codes_always_pass(org: str, kind: str, region: str) -> None:
    base = kind + region + org
    result = check_uscc(base + uscc.calc_check_digit(base))
    assert not result.error and not result.warning


@given(st.text(max_size=30))
def test_arbitrary_input_never_raises(text: str) -> None:
    result = check_uscc(text)
    assert result.error or result.warning or len(result.value) == 18


def test_resident_id() -> None:
    assert not check_resident_id("11010519491231002X").error
    assert check_resident_id("110105194912310021").error


def test_masking() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_name("张三丰") == "张**"
    assert mask_phone("") == "" and mask_phone("123") == "***"
