"""Shopify Payments in the sandbox: payouts and balance transactions over the
documented REST endpoints (``GET /admin/api/<v>/shopify_payments/payouts.json``
and ``.../shopify_payments/balance/transactions.json?payout_id=``), paged by
``limit`` and a ``Link: <...page_info=...>; rel="next"`` header as Shopify does.
"""

import base64
import json
import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

PAYOUTS_RE = re.compile(r"^/admin/api/[\w-]+/shopify_payments/payouts\.json$")
TRANSACTIONS_RE = re.compile(
    r"^/admin/api/[\w-]+/shopify_payments/balance/transactions\.json$"
)
MAX_LIMIT = 250


class ShopifyPaymentsMixin:
    """Needs ``lock``, ``token``, ``currency``, ``calls``, ``_new_id()`` and
    ``_take_fault``/``_fault_answer`` of the sandbox."""

    def _payments_state(self):
        if not hasattr(self, "payouts"):
            self.payouts = []
            self.balance_transactions = []

    def add_payout(self, transactions, *, when=None, status="paid", fee_rate="0.029"):
        """A payout of ``transactions``: (type, amount, order_id or None) with
        amounts as strings; charges pay ``fee_rate`` of their amount plus 0.30.
        Returns the payout (REST shape); its amount is the sum of the nets."""
        self._payments_state()
        with self.lock:
            payout_id = self._new_id()
            net_total = Decimal(0)
            rows = []
            for kind, amount, order_id in transactions:
                amount = Decimal(amount)
                fee = Decimal(0)
                if kind == "charge":
                    fee = (amount * Decimal(fee_rate) + Decimal("0.30")).quantize(
                        Decimal("0.01")
                    )
                net = amount - fee
                net_total += net
                rows.append(
                    {
                        "id": self._new_id(),
                        "type": kind,
                        "test": False,
                        "payout_id": payout_id,
                        "payout_status": status,
                        "currency": self.currency,
                        "amount": format(amount, "f"),
                        "fee": format(fee, "f"),
                        "net": format(net, "f"),
                        "source_id": self._new_id(),
                        "source_type": kind,
                        "source_order_id": order_id,
                        "processed_at": "%sT12:00:00Z"
                        % (when or date.today()).isoformat(),
                    }
                )
            payout = {
                "id": payout_id,
                "status": status,
                "date": (when or date.today()).isoformat(),
                "currency": self.currency,
                "amount": format(net_total, "f"),
            }
            rows.append(
                dict(
                    rows[0] if rows else {},
                    id=self._new_id(),
                    type="payout",
                    amount=format(-net_total, "f"),
                    fee="0.00",
                    net=format(-net_total, "f"),
                    source_type="payout",
                    source_order_id=None,
                    payout_id=payout_id,
                    currency=self.currency,
                )
            )
            self.payouts.append(payout)
            self.balance_transactions.extend(rows)
            return payout

    def handle_rest_get(self, headers, path):
        """(status, payload, headers, raw, delay) of a Shopify Payments GET,
        or None when the path is not one of them."""
        self._payments_state()
        parts = urlsplit(path)
        if PAYOUTS_RE.match(parts.path):
            rows_of = self._rest_payouts
        elif TRANSACTIONS_RE.match(parts.path):
            rows_of = self._rest_transactions
        else:
            return None
        if headers.get("X-Shopify-Access-Token") != self.token:
            return 401, {"errors": "[API] Invalid API key or access token"}, {}, None, 0
        with self.lock:
            self.calls.append({"rest": parts.path})
        fault = self._take_fault()
        answer, delay = self._fault_answer(
            fault, lambda status: {"errors": "sandbox fault %s" % status}, 5
        )
        if answer:
            return answer
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        limit = min(int(query.get("limit") or 50), MAX_LIMIT)
        offset = 0
        if query.get("page_info"):
            # the cursor carries the first page's filters, as Shopify's does
            offset, filters = json.loads(base64.urlsafe_b64decode(query["page_info"]))
            query = dict(filters, limit=limit)
        with self.lock:
            rows = rows_of(query)
        page = rows[offset : offset + limit]
        extra = {}
        if offset + limit < len(rows):
            # Shopify pages carry only limit and page_info, never the filters
            cursor = json.dumps([offset + limit, query]).encode()
            following = urlencode(
                {"limit": limit, "page_info": base64.urlsafe_b64encode(cursor)}
            )
            extra["Link"] = '<%s%s?%s>; rel="next"' % (self.url, parts.path, following)
        key = "payouts" if rows_of == self._rest_payouts else "transactions"
        return 200, {key: page}, extra, None, delay

    def _rest_payouts(self, query):
        rows = sorted(self.payouts, key=lambda p: (p["date"], p["id"]), reverse=True)
        if query.get("status"):
            rows = [p for p in rows if p["status"] == query["status"]]
        if query.get("date_min"):
            rows = [p for p in rows if p["date"] >= query["date_min"]]
        return rows

    def _rest_transactions(self, query):
        rows = self.balance_transactions
        if query.get("payout_id"):
            rows = [t for t in rows if str(t["payout_id"]) == str(query["payout_id"])]
        return list(rows)
