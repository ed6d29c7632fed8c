"""Builders of settlement files for the tests (documented columns only)."""

import io
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "settlement"

AMAZON_COLUMNS = (
    "settlement-id settlement-start-date settlement-end-date deposit-date "
    "total-amount currency transaction-type order-id merchant-order-id "
    "adjustment-id shipment-id marketplace-name amount-type amount-description "
    "amount fulfillment-id posted-date posted-date-time order-item-code "
    "merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased "
    "promotion-id"
).split()

STRIPE_COLUMNS = (
    "balance_transaction_id,created,available_on,currency,gross,fee,net,"
    "reporting_category,source_id,description,payout_id,payment_metadata[order_id]"
).split(",")


def fixture_text(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def amazon_text(rows, total, *, settlement_id="900001", currency="EUR"):
    """A V2 flat file: the summary row then one row per (ttype, order, atype,
    description, amount)."""
    out = ["\t".join(AMAZON_COLUMNS)]
    summary = dict.fromkeys(AMAZON_COLUMNS, "")
    summary.update(
        {
            "settlement-id": settlement_id,
            "settlement-start-date": "2026-11-01 00:00:00 UTC",
            "settlement-end-date": "2026-11-15 00:00:00 UTC",
            "deposit-date": "2026-11-17 00:00:00 UTC",
            "total-amount": total if isinstance(total, str) else format(total, "f"),
            "currency": currency,
        }
    )
    out.append("\t".join(summary[c] for c in AMAZON_COLUMNS))
    for ttype, order, atype, desc, amount in rows:
        row = dict.fromkeys(AMAZON_COLUMNS, "")
        row.update(
            {
                "settlement-id": settlement_id,
                "transaction-type": ttype,
                "order-id": order,
                "amount-type": atype,
                "amount-description": desc,
                "amount": amount if isinstance(amount, str) else format(amount, "f"),
            }
        )
        out.append("\t".join(row[c] for c in AMAZON_COLUMNS))
    return "\r\n".join(out) + "\r\n"


def stripe_text(rows, *, payout_id="po_test"):
    """rows: (category, gross, fee, order_id); net computed as gross - fee."""
    out = [",".join(STRIPE_COLUMNS)]
    for index, (category, gross, fee, order) in enumerate(rows, start=1):
        out.append(
            ",".join(
                (
                    "txn_%d" % index,
                    "2026-11-10 10:00:00",
                    "2026-11-12 00:00:00",
                    "eur",
                    format(gross, "f"),
                    format(fee, "f"),
                    format(gross - fee, "f"),
                    category,
                    "src_%d" % index,
                    "",
                    payout_id,
                    order,
                )
            )
        )
    return "\n".join(out) + "\n"


def stream(text):
    return io.StringIO(text, newline="")
