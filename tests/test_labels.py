"""Shipping label data: problems and layout."""

from oms_domain.labels import (
    LABEL_SIZE,
    Address,
    LabelProblem,
    ShippingLabel,
    is_code128,
    label_layout,
    label_problems,
)

SENDER = Address("Central Warehouse", "1 Dock Road", city="Wuhan", country="China")
RECIPIENT = Address(
    "Grace Buyer", "1 Main Street", city="Springfield", zip="12345", country="USA"
)


def label(**kw):
    values = {
        "reference": "WH/OUT/00012",
        "carrier": "UPS",
        "sender": SENDER,
        "recipient": RECIPIENT,
    }
    values.update(kw)
    return ShippingLabel(**values)


def test_complete_label_has_no_problem():
    assert label_problems(label()) == []


def test_missing_carrier_and_address_parts():
    bad = label(
        carrier="",
        recipient=Address("Ann", city="", country="", zip_required=True),
        sender=Address("Shop"),
    )
    assert label_problems(bad) == [
        LabelProblem.NO_CARRIER,
        LabelProblem.RECIPIENT_STREET,
        LabelProblem.RECIPIENT_CITY,
        LabelProblem.RECIPIENT_ZIP,
        LabelProblem.RECIPIENT_COUNTRY,
        LabelProblem.SENDER_ADDRESS,
    ]
    assert LabelProblem.NO_RECIPIENT in label_problems(label(recipient=Address()))


def test_barcode_and_qr_values():
    plain = label()
    assert plain.barcode_value == plain.qr_value == "WH/OUT/00012"
    tracked = label(tracking_ref="1Z999", tracking_url="https://t.example/1Z999")
    assert tracked.barcode_value == "1Z999"
    assert tracked.qr_value == "https://t.example/1Z999"
    assert LabelProblem.BARCODE_CHARACTERS in label_problems(label(tracking_ref="Ä1"))
    assert not is_code128("") and is_code128("AB-12/3")


def test_address_lines_skip_empty_parts():
    assert RECIPIENT.lines() == [
        "Grace Buyer",
        "1 Main Street",
        "12345 Springfield",
        "USA",
    ]
    assert Address("Ann", city="Paris", state="IDF").lines() == ["Ann", "Paris, IDF"]


def test_layout_regions_stay_on_the_label_without_overlap():
    regions = label_layout()
    width, height = LABEL_SIZE
    for box in regions.values():
        assert 0 <= box.x and box.x + box.width <= width
        assert 0 <= box.y and box.y + box.height <= height
    ordered = [regions[k] for k in ("header", "sender", "recipient", "barcode")]
    for upper, lower in zip(ordered, ordered[1:], strict=False):
        assert lower.y + lower.height <= upper.y
    qr, details = regions["qr"], regions["details"]
    assert details.x + details.width <= qr.x
    assert qr.y + qr.height <= regions["barcode"].y
