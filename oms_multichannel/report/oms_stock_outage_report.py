# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .report_sql import WithoutJitMixin

# Row id: outage id times this, plus the day's rank in the outage.
DAYS_PER_OUTAGE = 100000


class OmsStockOutageReport(WithoutJitMixin, models.Model):
    """Hours out of stock per channel, product and day.

    One row per stock-out period and calendar day (UTC) it covers, with the
    hours of that day it lasted; a period still open counts until now. A period
    filter on the day therefore counts only the hours inside it, and the
    sum of a group is its hours out of stock.
    """

    _name = "oms.stock.outage.report"
    _description = "Hours Out of Stock Analysis"
    _auto = False
    _order = "date desc, hours desc"
    _rec_name = "product_id"

    outage_id = fields.Many2one(
        "oms.channel.stock.outage", string="Stock-Out Period", readonly=True
    )
    channel_id = fields.Many2one("oms.channel", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Day", readonly=True)
    hours = fields.Float(
        string="Hours Out of Stock",
        readonly=True,
        digits=(16, 1),
        help="Hours of the day during which the channel had none of the product "
        "to sell (available to sell at 0); open periods count until now.",
    )
    ongoing = fields.Boolean(string="Still Out of Stock", readonly=True)

    @property
    def _table_query(self):
        # statement_timestamp(): "now" even in a long transaction
        return """
            SELECT o.id::bigint * %(factor)s
                   + (day.day::date - o.date_start::date) AS id,
                   o.id AS outage_id,
                   o.channel_id,
                   o.product_id,
                   pp.product_tmpl_id,
                   pt.categ_id,
                   o.company_id,
                   day.day::date AS date,
                   EXTRACT(EPOCH FROM
                       LEAST(COALESCE(o.date_end, %(now)s),
                             day.day + interval '1 day')
                       - GREATEST(o.date_start, day.day)
                   ) / 3600.0 AS hours,
                   o.date_end IS NULL AS ongoing
              FROM oms_channel_stock_outage o
              JOIN product_product pp ON pp.id = o.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             CROSS JOIN LATERAL generate_series(
                   date_trunc('day', o.date_start),
                   COALESCE(o.date_end, %(now)s),
                   interval '1 day'
             ) AS day (day)
             WHERE COALESCE(o.date_end, %(now)s) > day.day
        """ % {
            "factor": DAYS_PER_OUTAGE,
            "now": "statement_timestamp() AT TIME ZONE 'UTC'",
        }

    def action_oms_open_outage(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.channel.stock.outage",
            "res_id": self.outage_id.id,
            "view_mode": "form",
        }
