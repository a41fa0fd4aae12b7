from decimal import Decimal

import pytest

from platforms.decimals import cached_decimal, parse_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0.4200", Decimal("0.4200")), ("12", Decimal(12)), (7, Decimal(7)), (0.1, Decimal("0.1"))],
)
def test_parses_strings_and_json_numbers_exactly(raw, expected):
    parsed = parse_decimal(raw)
    assert parsed == expected
    assert str(parsed) == str(expected)  # 0.1 through str, not binary noise


def test_a_parsed_string_is_cached():
    first = parse_decimal("0.1234567")
    assert cached_decimal("0.1234567") is first
    assert parse_decimal("0.1234567") is first
    assert cached_decimal(0.5) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("abc", "not a number"), ("NaN", "not a finite number"), ("Infinity", "not a finite number"),
     (True, "got bool"), (None, "got NoneType"), (["1"], "got list")],
)
def test_bad_values_say_why(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_decimal(raw)
