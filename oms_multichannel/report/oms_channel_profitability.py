# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, models

# Profit-and-loss accounts: only these count for tagged journal items, so the
# clearing or receivable side of a fee entry is never counted twice.
PL_ACCOUNT_TYPES = "('income', 'income_other', 'expense', 'expense_depreciation', 'expense_direct_cost')"  # noqa: E501


class OmsChannelProfitability(models.Model):
    """Margin per channel, warehouse or store, month and company.

    All amounts are untaxed, in the company currency, posted entries only.
    Revenue = invoices - credit notes of channel orders (shipping charged
    included) + items tagged revenue; cost of goods = stock valuation of the
    orders' deliveries - that of their returns; fees and shipping costs = items
    tagged so (settlements); margin = revenue - cost of goods - fees - shipping
    costs + adjustments.
    """

    _name = "oms.channel.profitability"
    _description = "Channel Profitability"
    _auto = False
    _order = "date desc, channel_id"
    _rec_name = "channel_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel_id = fields.Many2one("oms.channel", readonly=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse / Store",
        readonly=True,
        help="Warehouse of the order; empty for channel costs not tied to an "
        "order (settlement fees).",
    )
    date = fields.Date(string="Month", readonly=True)
    sales = fields.Monetary(
        string="Invoiced",
        readonly=True,
        help="Posted customer invoices of channel orders, untaxed, plus items "
        "tagged revenue (sales the channel invoiced itself).",
    )
    refunds = fields.Monetary(
        readonly=True,
        help="Posted credit notes of channel orders (returns and channel "
        "refunds), plus items tagged refund on income or expense accounts.",
    )
    revenue = fields.Monetary(readonly=True, help="Invoiced - Refunds.")
    shipping_charged = fields.Monetary(
        readonly=True,
        help="Part of the revenue charged for shipping (delivery lines).",
    )
    cogs = fields.Monetary(
        string="Cost of Goods",
        readonly=True,
        help="Stock valuation of the goods delivered for channel orders, less "
        "the goods returned.",
    )
    fees = fields.Monetary(
        readonly=True, help="Items tagged fee on income or expense accounts."
    )
    shipping_cost = fields.Monetary(
        readonly=True,
        help="Items tagged shipping on income or expense accounts (carrier or "
        "marketplace shipping charges).",
    )
    adjustments = fields.Monetary(
        readonly=True,
        help="Items tagged adjustment on income or expense accounts; positive: income.",
    )
    margin = fields.Monetary(
        readonly=True,
        help="Revenue - Cost of Goods - Fees - Shipping Cost + Adjustments.",
    )

    @property
    def _table_query(self):
        return f"""
            SELECT row_number() OVER (
                       ORDER BY src.date, src.company_id, src.channel_id,
                                src.warehouse_id
                   ) AS id,
                   src.company_id, src.channel_id, src.warehouse_id, src.date,
                   SUM(src.sales) AS sales,
                   SUM(src.refunds) AS refunds,
                   SUM(src.sales - src.refunds) AS revenue,
                   SUM(src.shipping_charged) AS shipping_charged,
                   SUM(src.cogs) AS cogs,
                   SUM(src.fees) AS fees,
                   SUM(src.shipping_cost) AS shipping_cost,
                   SUM(src.adjustments) AS adjustments,
                   SUM(src.sales - src.refunds - src.cogs - src.fees
                       - src.shipping_cost + src.adjustments) AS margin
              FROM ({self._invoiced_query()}
                    UNION ALL {self._cogs_query()}
                    UNION ALL {self._tagged_query()}) src
          GROUP BY src.company_id, src.channel_id, src.warehouse_id, src.date
        """

    def _invoiced_query(self):
        # one order line per invoice line in practice; LIMIT 1 keeps it so
        return """
            SELECT am.company_id, am.oms_channel_id AS channel_id,
                   so_line.warehouse_id,
                   date_trunc('month', aml.date)::date AS date,
                   CASE WHEN am.move_type = 'out_invoice'
                        THEN -aml.balance ELSE 0 END AS sales,
                   CASE WHEN am.move_type = 'out_refund'
                        THEN aml.balance ELSE 0 END AS refunds,
                   CASE WHEN so_line.is_delivery
                          OR aml.product_id = ch.shipping_product_id
                        THEN -aml.balance ELSE 0 END AS shipping_charged,
                   0 AS cogs, 0 AS fees, 0 AS shipping_cost, 0 AS adjustments
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN oms_channel ch ON ch.id = am.oms_channel_id
              LEFT JOIN LATERAL (
                  SELECT so.warehouse_id, sol.is_delivery
                    FROM sale_order_line_invoice_rel rel
                    JOIN sale_order_line sol ON sol.id = rel.order_line_id
                    JOIN sale_order so ON so.id = sol.order_id
                   WHERE rel.invoice_line_id = aml.id
                   LIMIT 1
              ) so_line ON TRUE
             WHERE am.oms_channel_id IS NOT NULL
               AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
        """

    def _cogs_query(self):
        # deliveries are valued negative, returns (moves back on the order
        # line) positive: minus the sum is the net cost of goods
        return """
            SELECT svl.company_id, so.channel_id, so.warehouse_id,
                   date_trunc('month', svl.create_date)::date AS date,
                   0, 0, 0, -svl.value, 0, 0, 0
              FROM stock_valuation_layer svl
              JOIN stock_move sm ON sm.id = svl.stock_move_id
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id
              JOIN sale_order so ON so.id = sol.order_id
             WHERE so.channel_id IS NOT NULL
        """

    def _tagged_query(self):
        return f"""
            SELECT aml.company_id, aml.oms_channel_id, NULL::integer,
                   date_trunc('month', aml.date)::date,
                   CASE WHEN aml.oms_profit_role = 'revenue'
                        THEN -aml.balance ELSE 0 END,
                   CASE WHEN aml.oms_profit_role = 'refund'
                        THEN aml.balance ELSE 0 END,
                   0,
                   CASE WHEN aml.oms_profit_role = 'cogs'
                        THEN aml.balance ELSE 0 END,
                   CASE WHEN aml.oms_profit_role = 'fee'
                        THEN aml.balance ELSE 0 END,
                   CASE WHEN aml.oms_profit_role = 'shipping'
                        THEN aml.balance ELSE 0 END,
                   CASE WHEN aml.oms_profit_role = 'adjustment'
                        THEN -aml.balance ELSE 0 END
              FROM account_move_line aml
              JOIN account_account acc ON acc.id = aml.account_id
             WHERE aml.oms_channel_id IS NOT NULL
               AND aml.oms_profit_role IN
                   ('revenue', 'refund', 'cogs', 'fee', 'shipping', 'adjustment')
               AND aml.parent_state = 'posted'
               AND acc.account_type IN {PL_ACCOUNT_TYPES}
        """

    def action_oms_open_journal_items(self):
        """Journal items behind this row: the channel's posted items of the month."""
        self.ensure_one()
        start = self.date
        end = start + relativedelta(months=1) - timedelta(days=1)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("oms_channel_id", "=", self.channel_id.id),
            ("parent_state", "=", "posted"),
            ("date", ">=", start),
            ("date", "<=", end),
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal Items"),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"search_default_group_by_move": 1},
        }
