# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOmsTours(HttpCase):
    """Back-office flows clicked through in a real browser (headless Chromium)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Tour Warehouse", "code": "TOURW"}
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Tour Phone Desk",
                "code": "TOUR-PHONE",
                "channel_type": "webshop",
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
            }
        )
        cls.sock, cls.boot = cls.env["product.product"].create(
            [
                {
                    "name": "Tour Sock",
                    "default_code": "TOUR-SOCK",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 4.0,
                },
                {
                    "name": "Tour Boot",
                    "default_code": "TOUR-BOOT",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 89.0,
                },
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour@example.com"}
        )
        cls.user = new_test_user(
            cls.env,
            login="oms_tour_user",
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "sales_team.group_sale_salesman_all_leads,stock.group_stock_user",
        )

    def test_tour_fix_unknown_sku_exception(self):
        intake = self.env["oms.order.intake"].intake_order(
            self.channel,
            {
                "external_id": "TOUR-1",
                "currency": self.env.company.currency_id.name,
                "customer": {
                    "name": "Tour Customer",
                    "email": "tour@example.com",
                    "street": "1 Tour Street",
                    "city": "Springfield",
                    "zip": "12345",
                    "country_code": "US",
                },
                "lines": [
                    {
                        "sku": "TOUR-SOCK-9",
                        "quantity": 3,
                        "unit_price": 4.0,
                        "name": "Socks",
                    },
                    {"sku": "TOUR-BOOT", "quantity": 1, "unit_price": 89.0},
                ],
            },
        )
        order = intake.sale_order_id
        self.assertEqual(intake.state, "exception")
        self.start_tour(
            "/odoo/action-oms_multichannel.sale_order_action_exception/%s" % order.id,
            "oms_fix_unknown_sku",
            login=self.user.login,
        )
        self.assertEqual(intake.state, "done")
        self.assertIn(self.sock, order.order_line.product_id)
        self.assertTrue(
            self.env["oms.channel.sku.map"].search(
                [("channel_id", "=", self.channel.id), ("sku", "=", "TOUR-SOCK-9")]
            )
        )

    def test_tour_buffer_change_shows_new_figure(self):
        self.env["stock.quant"]._update_available_quantity(
            self.boot, self.warehouse.lot_stock_id, 20
        )
        self.channel._oms_recompute_channel_stock()
        pair = self.env["oms.channel.stock"].search(
            [("channel_id", "=", self.channel.id), ("product_id", "=", self.boot.id)]
        )
        self.assertEqual(pair.ats, 20)
        self.start_tour(
            "/odoo/action-oms_multichannel.oms_channel_action/%s" % self.channel.id,
            "oms_buffer_change",
            login=self.user.login,
        )
        self.assertEqual((pair.buffer, pair.ats), (10, 10))
