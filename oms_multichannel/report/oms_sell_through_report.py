# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from .report_sql import WithoutJitMixin

SELL_THROUGH_HELP = (
    "Units sold in the period / (units sold + units on hand at the end of the "
    "period), in %, over the warehouses or stores and products of the group that "
    "sold in the period. On hand at the period's end is today's stock of the "
    "warehouse less what came in and plus what left it since then."
)


class OmsSellThroughReport(WithoutJitMixin, models.Model):
    """Units sold per channel, warehouse or store and product (one row per
    confirmed channel order line), and the sell-through of each group.

    Units on hand at the end of the period and the sell-through depend on the
    period and on the group, so :meth:`read_group` computes them: one more
    grouped read and two stock queries per call, whatever the number of groups.
    """

    _name = "oms.sell.through.report"
    _description = "Sell-Through Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", readonly=True
    )
    order_id = fields.Many2one("sale.order", readonly=True)
    channel_id = fields.Many2one("oms.channel", readonly=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Warehouse / Store", readonly=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    units_sold = fields.Float(readonly=True, help="In the product's unit.")
    units_on_hand = fields.Float(
        string="On Hand at Period End",
        readonly=True,
        aggregator="sum",
        help="Filled per group: on hand at the end of the period filtered (now "
        "without one) in the group's warehouses or stores, of its products.",
    )
    sell_through = fields.Float(
        string="Sell-Through (%)",
        readonly=True,
        aggregator="avg",
        help=SELL_THROUGH_HELP,
    )

    @property
    def _table_query(self):
        return """
            SELECT sol.id AS id,
                   sol.id AS sale_line_id,
                   so.id AS order_id,
                   so.channel_id,
                   so.warehouse_id,
                   sol.product_id,
                   pt.categ_id,
                   so.company_id,
                   so.date_order AS date,
                   sol.product_uom_qty / line_uom.factor * product_uom.factor
                       AS units_sold,
                   NULL::double precision AS units_on_hand,
                   NULL::double precision AS sell_through
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
              JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
             WHERE so.channel_id IS NOT NULL
               AND so.state = 'sale'
               AND sol.display_type IS NULL
               AND pt.is_storable
        """

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        result = super().read_group(
            domain, fields, groupby, offset, limit, orderby, lazy
        )
        asked = {spec.split(":")[0] for spec in fields}
        if not asked & {"units_on_hand", "sell_through"} or not result:
            return result
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        keys = groupby[:1] if lazy else groupby
        # One fine-grained read: what each group sold of each (warehouse, product).
        fine = super().read_group(
            domain,
            ["units_sold:sum"],
            keys + ["warehouse_id", "product_id"],
            lazy=False,
        )
        pairs_of = defaultdict(dict)
        for row in fine:
            pair = (_id(row["warehouse_id"]), _id(row["product_id"]))
            key = tuple(_key(row[k]) for k in keys)
            pairs_of[key][pair] = pairs_of[key].get(pair, 0.0) + row["units_sold"]
        all_pairs = {pair for pairs in pairs_of.values() for pair in pairs}
        on_hand = self._oms_on_hand_at(all_pairs, self._oms_period_end(domain))
        for group in result:
            pairs = pairs_of.get(tuple(_key(group[k]) for k in keys), {})
            sold = sum(pairs.values())
            stock = sum(max(on_hand.get(pair, 0.0), 0.0) for pair in pairs)
            group["units_on_hand"] = stock
            group["sell_through"] = (
                100.0 * sold / (sold + stock) if sold + stock else 0.0
            )
        return result

    @api.model
    def _oms_period_end(self, domain):
        """The earliest upper bound on the date in ``domain``; now without one."""
        ends = [
            fields.Datetime.to_datetime(leaf[2])
            for leaf in domain or []
            if isinstance(leaf, (list, tuple))
            and len(leaf) == 3
            and leaf[0] == "date"
            and leaf[1] in ("<", "<=")
            and leaf[2]
        ]
        now = fields.Datetime.now()
        return min([end for end in ends if end] + [now])

    @api.model
    def _oms_on_hand_at(self, pairs, when):
        """``{(warehouse_id, product_id): on hand at when}`` in the internal
        locations of each warehouse: quants now, less the done moves into the
        warehouse since ``when``, plus those out of it."""
        warehouse_ids = sorted({w for w, _p in pairs if w})
        product_ids = sorted({p for _w, p in pairs if p})
        if not warehouse_ids or not product_ids:
            return {}
        self.env["stock.quant"].flush_model()
        self.env["stock.move"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT loc.warehouse_id, q.product_id, SUM(q.quantity)
                  FROM stock_quant q
                  JOIN stock_location loc ON loc.id = q.location_id
                 WHERE loc.usage = 'internal'
                   AND loc.warehouse_id = ANY(%(warehouses)s)
                   AND q.product_id = ANY(%(products)s)
              GROUP BY loc.warehouse_id, q.product_id
                UNION ALL
                SELECT side.warehouse_id, m.product_id, SUM(side.sign * m.product_qty)
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                 CROSS JOIN LATERAL (
                       SELECT dst.warehouse_id, -1 AS sign
                        WHERE dst.usage = 'internal'
                          AND (src.usage != 'internal'
                               OR src.warehouse_id IS DISTINCT FROM dst.warehouse_id)
                       UNION ALL
                       SELECT src.warehouse_id, 1
                        WHERE src.usage = 'internal'
                          AND (dst.usage != 'internal'
                               OR src.warehouse_id IS DISTINCT FROM dst.warehouse_id)
                 ) side
                 WHERE m.state = 'done'
                   AND m.date > %(when)s
                   AND m.product_id = ANY(%(products)s)
                   AND side.warehouse_id = ANY(%(warehouses)s)
              GROUP BY side.warehouse_id, m.product_id
                """,
                warehouses=warehouse_ids,
                products=product_ids,
                when=when,
            )
        )
        on_hand = defaultdict(float)
        for warehouse_id, product_id, qty in rows:
            on_hand[(warehouse_id, product_id)] += qty or 0.0
        return on_hand

    def action_oms_open_sale_line(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }


def _id(value):
    """Id of a many2one value as read_group returns it."""
    return value[0] if isinstance(value, (list, tuple)) else value or False


def _key(value):
    return _id(value) if isinstance(value, (list, tuple)) else value
