# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


def menu_visible(menu, user):
    """True when the menu and all its parents show in the user's menu tree."""
    visible = menu.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
    while menu:
        if menu.id not in visible:
            return False
        menu = menu.parent_id
    return True


class OmsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.team = cls.env["crm.team"].create({"name": "OMS Test Desk"})
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Test Webshop",
                "code": "TWEB",
                "channel_type": "webshop",
                "team_id": cls.team.id,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "OMS Widget",
                "default_code": "OMS-T-WIDGET",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.product_b = cls.env["product.product"].create(
            {
                "name": "OMS Gadget",
                "default_code": "OMS-T-GADGET",
                "type": "consu",
                "is_storable": True,
                "list_price": 30.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ada Customer", "email": "ada@example.com"}
        )
        cls.oms_user = new_test_user(
            cls.env,
            login="oms_test_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )

    @classmethod
    def _set_stock(cls, product, quantity, location=None):
        location = location or cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(product, location, quantity)

    def _order_data(self, external_id="EXT-1", **overrides):
        data = {
            "external_id": external_id,
            "currency": self.company.currency_id.name,
            "customer": {
                "name": "Grace Buyer",
                "email": "grace@example.com",
                "street": "1 Main Street",
                "city": "Springfield",
                "zip": "12345",
                "country_code": "US",
            },
            "lines": [
                {"sku": "OMS-T-WIDGET", "quantity": 2, "unit_price": 10.0},
                {"sku": "OMS-T-GADGET", "quantity": 1, "unit_price": 30.0},
            ],
            "payment_status": "paid",
        }
        data.update(overrides)
        return data

    def _intake(self, data, channel=None, raw=None):
        return self.env["oms.order.intake"].intake_order(
            channel or self.channel, data, raw
        )
