# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class ReturnsCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.central = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.store = cls.env["stock.warehouse"].create(
            {"name": "Test Store", "code": "TSTR", "company_id": cls.company.id}
        )
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Test VAT 15%",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.category = cls.env["product.category"].create({"name": "Returns Test"})
        cls.product_a = cls._create_product("Test Jacket", 33.33)
        cls.product_b = cls._create_product("Test Scarf", 19.99)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Return Customer", "email": "return.customer@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer", "email": "other.customer@example.com"}
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Test Webshop",
                "code": "TESTWEB",
                "channel_type": "webshop",
                "warehouse_ids": [Command.set(cls.central.ids)],
                "return_window_days": 30,
            }
        )
        Reason = cls.env["oms.return.reason"]
        cls.reason_mind = Reason.create(
            {
                "code": "T-MIND",
                "name": "Changed mind",
                "disposition": "restock",
                "customer_pays_shipping": True,
            }
        )
        cls.reason_wrong = Reason.create(
            {"code": "T-WRONG", "name": "Wrong item", "disposition": "restock"}
        )
        cls.reason_defect = Reason.create(
            {
                "code": "T-DEFECT",
                "name": "Defective",
                "disposition": "scrap",
                "is_defect": True,
            }
        )
        cls.reason_damaged = Reason.create(
            {"code": "T-DAMAGED", "name": "Damaged", "disposition": "inspect"}
        )
        cls.returns_user = new_test_user(
            cls.env,
            login="returns_user",
            groups="oms_returns.group_oms_returns_user",
        )
        cls.returns_manager = new_test_user(
            cls.env,
            login="returns_manager",
            groups="oms_returns.group_oms_returns_manager,stock.group_stock_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        for product in cls.product_a | cls.product_b:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.central.lot_stock_id, 100.0
            )

    @classmethod
    def _create_product(cls, name, price, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "list_price": price,
                "standard_price": 10.0,
                "invoice_policy": "delivery",
                "categ_id": cls.category.id,
                "taxes_id": [Command.set(cls.tax.ids)],
                **vals,
            }
        )

    @classmethod
    def _create_order(
        cls, lines, partner=None, channel=None, deliver=True, invoice=True
    ):
        """Confirmed order; ``lines`` are (product, qty, price, discount)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "channel_id": (channel or cls.channel).id,
                "warehouse_id": cls.central.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "discount": discount,
                            "tax_id": [Command.set(cls.tax.ids)],
                        }
                    )
                    for product, qty, price, discount in lines
                ],
            }
        )
        order.action_confirm()
        if deliver:
            cls._deliver(order)
        if invoice:
            order._create_invoices().action_post()
        return order

    @classmethod
    def _deliver(cls, order):
        for picking in order.picking_ids.filtered(lambda p: p.state != "done"):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.button_validate()

    @classmethod
    def _create_return(cls, items, **vals):
        """Draft return; ``items`` are (sale line, qty, reason)."""
        sale_line = items[0][0]
        return cls.env["oms.return"].create(
            {
                "partner_id": sale_line.order_id.partner_id.id,
                **vals,
                "line_ids": [
                    Command.create(
                        {
                            "sale_line_id": sol.id,
                            "quantity": qty,
                            "reason_id": reason.id,
                        }
                    )
                    for sol, qty, reason in items
                ],
            }
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint) plus a message check."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _on_hand(self, product, location):
        return product.with_context(location=location.id).qty_available
