# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from oms_domain.allocation import Rule


class OmsAllocationRule(models.Model):
    _name = "oms.allocation.rule"
    _description = "Allocation Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    channel_ids = fields.Many2many(
        "oms.channel",
        string="Channels",
        check_company=True,
        help="Orders of these channels follow this rule; empty means every channel "
        "of the company. Orders of a channel no rule covers keep Odoo's standard "
        "delivery from the order's warehouse.",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Eligible Locations",
        check_company=True,
        help="Warehouses and stores that may ship; empty means the channel's "
        "fulfilment warehouses.",
    )
    zone_ids = fields.One2many("oms.allocation.zone", "rule_id", string="Zones")
    use_distance = fields.Boolean(
        string="Prefer Nearest",
        default=True,
        help="Score locations by great-circle distance to the customer when both "
        "have coordinates.",
    )
    prefer_single_location = fields.Boolean(
        default=True,
        help="Ship from one location when one holds the whole order.",
    )
    minimise_shipments = fields.Boolean(
        default=True,
        help="When the order must be split, take first the location that covers "
        "most of what is missing.",
    )
    apply_safety_stock = fields.Boolean(
        string="Keep Store Safety Stock",
        default=True,
        help="Never take the safety stock of a location.",
    )
    apply_capacity = fields.Boolean(
        string="Respect Daily Capacity",
        default=True,
    )
    backorder_policy = fields.Selection(
        [
            ("hold", "Hold the missing quantity"),
            ("incoming", "Earliest incoming receipt"),
        ],
        required=True,
        default="hold",
        help="What happens to units no location has: held on the order until the "
        "scheduled job finds stock, or sent to the location expecting the earliest "
        "receipt.",
    )
    note = fields.Text()

    # Business methods -------------------------------------------------------------

    @api.model
    def _rules_for_orders(self, orders):
        """Map each order to the first rule (by sequence) covering its channel.

        Runs as superuser on the orders' own companies, so which rule applies does
        not depend on who confirms; orders without a channel get none.
        """
        orders = orders.filtered("channel_id")
        if not orders:
            return {}
        rules = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", orders.company_id.ids)])
        )
        result = {}
        for order in orders:
            for rule in rules:
                if rule.company_id == order.company_id and (
                    not rule.channel_ids or order.channel_id in rule.channel_ids
                ):
                    result[order.id] = rule
                    break
        return result

    def _eligible_warehouses(self, order):
        self.ensure_one()
        return (
            self.warehouse_ids or order.channel_id.warehouse_ids or order.warehouse_id
        )

    def _to_engine_rule(self, warehouses):
        """Engine view of this rule over ``warehouses`` (the eligible ones)."""
        self.ensure_one()
        return Rule(
            key=self.id,
            name=self.name,
            location_keys=tuple(warehouses.ids),
            zones=tuple(zone._to_engine_zone() for zone in self.zone_ids),
            use_distance=self.use_distance,
            prefer_single=self.prefer_single_location,
            minimise_shipments=self.minimise_shipments,
            apply_safety_stock=self.apply_safety_stock,
            apply_capacity=self.apply_capacity,
            backorder_policy=self.backorder_policy,
        )

    @api.model
    def _cron_allocate_backorders(self, limit=500):
        """Scheduled job: try again to allocate every held quantity, oldest first,
        ``limit`` lines at a time, so lines that still wait do not keep the later
        ones from being tried."""
        domain = [
            ("oms_backorder_qty", ">", 0),
            ("order_id.state", "=", "sale"),
            ("order_id.locked", "=", False),
        ]
        SaleLine = self.env["sale.order.line"]
        last_id = 0
        while True:
            lines = SaleLine.search(
                domain + [("id", ">", last_id)], order="id", limit=limit
            )
            if not lines:
                return True
            lines.with_context(
                oms_allocation_trigger="cron"
            )._action_launch_stock_rule()
            last_id = lines[-1].id
