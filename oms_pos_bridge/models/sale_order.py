# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_pickup_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Pickup Store",
        compute="_compute_oms_pickup_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
        help="The store where the customer collects the order: allocation ships "
        "it from this store only. Set from a pickup carrier with the store's "
        "address as delivery address, or by hand.",
    )

    @api.depends("carrier_id", "partner_shipping_id")
    def _compute_oms_pickup_warehouse_id(self):
        for order in self:
            carrier = order.carrier_id
            store = order.oms_pickup_warehouse_id
            if carrier and not carrier.oms_is_pickup:
                store = False
            elif carrier and order.partner_shipping_id:
                store = (
                    self.env["stock.warehouse"].search(
                        [
                            ("partner_id", "=", order.partner_shipping_id.id),
                            ("company_id", "=", order.company_id.id),
                        ],
                        limit=1,
                    )
                    or store
                )
            order.oms_pickup_warehouse_id = store

    @api.depends("oms_pickup_warehouse_id")
    def _compute_warehouse_id(self):
        res = super()._compute_warehouse_id()
        for order in self.filtered(
            lambda o: o.oms_pickup_warehouse_id and o.state in ("draft", "sent")
        ):
            # Orders without an allocation rule ship from their warehouse.
            order.warehouse_id = order.oms_pickup_warehouse_id
        return res

    # Click & collect -----------------------------------------------------------------

    def _oms_pickup_amount_due(self):
        """What the customer still pays at the till: nothing when the channel
        took the payment or the order is invoiced (accounting collects it)."""
        self.ensure_one()
        if self.channel_payment_status in ("paid", "refunded"):
            return 0.0
        due = self.amount_unpaid
        if float_compare(due, 0.0, precision_rounding=self.currency_id.rounding) <= 0:
            return 0.0
        return due

    def _oms_pickup_is_paid(self):
        """Whether money was taken for the order (then expiry refunds it)."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return self.channel_payment_status == "paid" or any(
            inv.payment_state in ("paid", "in_payment", "partial") for inv in invoices
        )

    def _oms_pickup_cancel(self):
        """A pickup not collected in time: refund what was invoiced (credit note
        through Odoo's reversal) and cancel the order."""
        for order in self:
            invoices = order.invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )
            refunds = self.env["account.move"]
            for invoice in invoices:
                paid = invoice.payment_state in ("paid", "in_payment", "partial")
                refunds |= invoice._reverse_moves(
                    [
                        {
                            "ref": self.env._("Pickup not collected: %s", invoice.name),
                        }
                    ],
                    # Unpaid: the credit note settles the invoice; paid: it stays
                    # open for the refund payment.
                    cancel=not paid,
                )
            refunds.filtered(lambda m: m.state == "draft").action_post()
            order.with_context(disable_cancel_warning=True).action_cancel()
            if refunds:
                order.message_post(
                    body=self.env._(
                        "Pickup not collected before its deadline: order cancelled "
                        "and credit notes %s created.",
                        ", ".join(refunds.mapped("name")),
                    )
                )
            elif order.channel_payment_status == "paid":
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Refund the uncollected pickup"),
                    note=self.env._(
                        "The customer paid on the channel and did not collect the "
                        "order: refund the payment there."
                    ),
                    user_id=order.user_id.id or self.env.uid,
                )
        return True

    def _oms_check_availability(self):
        # Under the terminals' lock: a channel order and a terminal cannot
        # both take the last unit of a store (the free stock read next counts
        # the active holds).
        checked = self.filtered(
            lambda order: order.sudo().channel_id.stock_block_oversell
        )
        products = checked.order_line.product_id
        kits = products._oms_kit_components()
        product_ids = set(products.filtered("is_storable").ids)
        product_ids |= {c for parts in kits.values() for c, _qty in parts}
        if product_ids:
            self.env["oms.pos.hold"]._oms_lock_pos_stock(
                product_ids, checked.company_id
            )
        return super()._oms_check_availability()
