"""Channel invoicing and channel payments, free of any Odoo import.

A channel decides which quantity of its orders is invoiced (its invoicing
policy) and what its payment status means for the invoices: registered in the
channel's clearing journal when paid, refunded through it when refunded.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import Enum

INVOICE_POLICIES = ("confirm", "delivery", "none")


class Basis(str, Enum):
    """Which quantity of an order line its invoices follow."""

    ORDERED = "order"
    DELIVERED = "delivery"


class ClearingAction(str, Enum):
    """What the channel's payment status asks of one posted invoice."""

    PAY = "pay"
    REFUND = "refund"


def invoice_basis(channel_policy, product_policy, delivered_by_moves):
    """Quantity an order line is invoiced on, under its channel's policy.

    At confirmation: the ordered quantity, whatever the product says. At
    delivery: the delivered quantity of what is shipped; services and other
    lines without deliveries (the shipping line) go with the ordered quantity,
    the job invoices them with the first delivery. No channel policy: the
    product's own invoicing policy (Odoo's default).
    """
    if channel_policy == "confirm":
        return Basis.ORDERED
    if channel_policy == "delivery":
        return Basis.DELIVERED if delivered_by_moves else Basis.ORDERED
    return Basis(product_policy or Basis.ORDERED)


def qty_to_invoice(basis, ordered, delivered, invoiced):
    """Quantity still to invoice (negative: to credit) on the given basis."""
    base = ordered if Basis(basis) is Basis.ORDERED else delivered
    return base - invoiced


@dataclass(frozen=True)
class OpenInvoice:
    """A posted customer invoice as the payment rules see it."""

    key: Hashable
    residual: float
    credited: bool = False


def clearing_actions(payment_status, invoices: Iterable[OpenInvoice], rounding=0.01):
    """[(invoice key, ClearingAction)] the channel's payment status asks for.

    Paid: every invoice with an open amount is paid through the clearing
    journal. Refunded: every invoice not credited yet gets a credit note, set
    against what is still open and paid back through clearing for the rest.
    Any other status (pending, authorized, partially paid): nothing until the
    channel says the money was captured.
    """
    actions = []
    for invoice in invoices:
        if invoice.credited:
            continue
        if payment_status == "paid" and invoice.residual > rounding / 2:
            actions.append((invoice.key, ClearingAction.PAY))
        elif payment_status == "refunded":
            actions.append((invoice.key, ClearingAction.REFUND))
    return actions
