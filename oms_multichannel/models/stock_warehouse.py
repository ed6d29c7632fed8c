# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_round

WAITING_MOVE_STATES = ("waiting", "confirmed", "partially_available")


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_is_store = fields.Boolean(
        string="Store",
        help="A physical store: its stock also serves walk-in customers.",
    )
    oms_ship_from_store = fields.Boolean(
        string="Ships Orders",
        default=True,
        help="Allocation may send channel orders out of this store. Warehouses "
        "that are not stores always may.",
    )
    oms_fulfilment_priority = fields.Integer(
        string="Fulfilment Priority",
        default=10,
        help="Lower ships first when other criteria are equal.",
    )
    oms_safety_stock = fields.Float(
        string="Safety Stock",
        digits="Product Unit of Measure",
        help="Units of every product kept back for walk-in customers: allocation "
        "never takes them.",
    )
    oms_daily_capacity = fields.Integer(
        string="Daily Order Capacity",
        help="Orders this location can ship per day; 0 means no limit.",
    )
    oms_latitude = fields.Float(string="Latitude", digits=(10, 7))
    oms_longitude = fields.Float(string="Longitude", digits=(10, 7))

    _sql_constraints = [
        (
            "oms_safety_stock_positive",
            "CHECK(oms_safety_stock >= 0)",
            "The safety stock cannot be negative.",
        ),
        (
            "oms_daily_capacity_positive",
            "CHECK(oms_daily_capacity >= 0)",
            "The daily order capacity cannot be negative.",
        ),
    ]

    # Stock read by allocation ----------------------------------------------------

    def _oms_available_by_location(self, products):
        """Quantity of each product that allocation may still promise, per warehouse.

        Returns ``{(warehouse id, product id): quantity}`` in the product's unit:
        on hand in the warehouse's stock location minus what is reserved, minus
        the unreserved part of outgoing moves already waiting for stock. The
        number of queries does not depend on the number of warehouses or
        products. Holds declared through ``oms.channel._oms_held_quantities``
        (POS counters, carts...) are subtracted too; override this method for
        anything else. The safety stock is applied later, by the engine.
        """
        if not self or not products:
            return {}
        on_hand = self._oms_free_quantities(products)
        waiting = self._oms_waiting_demand(products)
        held = self._oms_held_quantities(products)
        result = {}
        for key in set(on_hand) | set(waiting) | set(held):
            result[key] = (
                on_hand.get(key, 0.0) - waiting.get(key, 0.0) - held.get(key, 0.0)
            )
        return result

    def _oms_incoming_by_location(self, products):
        """Earliest pending receipt per warehouse and product, net of demand.

        Returns ``{(warehouse id, product id): (datetime, free quantity)}`` for the
        "incoming" backorder policy. Constant number of queries.
        """
        if not self or not products:
            return {}
        locations = self._oms_stock_locations()
        groups = self.env["stock.move"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_dest_id", "child_of", locations.ids),
                ("location_id.usage", "!=", "internal"),
                ("state", "not in", ("draft", "done", "cancel")),
            ],
            ["location_dest_id", "product_id"],
            ["product_qty:sum", "date:min"],
        )
        incoming = defaultdict(lambda: [0.0, None])
        for location, product, qty, date in groups:
            key = (location.warehouse_id.id, product.id)
            incoming[key][0] += qty
            if incoming[key][1] is None or date < incoming[key][1]:
                incoming[key][1] = date
        # Receipts first serve the demand already waiting beyond what is on hand.
        available = self._oms_available_by_location(products)
        result = {}
        for key, (qty, date) in incoming.items():
            short = max(-available.get(key, 0.0), 0.0)
            free = qty - short
            if free > 0:
                result[key] = (date, free)
        return result

    def _oms_capacity_used(self, day=None):
        """Orders allocated to each warehouse on ``day`` (today by default)."""
        if not self:
            return {}
        groups = (
            self.env["oms.allocation.line"]
            .sudo()
            ._read_group(
                [
                    ("warehouse_id", "in", self.ids),
                    ("state", "in", ("allocated", "failed")),
                    ("date", "=", day or fields.Date.context_today(self)),
                    # A cancelled order leaves its slot to another one.
                    ("order_id.state", "!=", "cancel"),
                ],
                ["warehouse_id"],
                ["order_id:count_distinct"],
            )
        )
        return {warehouse.id: count for warehouse, count in groups}

    def _oms_stock_locations(self):
        return self.lot_stock_id

    def _oms_free_quantities(self, products):
        locations = self._oms_stock_locations()
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "child_of", locations.ids),
                    ("location_id.usage", "=", "internal"),
                ],
                ["location_id", "product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        result = defaultdict(float)
        for location, product, quantity, reserved in groups:
            result[location.warehouse_id.id, product.id] += quantity - reserved
        return self._oms_round(result, products)

    def _oms_waiting_demand(self, products):
        """Unreserved part of outgoing moves that wait for stock in these
        warehouses: stock arriving goes to them first."""
        locations = self._oms_stock_locations()
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "child_of", locations.ids),
                    # The pick of a multi-step delivery goes to the output location.
                    "|",
                    ("location_dest_id.usage", "not in", ("internal", "transit")),
                    ("location_final_id.usage", "=", "customer"),
                    ("state", "in", WAITING_MOVE_STATES),
                ],
                ["location_id", "product_id", "product_uom"],
                ["product_qty:sum", "quantity:sum"],
            )
        )
        result = defaultdict(float)
        for location, product, uom, demand, reserved in groups:
            reserved = uom._compute_quantity(reserved, product.uom_id, round=False)
            result[location.warehouse_id.id, product.id] += max(demand - reserved, 0)
        return self._oms_round(result, products)

    def _oms_held_quantities(self, products):
        """Holds of other features (``oms.channel._oms_held_quantities``), per
        warehouse and product."""
        locations = (
            self.env["stock.location"]
            .sudo()
            .search(
                [
                    ("id", "child_of", self._oms_stock_locations().ids),
                    ("usage", "=", "internal"),
                ]
            )
        )
        held = self.env["oms.channel"]._oms_held_quantities(products, locations)
        if not held:
            return {}
        warehouse_of = {location.id: location.warehouse_id.id for location in locations}
        result = defaultdict(float)
        for (product_id, location_id), qty in held.items():
            result[warehouse_of.get(location_id), product_id] += qty
        return self._oms_round(result, products)

    @api.model
    def _oms_round(self, quantities, products):
        rounding = {product.id: product.uom_id.rounding for product in products}
        return {
            key: float_round(qty, precision_rounding=rounding[key[1]])
            for key, qty in quantities.items()
            if key[0]
        }
