# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class OmsChannelStockOutage(models.Model):
    """A period during which a product had nothing available to sell on a
    channel (available-to-sell at 0 or below).

    Opened and closed by :meth:`oms.channel.stock._oms_recompute` in the
    transaction that changes the figure: two statements per recompute at most,
    whatever the number of pairs. One open period per (channel, product), which
    a partial unique index guarantees under concurrent recomputes.
    """

    _name = "oms.channel.stock.outage"
    _description = "Channel Stock-Out Period"
    _order = "date_start desc, id desc"
    _rec_name = "product_id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, readonly=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    date_start = fields.Datetime(
        string="Out of Stock Since", required=True, readonly=True, index=True
    )
    date_end = fields.Datetime(
        string="Back in Stock On",
        readonly=True,
        index=True,
        help="Empty while the product is still out of stock on the channel.",
    )
    hours = fields.Float(
        string="Hours Out of Stock",
        compute="_compute_hours",
        digits=(16, 1),
        help="Until it came back in stock, or until now.",
    )

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (channel_id, product_id) "
                "WHERE date_end IS NULL",
                SQL.identifier("oms_channel_stock_outage_open_uniq"),
                SQL.identifier(self._table),
            )
        )

    @api.depends("date_start", "date_end")
    def _compute_hours(self):
        now = fields.Datetime.now()
        for outage in self:
            end = outage.date_end or now
            outage.hours = max((end - outage.date_start).total_seconds(), 0) / 3600

    @api.model
    def _oms_record(self, opened, closed, when=None):
        """Open a period for the ``opened`` pairs and close the open period of
        the ``closed`` pairs, at ``when`` (now by default).

        :param opened: ``[(channel_id, product_id, company_id)]``
        :param closed: ``[(channel_id, product_id)]``
        """
        if not (opened or closed):
            return
        self.flush_model()
        when = when or fields.Datetime.now()
        cr = self.env.cr
        uid = self.env.uid
        # Arrays rather than VALUES: one short statement whatever the count.
        if closed:
            channel_ids, product_ids = zip(*closed, strict=True)
            cr.execute(
                SQL(
                    """
                    UPDATE oms_channel_stock_outage o
                       SET date_end = %s, write_uid = %s, write_date = %s
                      FROM unnest(%s::int[], %s::int[]) AS pair (channel_id, product_id)
                     WHERE o.channel_id = pair.channel_id
                       AND o.product_id = pair.product_id
                       AND o.date_end IS NULL
                    """,
                    when,
                    uid,
                    when,
                    list(channel_ids),
                    list(product_ids),
                )
            )
        if opened:
            channel_ids, product_ids, company_ids = zip(*opened, strict=True)
            cr.execute(
                SQL(
                    """
                    INSERT INTO oms_channel_stock_outage (
                        channel_id, product_id, company_id, date_start,
                        create_uid, create_date, write_uid, write_date
                    )
                    SELECT pair.channel_id, pair.product_id, pair.company_id, %s,
                           %s, %s, %s, %s
                      FROM unnest(%s::int[], %s::int[], %s::int[])
                           AS pair (channel_id, product_id, company_id)
                    ON CONFLICT (channel_id, product_id) WHERE date_end IS NULL
                    DO NOTHING
                    """,
                    when,
                    uid,
                    when,
                    uid,
                    when,
                    list(channel_ids),
                    list(product_ids),
                    list(company_ids),
                )
            )
        self.invalidate_model()

    def action_oms_open_product(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "product.product",
            "res_id": self.product_id.id,
            "view_mode": "form",
        }
