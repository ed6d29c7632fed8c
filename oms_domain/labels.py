"""Shipping labels and packing slips as plain data, free of any Odoo import.

``oms_multichannel`` fills these values from deliveries (texts already in the
customer's language), asks :func:`label_problems` what stops a label from being
printed, and draws the rest with reportlab in the places :func:`label_layout`
gives. A label with problems is not drawn: the batch PDF lists the problems on
its first page and prints every other delivery.
"""

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
