"""Phone numbers as the phone desk compares them.

A caller's number is typed in any format (``+49 30 1234-5678``,
``(030) 12345678``); partners store theirs in others. Two numbers are the same
line when their last digits agree: the national part without country or trunk
prefix. Nine digits are enough to tell subscribers apart in most countries and
short enough to drop ``+49``/``0049``/``0`` prefixes.
"""

import re

from .errors import DomainError

#: digits compared from the end of both numbers
MATCH_DIGITS = 9
#: fewer digits than this are not a phone number worth searching
MIN_DIGITS = 6

_NON_DIGIT = re.compile(r"\D+")


def digits(text):
    """The digits of a phone number, in order (``"+1 (555) 12"`` -> ``"155512"``)."""
    return _NON_DIGIT.sub("", text or "")


def match_key(text):
    """The tail a number is searched by; DomainError ``phone_too_short`` when
    the text has fewer than :data:`MIN_DIGITS` digits."""
    found = digits(text)
    if len(found) < MIN_DIGITS:
        raise DomainError("phone_too_short", phone=text, minimum=MIN_DIGITS)
    return found[-MATCH_DIGITS:]


def same_line(left, right):
    """Whether two numbers end with the same :data:`MATCH_DIGITS` digits (or
    are equal when shorter)."""
    a, b = digits(left), digits(right)
    if len(a) < MIN_DIGITS or len(b) < MIN_DIGITS:
        return False
    size = min(MATCH_DIGITS, len(a), len(b))
    return a[-size:] == b[-size:]
