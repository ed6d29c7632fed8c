# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_allocation import AllocationCommon


@tagged("post_install", "-at_install")
class TestAllocationMultiCompany(AllocationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Alloc Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="alloc_user_b",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "sales_team.group_sale_salesman,stock.group_stock_user",
        )
        env_b = cls.env(user=cls.user_b, context=dict(cls.env.context))
        cls.warehouse_b = env_b["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.channel_b = env_b["oms.channel"].create(
            {
                "name": "B Webshop",
                "code": "B-WEB",
                "company_id": cls.company_b.id,
                "warehouse_ids": [(6, 0, cls.warehouse_b.ids)],
            }
        )

    def test_other_company_cannot_see_rules(self):
        Rule = self.env["oms.allocation.rule"].with_user(self.user_b)
        self.assertFalse(Rule.search([]))
        with self.assertRaises(AccessError):
            self.rule.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.rule.with_user(self.user_b).write({"name": "Mine now"})
        Zone = self.env["oms.allocation.zone"].with_user(self.user_b)
        self.env["oms.allocation.zone"].create(
            {"rule_id": self.rule.id, "name": "North"}
        )
        self.assertFalse(Zone.search([]))

    def test_other_company_cannot_use_rules(self):
        # A rule for every channel of company A does not reach company B's orders.
        self.rule.channel_ids = False
        product = self.product_a.with_user(self.user_b)
        order = (
            self.env["sale.order"]
            .with_user(self.user_b)
            .create(
                {
                    "partner_id": self.customer_beijing.id,
                    "channel_id": self.channel_b.id,
                    "company_id": self.company_b.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
        )
        order.action_confirm()
        self.assertFalse(order.sudo().oms_allocation_trace_ids)
        self.assertEqual(
            order.picking_ids.picking_type_id.warehouse_id, self.warehouse_b
        )
        # Nor can company B try a company A rule in the what-if wizard.
        with self.assertRaises(UserError):
            self.env["oms.allocation.whatif"].with_user(self.user_b).create(
                {"order_id": order.id, "rule_id": self.rule.id}
            ).action_run()

    def test_own_company_rule_cannot_list_other_company_warehouses(self):
        with self.assertRaises(UserError):
            self.env["oms.allocation.rule"].with_user(self.user_b).create(
                {
                    "name": "Borrow A's stores",
                    "company_id": self.company_b.id,
                    "warehouse_ids": [(6, 0, self.beijing.ids)],
                }
            )
