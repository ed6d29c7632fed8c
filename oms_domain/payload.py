"""Keep what a channel sent, whatever it is, in a form a database can store.

PostgreSQL text holds neither NUL characters nor invalid UTF-8, and ``json.dumps``
refuses mixed key types, unknown objects and very deep nesting. These helpers never
raise: they give a readable text for the screen and the exact bytes received, so
that nothing a channel sent is lost on the way in.
"""

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class RawPayload:
    """A payload as received: ``text`` to read, ``data`` the exact bytes.

    ``exact`` is true when ``text`` encoded as UTF-8 gives back ``data``; when it
    is false (bytes that are not UTF-8, NUL characters, lone surrogates), only
    ``data`` is the payload and ``text`` is its readable approximation.
    """

    text: str
    data: bytes
    exact: bool

    @property
    def sha256(self):
        return hashlib.sha256(self.data).hexdigest()


def raw_payload(value):
    """:class:`RawPayload` of a payload given as bytes, text or any Python value.

    Text is encoded as UTF-8 (lone surrogates kept with ``surrogatepass``, so
    they come back with the same handler); other values are serialized with
    :func:`json_text`.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
        text = storable_text(text)
        return RawPayload(text, data, text.encode("utf-8") == data)
    if not isinstance(value, str):
        value = json_text(value)
    data = value.encode("utf-8", errors="surrogatepass")
    text = storable_text(value)
    return RawPayload(text, data, text == value)


def storable_text(text):
    """``text`` without what PostgreSQL refuses: NUL and lone surrogates."""
    if "\x00" in text:
        text = text.replace("\x00", REPLACEMENT)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text


def json_text(value):
    """Indented JSON of ``value``; a readable repr when it cannot be JSON.

    Non-finite floats are written as ``NaN`` / ``Infinity`` (which Python's
    ``json`` reads back), decimals, dates and bytes as strings. The result is
    always storable text.
    """
    text = None
    for sort_keys in (True, False):
        try:
            text = json.dumps(
                value,
                indent=2,
                sort_keys=sort_keys,
                ensure_ascii=False,
                default=_json_default,
            )
            break
        except TypeError:
            # Keys of mixed or non-JSON types: sorting or the keys themselves.
            continue
        except (ValueError, RecursionError):
            break
    if text is None:
        text = safe_repr(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: the ASCII escapes of JSON keep them exactly.
        try:
            text = json.dumps(value, indent=2, ensure_ascii=True, default=_json_default)
        except (TypeError, ValueError, RecursionError):
            text = storable_text(text)
    return text


def safe_repr(value, limit=None):
    """``repr(value)`` that never raises (deep nesting, huge integers)."""
    try:
        text = repr(value)
    except (RecursionError, ValueError, TypeError, MemoryError):
        text = "<%s>" % type(value).__name__
    except Exception:  # noqa: BLE001 - a foreign __repr__ may raise anything
        text = "<%s>" % type(value).__name__
    text = storable_text(text)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def json_type(value):
    """Name of the JSON type of ``value`` (for messages about wrong types)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | Decimal):
        return "number"
    if isinstance(value, float):
        return "number" if math.isfinite(value) else "non-finite number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return safe_repr(data)
    if isinstance(value, set | frozenset):
        return list(value)
    return safe_repr(value)
