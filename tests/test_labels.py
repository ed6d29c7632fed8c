"""Shipping label data: problems, layout and right-to-left text."""

from hypothesis import given
from hypothesis import strategies as st

from oms_domain.labels import (
    LABEL_SIZE,
    Address,
    LabelProblem,
    ShippingLabel,
    base_direction,
    is_code128,
    is_rtl,
    label_layout,
    label_problems,
    visual_order,
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


# Right-to-left text ---------------------------------------------------------


def test_visual_order_leaves_left_to_right_text_alone():
    assert visual_order("Order SO123 (2 parcels)") == "Order SO123 (2 parcels)"
    assert visual_order("王小明 北京") == "王小明 北京"
    assert visual_order("") == ""
    assert visual_order(None) == ""


def test_visual_order_hebrew():
    assert is_rtl("דוד") and not is_rtl("David")
    assert base_direction("12 דוד") == "rtl"
    assert visual_order("שלום") == "םולש"
    # Numbers keep their digit order inside right-to-left text.
    assert visual_order("רחוב הרצל 12") == "12 לצרה בוחר"
    assert visual_order("מחיר: 12.50%") == "12.50% :ריחמ"
    # Latin words inside Hebrew stay readable, and the other way round.
    assert visual_order("רחוב Main 5") == "Main 5 בוחר"
    assert visual_order("Order SO123 לקוח") == "Order SO123 חוקל"
    # Brackets are mirrored in right-to-left runs.
    assert visual_order("(שלום)") == "(םולש)"
    assert visual_order("שלום", direction="ltr") == "םולש"


def test_visual_order_is_a_permutation():

    alphabet = st.sampled_from(list("אבגדשלום abcXYZ 0123456789.,:-()%"))

    @given(st.lists(alphabet, max_size=30).map("".join))
    def check(text):
        shown = visual_order(text)
        # Same characters, brackets possibly mirrored.
        assert sorted(shown.replace(")", "(")) == sorted(text.replace(")", "("))
        # Reading a right-to-left line twice gives it back when it has no
        # numbers or Latin inside.
        if all(char in "אבגדשלום " for char in text) and text.strip():
            assert visual_order(shown, direction="rtl") == text

    check()
