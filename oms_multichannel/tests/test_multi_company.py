# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "OMS Company B"})
        cls.channel_b = cls.env["oms.channel"].create(
            {"name": "B shop", "code": "BSHOP", "company_id": cls.company_b.id}
        )
        cls.user_b = new_test_user(
            cls.env,
            login="oms_user_b",
            groups="oms_multichannel.group_oms_multichannel_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.intake_a = cls.env["oms.order.intake"].intake_order(
            cls.channel, cls._order_data_static()
        )

    @classmethod
    def _order_data_static(cls):
        return {
            "external_id": "MC-1",
            "currency": cls.env.company.currency_id.name,
            "customer": {
                "name": "Company A buyer",
                "street": "1 Road",
                "city": "Town",
                "country_code": "US",
            },
            "lines": [{"sku": "OMS-T-WIDGET", "quantity": 1, "unit_price": 10}],
        }

    def test_user_of_company_b_sees_only_company_b(self):
        channels = self.env["oms.channel"].with_user(self.user_b).search([])
        self.assertEqual(channels, self.channel_b)
        orders = self.env["sale.order"].with_user(self.user_b).search([])
        self.assertNotIn(self.intake_a.sale_order_id, orders)
        intakes = self.env["oms.order.intake"].with_user(self.user_b).search([])
        self.assertNotIn(self.intake_a, intakes)
        with self.assertRaises(AccessError):
            self.channel.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.intake_a.sale_order_id.with_user(self.user_b).read(["name"])

    def test_user_of_company_b_cannot_take_orders_into_company_a(self):
        with self.assertRaises(AccessError):
            self.env["oms.order.intake"].with_user(self.user_b).intake_order(
                self.channel.with_user(self.user_b), self._order_data_static()
            )
        self.assertEqual(
            self.env["oms.order.intake"]
            .with_user(self.user_b)
            .with_company(self.company_b)
            .search_count([]),
            0,
        )
