# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import Form, new_test_user

from .common import OmsCommon


class ChannelAccountingCommon(OmsCommon):
    """A webshop channel with its own sales journal, fiscal position and
    clearing journal, and users with the rights of an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Journal = cls.env["account.journal"]
        cls.sale_journal = Journal.create(
            {"name": "Webshop Sales", "code": "TWSAL", "type": "sale"}
        )
        cls.clearing_journal = Journal.create(
            {"name": "Webshop Clearing", "code": "TWCLR", "type": "bank"}
        )
        cls.fiscal_position = cls.env["account.fiscal.position"].create(
            {"name": "Webshop Sales Position"}
        )
        # the job must see this class's orders only, not the demo channels'
        cls.env["oms.channel"].search([]).oms_invoice_policy = "none"
        cls.channel.write(
            {
                "oms_invoice_policy": "confirm",
                "oms_invoice_journal_id": cls.sale_journal.id,
                "oms_clearing_journal_id": cls.clearing_journal.id,
                "fiscal_position_id": cls.fiscal_position.id,
            }
        )
        # the channel's policy wins over the products' own
        cls.product.invoice_policy = "delivery"
        cls.product_b.invoice_policy = "order"
        (cls.product | cls.product_b).standard_price = 4.0
        cls.shipping_product = cls.channel.shipping_product_id
        cls.billing_user = new_test_user(
            cls.env,
            login="oms_billing_user",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="oms_acct_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls._set_stock(cls.product, 100)
        cls._set_stock(cls.product_b, 100)

    @classmethod
    def _order(cls, ref, lines=None, status="paid", channel=None, **vals):
        """Confirmed channel order; ``lines`` are (product, quantity, price)."""
        lines = lines or [(cls.product, 2, 10.0), (cls.product_b, 1, 30.0)]
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": (channel or cls.channel).id,
                "channel_order_ref": ref,
                "channel_payment_status": status,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                    for product, quantity, price in lines
                ],
                **vals,
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, order, quantities=None):
        """Validate the open delivery: ``quantities`` {product: qty}, else all."""
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in picking.move_ids:
            qty = move.product_uom_qty
            if quantities is not None:
                qty = quantities.get(move.product_id, 0.0)
            move.quantity = qty
            move.picked = True
        res = picking.button_validate()
        if isinstance(res, dict) and res.get("res_model"):
            wizard = Form(
                cls.env[res["res_model"]].with_context(**res["context"])
            ).save()
            wizard.process()
        return picking

    def _run(self, user=None):
        SaleOrder = self.env["sale.order"]
        if user:
            SaleOrder = SaleOrder.with_user(user)
        return SaleOrder._oms_channel_accounting_batch(limit=None)
