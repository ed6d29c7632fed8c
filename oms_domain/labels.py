"""Shipping labels and packing slips as plain data, free of any Odoo import.

``oms_multichannel`` fills these values from deliveries (texts already in the
customer's language), asks :func:`label_problems` what stops a label from being
printed, and draws the rest with reportlab in the places :func:`label_layout`
gives. A label with problems is not drawn: the batch PDF lists the problems on
its first page and prints every other delivery.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

POINTS_PER_INCH = 72
LABEL_SIZE = (4 * POINTS_PER_INCH, 6 * POINTS_PER_INCH)  # 4 x 6 in, portrait


class LabelProblem(str, Enum):
    """Why a label cannot be printed; the addon words the message."""

    NO_CARRIER = "no_carrier"
    NO_RECIPIENT = "no_recipient"
    RECIPIENT_STREET = "recipient_street"
    RECIPIENT_CITY = "recipient_city"
    RECIPIENT_ZIP = "recipient_zip"
    RECIPIENT_COUNTRY = "recipient_country"
    SENDER_ADDRESS = "sender_address"
    BARCODE_CHARACTERS = "barcode_characters"


@dataclass(frozen=True)
class Address:
    name: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    zip: str = ""
    state: str = ""
    country: str = ""
    country_code: str = ""
    zip_required: bool = False
    phone: str = ""

    def lines(self):
        """Printable lines, empty parts left out."""
        city = " ".join(part for part in (self.zip, self.city) if part)
        region = ", ".join(part for part in (city, self.state) if part)
        return [
            line
            for line in (self.name, self.street, self.street2, region, self.country)
            if line
        ]


@dataclass(frozen=True)
class ShippingLabel:
    """One parcel of one delivery. ``weight`` is the gross weight."""

    reference: str
    carrier: str
    sender: Address
    recipient: Address
    tracking_ref: str = ""
    tracking_url: str = ""
    weight: float = 0.0
    weight_uom: str = "kg"
    box: str = ""
    parcel: int = 1
    parcels: int = 1
    order_ref: str = ""

    @property
    def barcode_value(self):
        """What the Code 128 barcode holds: the tracking number, else the
        delivery reference."""
        return self.tracking_ref or self.reference

    @property
    def qr_value(self):
        """What the QR code holds: the tracking link, else the barcode value."""
        return self.tracking_url or self.barcode_value


@dataclass(frozen=True)
class SlipLine:
    product: str
    code: str = ""
    ordered: float = 0.0
    shipped: float = 0.0
    uom: str = ""
    location: str = ""


@dataclass(frozen=True)
class PackingSlip:
    reference: str
    order_ref: str
    date: str
    recipient: Address
    sender: Address
    lines: Sequence[SlipLine] = field(default=())
    channel: str = ""
    note: str = ""
    boxes: Sequence[str] = field(default=())


def label_problems(label):
    """The :class:`LabelProblem` codes that stop ``label`` from printing."""
    problems = []
    if not label.carrier:
        problems.append(LabelProblem.NO_CARRIER)
    recipient = label.recipient
    if not recipient.name:
        problems.append(LabelProblem.NO_RECIPIENT)
    if not (recipient.street or recipient.street2):
        problems.append(LabelProblem.RECIPIENT_STREET)
    if not recipient.city:
        problems.append(LabelProblem.RECIPIENT_CITY)
    if recipient.zip_required and not recipient.zip:
        problems.append(LabelProblem.RECIPIENT_ZIP)
    if not recipient.country:
        problems.append(LabelProblem.RECIPIENT_COUNTRY)
    sender = label.sender
    if not (sender.name and (sender.street or sender.street2) and sender.city):
        problems.append(LabelProblem.SENDER_ADDRESS)
    if not is_code128(label.barcode_value):
        problems.append(LabelProblem.BARCODE_CHARACTERS)
    return problems


def is_code128(value):
    """Code 128 carries printable ASCII only."""
    return bool(value) and all(32 <= ord(char) < 127 for char in value)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def label_layout(size=LABEL_SIZE, margin=12):
    """Regions of a label (reportlab coordinates: origin bottom left).

    From top to bottom: carrier and parcel count; sender; recipient (the
    largest); Code 128 barcode; QR code beside weight, box and reference.
    """
    width, height = size
    inner = width - 2 * margin
    top = height - margin
    header = Box(margin, top - 28, inner, 28)
    sender = Box(margin, header.y - 70, inner, 66)
    recipient = Box(margin, sender.y - 126, inner, 122)
    barcode = Box(margin, recipient.y - 86, inner, 80)
    qr_side = barcode.y - margin - 4
    qr = Box(width - margin - qr_side, margin, qr_side, qr_side)
    details = Box(margin, margin, inner - qr_side - 8, qr_side)
    return {
        "header": header,
        "sender": sender,
        "recipient": recipient,
        "barcode": barcode,
        "qr": qr,
        "details": details,
    }


# Right-to-left text -------------------------------------------------------------
# PDF text is drawn glyph after glyph from left to right: Hebrew or Arabic must be
# put in display order first. This is the Unicode bidirectional algorithm for one
# line without explicit embeddings (rules W1-W7, N1-N2, I1-I2, L2 and L4 for
# brackets), which is what names and addresses on labels need. Arabic letters are
# ordered but not shaped (joined forms need a shaping engine).

_STRONG_RTL = ("R", "AL")
_NUMBER = ("EN", "AN")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def is_rtl(text):
    """True when ``text`` has right-to-left letters."""
    return any(unicodedata.bidirectional(char) in _STRONG_RTL for char in text or "")


def base_direction(text):
    """``"rtl"`` or ``"ltr"``: the direction of the first strong letter (P2-P3)."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def visual_order(text, direction=None):
    """``text`` (one line, logical order) in the order to draw it left to right.

    Text without right-to-left letters comes back unchanged.

    :param direction: ``"rtl"`` or ``"ltr"`` paragraph direction; default: that
        of the first strong letter
    """
    if not text or not is_rtl(text):
        return text or ""
    base = 1 if (direction or base_direction(text)) == "rtl" else 0
    sos = "R" if base else "L"
    types = _resolve_neutrals(_resolve_weak(text, sos), sos)
    levels = [
        (1 if kind == "R" else 2 if kind in _NUMBER else 0)
        if base == 0
        else (2 if kind in ("L", *_NUMBER) else 1)
        for kind in types
    ]
    # L4: brackets are mirrored in right-to-left runs.
    chars = [
        char.translate(_MIRROR) if level % 2 else char
        for char, level in zip(text, levels, strict=True)
    ]
    return "".join(chars[i] for i in _reorder(levels))


