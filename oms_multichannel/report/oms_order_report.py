# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.sale_order import OMS_STATES


class OmsOrderReport(models.Model):
    """One row per channel order with the figures of the OMS dashboard.

    Counts are 0/1 per order so that a pivot or graph sums them; rates are
    0/100 per order with an average aggregator, so the average of a group is
    its percentage. Every row opens its order.
    """

    _name = "oms.order.report"
    _description = "Order Management Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", readonly=True)
    channel_id = fields.Many2one("oms.channel", readonly=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Warehouse / Store", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(string="Order Date", readonly=True)
    oms_state = fields.Selection(OMS_STATES, string="OMS Status", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    revenue = fields.Monetary(
        string="Revenue (untaxed)", currency_field="currency_id", readonly=True
    )
    units = fields.Float(string="Units Ordered", readonly=True)
    units_delivered = fields.Float(readonly=True)
    units_returned = fields.Float(readonly=True)
    returned_count = fields.Integer(string="Orders Returned", readonly=True)
    return_rate = fields.Float(
        string="Return Rate (%)", aggregator="avg", readonly=True
    )
    exception_count = fields.Integer(string="In Exception", readonly=True)
    late_count = fields.Integer(
        string="Late",
        readonly=True,
        help="Still to ship and past the delivery date promised.",
    )
    late_rate = fields.Float(string="Late (%)", aggregator="avg", readonly=True)
    shipped_date = fields.Datetime(
        string="Shipped On", readonly=True, help="First delivery validated."
    )
    lead_time_hours = fields.Float(
        string="Hours to Ship",
        aggregator="avg",
        readonly=True,
        help="From the order to its first delivery validated.",
    )
    sell_through = fields.Float(
        string="Delivered (%)",
        aggregator="avg",
        readonly=True,
        help="Units delivered out of units ordered.",
    )

    def _select(self):
        return """
            so.id AS id,
            so.id AS order_id,
            so.channel_id,
            so.warehouse_id,
            so.company_id,
            so.date_order AS date,
            so.oms_state,
            1 AS order_count,
            so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS revenue,
            COALESCE(so.oms_units, 0) AS units,
            COALESCE(so.oms_units_delivered, 0) AS units_delivered,
            COALESCE(returned.units, 0) AS units_returned,
            CASE WHEN returned.units > 0 THEN 1 ELSE 0 END AS returned_count,
            CASE WHEN returned.units > 0 THEN 100.0 ELSE 0.0 END AS return_rate,
            CASE WHEN so.oms_state = 'exception' THEN 1 ELSE 0 END AS exception_count,
            CASE WHEN so.oms_state IN ('new', 'allocated', 'in_fulfilment')
                  AND so.commitment_date < (now() AT TIME ZONE 'UTC')
                 THEN 1 ELSE 0 END AS late_count,
            CASE WHEN so.oms_state IN ('new', 'allocated', 'in_fulfilment')
                  AND so.commitment_date < (now() AT TIME ZONE 'UTC')
                 THEN 100.0 ELSE 0.0 END AS late_rate,
            so.oms_shipped_date AS shipped_date,
            EXTRACT(EPOCH FROM so.oms_shipped_date - so.date_order) / 3600.0
                AS lead_time_hours,
            CASE WHEN so.oms_units > 0
                 THEN 100.0 * so.oms_units_delivered / so.oms_units END
                AS sell_through
        """

    def _from(self):
        # Units and first shipment are stored on the order; returned units are
        # few and aggregated once, then hash-joined (bench/dashboard).
        return """
            sale_order so
            LEFT JOIN (
                SELECT rl.order_id, SUM(sm.product_qty) AS units
                  FROM stock_move sm
                  JOIN sale_order_line rl ON rl.id = sm.sale_line_id
                 WHERE sm.origin_returned_move_id IS NOT NULL AND sm.state = 'done'
              GROUP BY rl.order_id
            ) returned ON returned.order_id = so.id
        """

    def _where(self):
        # confirmed orders, and orders held in exception before confirmation
        return (
            "so.channel_id IS NOT NULL "
            "AND (so.state = 'sale' OR so.oms_state = 'exception')"
        )

    @property
    def _table_query(self):
        return "SELECT %s FROM %s WHERE %s" % (
            self._select(),
            self._from(),
            self._where(),
        )

    def action_oms_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }
