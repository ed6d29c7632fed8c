# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random
import time
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from oms_domain.demo_history import DemoChannel, DemoProduct, plan_history

_logger = logging.getLogger(__name__)

# Share of the orders per channel type; stores share theirs.
CHANNEL_SHARES = {
    "webshop": 0.35,
    "marketplace": 0.25,
    "phone": 0.1,
    "store": 0.3,
    "other": 0.05,
}
DEMO_PREFIX = "DEMO-"
# Quiet: no chatter tracking, no customer e-mails or SMS for a replayed past.
QUIET = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "oms_demo_history": True,
}


class OmsDemoHistory(models.AbstractModel):
    """Writes a plausible order history into a demo database, through the
    project's services: the intake takes each order in, confirmation
    allocates it, its deliveries are validated and dated in the past, and some
    come back as returns (``_oms_demo_return``, implemented by oms_returns).

    The plan (what sells when) is :func:`oms_domain.demo_history.plan_history`.
    Stock-out periods of the simulated past are written as
    ``oms.channel.stock.outage`` records directly: the recompute records
    only the present.
    """

    _name = "oms.demo.history"
    _description = "Demo Order History Generator"

    @api.model
    def generate(
        self,
        months=6,
        orders=3000,
        seed=42,
        force=False,
        company=None,
        channels=None,
        products=None,
    ):
        """Generate ``orders`` orders (about) over the last ``months`` months.

        Skips when the company already has a demo history, unless ``force``.
        ``channels`` and ``products`` default to the company's channels with a
        warehouse and up to 12 storable products with an internal reference.
        :return: dict of what was written
        """
        if not self.env.is_superuser() and not self.env.user.has_group(
            "oms_multichannel.group_oms_multichannel_manager"
        ):
            raise UserError(
                self.env._(
                    "Only Order Management managers may generate a demo history."
                )
            )
        company = company or self.env.company
        self = self.with_company(company).with_context(**QUIET)
        started = time.perf_counter()
        intakes = self.env["oms.order.intake"].sudo()
        if not force and intakes.search_count(
            [
                ("external_id", "=like", DEMO_PREFIX + "%"),
                ("channel_id.company_id", "=", company.id),
            ],
            limit=1,
        ):
            return {"skipped": True, "orders": 0, "returns": 0, "seconds": 0.0}
        channels = (channels or self._oms_demo_channels(company)).sudo()
        products = (products or self._oms_demo_products(company)).sudo()
        if not channels or not products:
            raise UserError(
                self.env._(
                    "A demo history needs channels with a warehouse and storable "
                    "products with an internal reference in %s.",
                    company.name,
                )
            )
        days = max(int(round(months * 30.4)), 1)
        end = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        start = datetime.combine(
            (end - timedelta(days=days)).date(), datetime.min.time()
        )
        rng = random.Random(seed)
        history = plan_history(
            start,
            (end.date() - start.date()).days,
            max(orders / days, 0.1),
            [
                DemoChannel(
                    channel.code,
                    CHANNEL_SHARES.get(channel.channel_type, 0.05)
                    / max(
                        sum(c.channel_type == channel.channel_type for c in channels), 1
                    ),
                    str(channel.warehouse_ids[:1].id),
                    store=channel.channel_type == "store",
                )
                for channel in channels
            ],
            [
                DemoProduct(
                    product.default_code,
                    product.list_price or 10.0,
                    popularity=round(rng.uniform(0.3, 3.0), 2),
                    cover_days=rng.choice((10, 14, 21)),
                    lead_days=rng.choice((3, 5, 8)),
                )
                for product in products
            ],
            seed=seed,
        )
        summary = self._oms_demo_replay(history, channels, products, company, end)
        summary["seconds"] = round(time.perf_counter() - started, 1)
        summary["skipped"] = False
        return summary

    # Reading the catalogue

    @api.model
    def _oms_demo_channels(self, company):
        return (
            self.env["oms.channel"]
            .sudo()
            .search([("company_id", "=", company.id), ("warehouse_ids", "!=", False)])
            .filtered(lambda c: c.code)
        )

    @api.model
    def _oms_demo_products(self, company, limit=12):
        """The OMS demo catalogue (OMS-...) first, then other products."""
        domain = [
            ("is_storable", "=", True),
            ("sale_ok", "=", True),
            ("default_code", "!=", False),
            ("company_id", "in", (False, company.id)),
        ]
        Product = self.env["product.product"].sudo()
        products = Product.search(
            domain + [("default_code", "=like", "OMS-%")], limit=limit
        )
        if len(products) >= limit:
            return products
        return products | Product.search(
            domain + [("id", "not in", products.ids)],
            order="id",
            limit=limit - len(products),
        )

    # Replaying the plan

    @api.model
    def _oms_demo_replay(self, history, channels, products, company, end):
        by_code = {channel.code: channel for channel in channels}
        by_sku = {product.default_code: product for product in products}
        customers = self._oms_demo_customers(company)
        self._oms_demo_receipts(history.receipts, by_sku, company)
        intake = self.env["oms.order.intake"].sudo()
        currency = company.currency_id.name
        shipped, taken, returns = {}, 0, 0
        to_return = []
        for index, planned in enumerate(history.orders):
            customer = customers[index % len(customers)]
            data = {
                "external_id": planned.ref,
                "currency": currency,
                "order_date": fields.Datetime.to_string(planned.date),
                "customer": customer,
                "lines": [
                    {
                        "sku": line.sku,
                        "quantity": line.quantity,
                        "unit_price": line.unit_price,
                    }
                    for line in planned.lines
                ],
                "payment_status": "paid",
            }
            record = intake.intake_order(by_code[planned.channel], data)
            order = record.sale_order_id
            taken += 1
            if not order:
                continue
            if order.state == "draft" and order.oms_state != "exception":
                order.action_confirm()
            if order.state != "sale":
                continue
            # confirmation dates the order now: back to when it was placed
            order.write(
                {
                    "date_order": planned.date,
                    "commitment_date": planned.date + timedelta(days=3),
                }
            )
            if planned.shipped_at < end:
                pickings = order.picking_ids.filtered(
                    lambda p: (
                        p.state not in ("done", "cancel")
                        and p.picking_type_code == "outgoing"
                    )
                )
                self._oms_demo_validate(pickings)
                shipped.update((picking.id, planned.shipped_at) for picking in pickings)
                if planned.returned:
                    to_return.append((order, planned))
            if index % 200 == 199:
                _logger.info(
                    "demo history: %s of %s orders", index + 1, len(history.orders)
                )
        self._oms_demo_date_pickings(shipped)
        for order, planned in to_return:
            returns += bool(self._oms_demo_return(order, planned))
        outages = self._oms_demo_outages(history.stockouts, channels, by_sku, company)
        return {
            "orders": taken,
            "shipped": len(shipped),
            "returns": returns,
            "stockouts": outages,
            "receipts": len(history.receipts),
            "promotions": len(history.promotions),
            "lost_lines": history.lost_lines,
        }

    @api.model
    def _oms_demo_customers(self, company, count=40):
        rng = random.Random(count)
        first = (
            "Ada",
            "Liu",
            "Mia",
            "Noah",
            "Wei",
            "Sara",
            "Omar",
            "Yuki",
            "Ivan",
            "Lea",
        )
        last = ("Chen", "Smith", "Garcia", "Kim", "Novak", "Haddad", "Wang", "Rossi")
        country = company.country_id.code or "US"
        customers = []
        for number in range(count):
            name = "%s %s" % (rng.choice(first), rng.choice(last))
            customers.append(
                {
                    "name": name,
                    "email": "demo.customer%02d@example.com" % number,
                    "street": "%s Market Street" % (number + 1),
                    "city": company.city or "Springfield",
                    "zip": company.zip or "12345",
                    "country_code": country,
                }
            )
        return customers

    @api.model
    def _oms_demo_receipts(self, receipts, by_sku, company):
        """Stock received in batches: done moves from the vendor location into
        the stock point's warehouse, dated when the plan says."""
        supplier = self.env.ref("stock.stock_location_suppliers")
        Move = self.env["stock.move"].sudo()
        dated = []
        for receipt in receipts:
            warehouse = self.env["stock.warehouse"].browse(int(receipt.stock_point))
            product = by_sku[receipt.sku]
            move = Move.create(
                {
                    "name": self.env._("Demo receipt of %s", product.display_name),
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": receipt.quantity,
                    "location_id": supplier.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "company_id": company.id,
                }
            )
            move._action_confirm()
            move.quantity = receipt.quantity
            move.picked = True
            move._action_done()
            dated.append((move.id, receipt.date))
        self._oms_demo_date_moves(dated)

    @api.model
    def _oms_demo_validate(self, pickings):
        for move in pickings.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ):
            move.quantity = move.product_uom_qty
            move.picked = True
        if pickings:
            pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()

    @api.model
    def _oms_demo_date_pickings(self, shipped):
        """Date the validated deliveries (and their moves) when the plan
        shipped them; Odoo stamps them with now."""
        if not shipped:
            return
        pickings = self.env["stock.picking"].sudo().browse(list(shipped))
        for picking in pickings:
            picking.date_done = shipped[picking.id]
        self._oms_demo_date_moves(
            [(move.id, shipped[move.picking_id.id]) for move in pickings.move_ids]
        )

    @api.model
    def _oms_demo_date_moves(self, dated):
        if not dated:
            return
        self.env.flush_all()
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp)", i, when) for i, when in dated
        )
        self.env.cr.execute(
            SQL(
                "UPDATE stock_move m SET date = v.d FROM (VALUES %s) v (id, d) "
                "WHERE m.id = v.id",
                values,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE stock_move_line l SET date = v.d FROM (VALUES %s) v (id, d) "
                "WHERE l.move_id = v.id",
                values,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _oms_demo_return(self, order, planned):
        """Hook: take ``planned.returned`` back through the returns service;
        nothing without oms_returns. Returns the return record, or False."""
        return False

    @api.model
    def _oms_demo_outages(self, stockouts, channels, by_sku, company):
        """The simulated past's stock-out periods, per channel of each stock
        point (the recompute records the present ones)."""
        Outage = self.env["oms.channel.stock.outage"].sudo()
        vals = [
            {
                "channel_id": channel.id,
                "product_id": by_sku[out.sku].id,
                "company_id": company.id,
                "date_start": out.start,
                "date_end": out.end or fields.Datetime.now(),
            }
            for out in stockouts
            for channel in channels
            if str(channel.warehouse_ids[:1].id) == out.stock_point
        ]
        return len(Outage.create(vals))
