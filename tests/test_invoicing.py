import pytest

from oms_domain.invoicing import (
    Basis,
    ClearingAction,
    OpenInvoice,
    clearing_actions,
    invoice_basis,
    qty_to_invoice,
)


@pytest.mark.parametrize(
    ("channel", "product", "moves", "expected"),
    [
        ("confirm", "delivery", True, Basis.ORDERED),
        ("confirm", "order", False, Basis.ORDERED),
        ("delivery", "order", True, Basis.DELIVERED),
        ("delivery", "order", False, Basis.ORDERED),
        ("none", "delivery", True, Basis.DELIVERED),
        ("none", "order", True, Basis.ORDERED),
        (None, None, True, Basis.ORDERED),
    ],
)
def test_invoice_basis(channel, product, moves, expected):
    assert invoice_basis(channel, product, moves) is expected


def test_qty_to_invoice_follows_basis():
    assert qty_to_invoice(Basis.ORDERED, 5, 2, 1) == 4
    assert qty_to_invoice("delivery", 5, 2, 1) == 1
    # returned after invoicing: negative, a credit note's business
    assert qty_to_invoice(Basis.DELIVERED, 5, 1, 2) == -1


def test_paid_pays_open_invoices_only():
    invoices = [
        OpenInvoice("a", 10.0),
        OpenInvoice("b", 0.0),
        OpenInvoice("c", 0.004),
        OpenInvoice("d", 5.0, credited=True),
    ]
    assert clearing_actions("paid", invoices) == [("a", ClearingAction.PAY)]


def test_refunded_refunds_every_invoice_not_credited():
    invoices = [
        OpenInvoice("a", 0.0),
        OpenInvoice("b", 7.0),
        OpenInvoice("c", 0.0, credited=True),
    ]
    assert clearing_actions("refunded", invoices) == [
        ("a", ClearingAction.REFUND),
        ("b", ClearingAction.REFUND),
    ]


@pytest.mark.parametrize(
    "status", ["authorized", "pending", "partially_paid", "unknown", None]
)
def test_other_statuses_wait(status):
    assert clearing_actions(status, [OpenInvoice("a", 10.0)]) == []
