# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL

from ..models.oms_return_reason import DISPOSITIONS

# Dimensions only return rows carry.
RETURN_ONLY_FIELDS = {
    "row_type",
    "return_id",
    "reason_id",
    "is_defect",
    "disposition",
    "condition",
    "receiving_warehouse_id",
    "customer_comment",
}


class OmsReturnReport(models.Model):
    _name = "oms.return.report"
    _description = "Return Analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc"
    # Flushed before the view is read; a report in the same transaction as a
    # receipt or a settlement sees them.
    _depends = {
        "oms.return": ["company_id", "request_date", "state", "warehouse_id"],
        "oms.return.line": [
            "condition",
            "cost_amount",
            "customer_comment",
            "disposition",
            "product_id",
            "qty_received",
            "quantity",
            "reason_id",
            "refund_amount",
            "return_id",
            "sale_line_id",
        ],
        "oms.return.reason": ["is_defect"],
        "sale.order": ["channel_id", "partner_id", "warehouse_id"],
        "sale.order.line": ["order_id", "product_uom"],
        "stock.move": [
            "company_id",
            "date",
            "location_dest_id",
            "origin_returned_move_id",
            "product_id",
            "product_uom",
            "quantity",
            "sale_line_id",
            "state",
        ],
        "stock.location": ["usage"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    row_type = fields.Selection(
        [("delivery", "Delivery"), ("return", "Return")], readonly=True
    )
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Sales Channel", readonly=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Store / Warehouse",
        readonly=True,
        help="Warehouse or store of the sale.",
    )
    receiving_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Received At", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    return_id = fields.Many2one("oms.return", readonly=True)
    reason_id = fields.Many2one("oms.return.reason", readonly=True)
    is_defect = fields.Boolean(string="Product Defect", readonly=True)
    disposition = fields.Selection(DISPOSITIONS, readonly=True)
    condition = fields.Selection(
        [
            ("unopened", "Unopened"),
            ("opened", "Opened"),
            ("used", "Used"),
            ("damaged", "Damaged"),
        ],
        readonly=True,
    )
    customer_comment = fields.Text(readonly=True)
    delivered_qty = fields.Float(digits="Product Unit of Measure", readonly=True)
    returned_qty = fields.Float(digits="Product Unit of Measure", readonly=True)
    return_rate = fields.Float(
        string="Return Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Returned quantity over delivered quantity of the group.",
    )
    refund_amount = fields.Monetary(
        string="Returned Value", currency_field="currency_id", readonly=True
    )
    cost_amount = fields.Monetary(
        string="Return Cost", currency_field="currency_id", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    def _select_deliveries(self):
        return """
            sm.id * 2 AS id,
            'delivery' AS row_type,
            sm.date::date AS date,
            sm.company_id,
            sm.product_id,
            pt.categ_id,
            so.channel_id,
            so.warehouse_id,
            NULL::integer AS receiving_warehouse_id,
            so.partner_id,
            so.id AS order_id,
            NULL::integer AS return_id,
            NULL::integer AS reason_id,
            FALSE AS is_defect,
            NULL::varchar AS disposition,
            NULL::varchar AS condition,
            NULL::text AS customer_comment,
            sm.quantity / move_uom.factor * product_uom.factor AS delivered_qty,
            0.0 AS returned_qty,
            0.0 AS return_rate,
            0.0 AS refund_amount,
            0.0 AS cost_amount
        """

    def _from_deliveries(self):
        return """
            stock_move sm
            JOIN stock_location dest ON dest.id = sm.location_dest_id
            JOIN sale_order_line sol ON sol.id = sm.sale_line_id
            JOIN sale_order so ON so.id = sol.order_id
            JOIN product_product pp ON pp.id = sm.product_id
            JOIN product_template pt ON pt.id = pp.product_tmpl_id
            JOIN uom_uom move_uom ON move_uom.id = sm.product_uom
            JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
        """

    def _where_deliveries(self):
        return """
            sm.state = 'done'
            AND dest.usage = 'customer'
            AND sm.origin_returned_move_id IS NULL
        """

    def _select_returns(self):
        return """
            rl.id * 2 + 1 AS id,
            'return' AS row_type,
            r.request_date AS date,
            r.company_id,
            rl.product_id,
            pt.categ_id,
            so.channel_id,
            so.warehouse_id,
            r.warehouse_id AS receiving_warehouse_id,
            so.partner_id,
            so.id AS order_id,
            r.id AS return_id,
            rl.reason_id,
            COALESCE(reason.is_defect, FALSE) AS is_defect,
            rl.disposition,
            rl.condition,
            rl.customer_comment,
            0.0 AS delivered_qty,
            CASE WHEN r.state IN ('received', 'done')
                THEN rl.qty_received ELSE rl.quantity
            END / line_uom.factor * product_uom.factor AS returned_qty,
            0.0 AS return_rate,
            COALESCE(rl.refund_amount, 0.0) AS refund_amount,
            COALESCE(rl.cost_amount, 0.0) AS cost_amount
        """

    def _from_returns(self):
        return """
            oms_return_line rl
            JOIN oms_return r ON r.id = rl.return_id
            JOIN oms_return_reason reason ON reason.id = rl.reason_id
            JOIN sale_order_line sol ON sol.id = rl.sale_line_id
            JOIN sale_order so ON so.id = sol.order_id
            JOIN product_product pp ON pp.id = rl.product_id
            JOIN product_template pt ON pt.id = pp.product_tmpl_id
            JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
            JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
        """

    def _where_returns(self):
        # A request counts once accepted.
        return "r.state IN ('approved', 'received', 'done')"

    def _query(self):
        return f"""
            SELECT {self._select_deliveries()}
            FROM {self._from_deliveries()}
            WHERE {self._where_deliveries()}
            UNION ALL
            SELECT {self._select_returns()}
            FROM {self._from_returns()}
            WHERE {self._where_returns()}
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(self._query()),
            )
        )

    def _read_group_select(self, aggregate_spec, query):
        # A rate of sums, not an average of per-row rates.
        if aggregate_spec == "return_rate:avg":
            returned = self._field_to_sql(self._table, "returned_qty", query)
            delivered = self._field_to_sql(self._table, "delivered_qty", query)
            return SQL("100.0 * SUM(%s) / NULLIF(SUM(%s), 0)", returned, delivered)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        groupby_list = [groupby] if isinstance(groupby, str) else list(groupby)
        used = groupby_list[:1] if lazy else groupby_list
        by_return_field = [
            spec for spec in used if spec.split(":")[0] in RETURN_ONLY_FIELDS
        ]
        domain = domain or []
        stripped = self._oms_without_return_fields(domain)
        # Deliveries have no reason: grouped or filtered by one, a group's
        # returns are compared with all deliveries of its other groupings.
        rate_of_all_deliveries = any(
            spec.split(":")[0] == "return_rate" for spec in fields
        ) and (by_return_field or stripped != domain)
        if rate_of_all_deliveries and "returned_qty" not in fields:
            fields = [*fields, "returned_qty"]
        result = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        if not (rate_of_all_deliveries and result):
            return result
        others = [spec for spec in used if spec not in by_return_field]
        delivered = {
            self._oms_group_key(row, others): row["delivered_qty"] or 0.0
            for row in super().read_group(
                stripped, ["delivered_qty:sum"], others, lazy=False
            )
        }
        for row in result:
            total = delivered.get(self._oms_group_key(row, others))
            row["return_rate"] = (
                100.0 * (row["returned_qty"] or 0.0) / total if total else None
            )
        return result

    @api.model
    def _oms_group_key(self, row, groupby):
        return tuple(
            row[spec][0] if isinstance(row[spec], tuple) else row[spec]
            for spec in groupby
        )

    @api.model
    def _oms_without_return_fields(self, domain):
        """The domain with its conditions on return-only fields made neutral."""
        return [
            expression.TRUE_LEAF
            if isinstance(leaf, (list, tuple))
            and len(leaf) == 3
            and isinstance(leaf[0], str)
            and leaf[0].split(".")[0] in RETURN_ONLY_FIELDS
            else leaf
            for leaf in domain
        ]