def _resolve_weak(text, sos):
    """Bidi types of ``text`` after rules W1-W7 (AL folded into R)."""
    types = [unicodedata.bidirectional(char) for char in text]
    # W1: non-spacing marks take the type of what they follow.
    for i, kind in enumerate(types):
        if kind == "NSM":
            types[i] = types[i - 1] if i else sos
    # W2-W3: European numbers after Arabic letters are Arabic numbers; AL is R.
    last = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R", "AL"):
            last = kind
        elif kind == "EN" and last == "AL":
            types[i] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, len(types) - 1):
        if types[i - 1] == types[i + 1] == "EN" and types[i] in ("ES", "CS"):
            types[i] = "EN"
        elif types[i - 1] == types[i + 1] == "AN" and types[i] == "CS":
            types[i] = "AN"
    # W5: terminators (%, currency signs) next to European numbers join them.
    for i, j in _runs(types, lambda kind: kind == "ET"):
        if (i and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
            types[i:j] = ["EN"] * (j - i)
    # W6-W7: remaining separators are neutral; numbers after L are L.
    last = sos
    for i, kind in enumerate(types):
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
        elif kind in ("L", "R"):
            last = kind
        elif kind == "EN" and last == "L":
            types[i] = "L"
    return types


def _resolve_neutrals(types, sos):
    """N1-N2: neutrals between two same directions take it, else the base one;
    numbers count as right-to-left there."""

    def strong(kind):
        return "R" if kind in _NUMBER else kind

    def is_neutral(kind):
        return kind not in ("L", "R", *_NUMBER)

    for i, j in _runs(types, is_neutral):
        before = strong(types[i - 1]) if i else sos
        after = strong(types[j]) if j < len(types) else sos
        types[i:j] = [before if before == after else sos] * (j - i)
    return types


def _runs(items, predicate):
    """``(start, end)`` of the maximal runs of ``items`` matching ``predicate``."""
    runs, i = [], 0
    while i < len(items):
        if predicate(items[i]):
            j = i
            while j < len(items) and predicate(items[j]):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _reorder(levels):
    """L2: indexes in display order, reversing runs from the highest level down
    to the lowest odd one."""
    indexes = list(range(len(levels)))
    lowest_odd = min((level for level in levels if level % 2), default=1)
    for level in range(max(levels), lowest_odd - 1, -1):
        current = [levels[i] for i in indexes]
        for i, j in _runs(current, lambda value, level=level: value >= level):
            indexes[i:j] = reversed(indexes[i:j])
    return indexes
