import pytest

from oms_domain.errors import DomainError
from oms_domain.phone import digits, match_key, same_line


def test_digits_keeps_only_digits():
    assert digits("+49 (30) 1234-5678") == "493012345678"
    assert digits(None) == ""


def test_match_key_is_the_national_tail():
    assert match_key("+49 30 1234 5678") == match_key("030 12345678")
    assert match_key("0049-30-12345678") == "012345678"


def test_too_short_is_refused():
    with pytest.raises(DomainError) as error:
        match_key("12-34")
    assert error.value.code == "phone_too_short"


def test_same_line():
    assert same_line("+1 555 123 4567", "(555) 123-4567")
    assert not same_line("+1 555 123 4567", "+1 555 123 4568")
    assert not same_line("123", "123")
