"""Small helpers the parsers share."""

import codecs
import io
import re
from datetime import datetime, timezone

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text):
    """``NewFancyFee`` / ``New fancy-fee`` -> ``new_fancy_fee``."""
    text = _CAMEL.sub("_", (text or "").strip())
    return _NON_WORD.sub("_", text.lower()).strip("_")


def compact(text):
    """Lowercase letters and digits only: the key of the description tables."""
    return _NON_WORD.sub("", (text or "").lower())


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d.%m.%Y",
)


def parse_date(text):
    """A report date as an aware UTC datetime, or None when unreadable.

    Amazon writes ``2026-11-02 06:50:39 UTC`` (``02.11.2026 ...`` on European
    marketplaces), Shopify and Stripe ISO 8601 or Unix seconds.
    """
    if text is None or text == "":
        return None
    if isinstance(text, int) or (isinstance(text, str) and text.isdigit()):
        return datetime.fromtimestamp(int(text), timezone.utc)
    raw = text.strip()
    for suffix in (" UTC", "Z", " GMT"):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)]
            break
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def open_text(binary, *, sniff=65536):
    """A text stream over a report's bytes, for the parsers.

    Amazon writes UTF-8 on some marketplaces and Windows-1252 on others (a
    European ``é`` in a description); the first ``sniff`` bytes decide: a BOM
    or valid UTF-8 means UTF-8 (undecodable bytes further on become U+FFFD),
    anything else Windows-1252. ``binary`` must be seekable (a file, BytesIO).
    """
    head = binary.read(sniff)
    binary.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            # a character cut at the end of a full sample is not an error
            decoder.decode(head, final=len(head) < sniff)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
