# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.oms_multichannel.tests.common import menu_visible

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnSecurity(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Returns Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="returns_user_b",
            groups="oms_returns.group_oms_returns_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        order = cls._create_order([(cls.product_a, 1, 33.33, 0.0)], invoice=False)
        cls.ret = cls._create_return([(order.order_line, 1, cls.reason_wrong)])

    def test_user_of_another_company_cannot_see_returns(self):
        returns = self.env["oms.return"].with_user(self.user_b)
        self.assertFalse(returns.search([("id", "=", self.ret.id)]))
        with self.assertRaises(AccessError):
            returns.browse(self.ret.id).read(["name"])
        self.assertFalse(
            self.env["oms.return.line"]
            .with_user(self.user_b)
            .search([("return_id", "=", self.ret.id)])
        )
        self.assertFalse(
            self.env["oms.return.report"]
            .with_user(self.user_b)
            .search([("return_id", "=", self.ret.id)])
        )

    def test_returns_user_handles_returns_of_own_company(self):
        ret = self.ret.with_user(self.returns_user)
        ret.action_approve()
        ret.action_receive()
        self.assertEqual(ret.state, "received")

    def test_returns_user_cannot_settle_or_grant_exceptions(self):
        ret = self.ret.with_user(self.returns_user)
        with self.assertRaises(AccessError):
            ret.policy_override = True
        with self.assertRaises(AccessError):
            self.env["oms.return"].with_user(self.returns_user).create(
                {"partner_id": self.customer.id, "policy_override": True}
            )
        # Backdating the request would move the return window.
        with self.assertRaises(AccessError):
            ret.request_date = "2020-01-01"
        ret.request_date = fields.Date.context_today(ret)
        ret.action_approve()
        ret.action_receive()
        with self.assertRaises(AccessError):
            ret.action_settle()
        self.assertEqual(ret.state, "received")

        shared = self.env["oms.return.reason"].create(
            {"code": "T-SHARED", "name": "Shared", "company_id": False}
        )
        reasons = self.env["oms.return.reason"].with_user(self.user_b).search([])
        self.assertIn(shared, reasons)
        self.assertNotIn(self.reason_wrong, reasons)

    def test_groups_and_menus(self):
        group_user = self.env.ref("oms_returns.group_oms_returns_user")
        group_manager = self.env.ref("oms_returns.group_oms_returns_manager")
        self.assertIn(group_user, group_manager.implied_ids)
        self.assertEqual(
            group_user.category_id.parent_id,
            self.env.ref("oms_multichannel.module_category_order_management"),
        )
        self.assertTrue(
            self.returns_user.has_group("oms_multichannel.group_oms_multichannel_user")
        )
        sales_user = new_test_user(
            self.env,
            login="returns_sales",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        menu = self.env.ref("oms_returns.oms_return_menu")
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("oms_multichannel.menu_oms_root")
        )
        self.assertTrue(menu_visible(menu, self.returns_user))
        self.assertFalse(menu_visible(menu, sales_user))
        reasons_menu = self.env.ref("oms_returns.oms_return_reason_menu")
        self.assertFalse(menu_visible(reasons_menu, self.returns_user))
        self.assertTrue(menu_visible(reasons_menu, self.returns_manager))
        # A salesman opens orders without any right on returns.
        self.order_form_loads_for(sales_user)

    def order_form_loads_for(self, user):
        order = self.env["sale.order"].search([], limit=1).with_user(user)
        views = order.get_views([(False, "form")])
        self.assertNotIn("oms_return_count", views["views"]["form"]["arch"])
        order.read(["name", "state"])
