# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReturnsSkeleton(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_user = cls.env.ref("oms_returns.group_oms_returns_user")
        cls.group_manager = cls.env.ref("oms_returns.group_oms_returns_manager")
        cls.menu = cls.env.ref("oms_returns.menu_oms_returns")
        cls.returns_user = new_test_user(
            cls.env,
            login="oms_returns_user",
            groups="oms_returns.group_oms_returns_user",
        )
        cls.sales_user = new_test_user(
            cls.env, login="oms_returns_sales", groups="sales_team.group_sale_salesman"
        )

    def _visible(self, menu, user):
        """True when the menu and all its parents show in the user's menu tree."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return all(m.id in visible for m in self._with_parents(menu))

    def _with_parents(self, menu):
        while menu:
            yield menu
            menu = menu.parent_id

    def test_groups(self):
        self.assertIn(self.group_user, self.group_manager.implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), self.group_manager.users)
        self.assertEqual(
            self.group_user.category_id.parent_id,
            self.env.ref("oms_multichannel.module_category_order_management"),
        )
        # a returns user works on channel orders, so he is an OMS user too
        self.assertTrue(
            self.returns_user.has_group("oms_multichannel.group_oms_multichannel_user")
        )

    def test_menu(self):
        self.assertEqual(
            self.menu.parent_id, self.env.ref("oms_multichannel.menu_oms_root")
        )
        self.assertEqual(self.menu.action.res_model, "stock.picking")
        self.assertTrue(self._visible(self.menu, self.returns_user))
        self.assertFalse(self._visible(self.menu, self.sales_user))
        # the action opens for a returns user
        action = self.env["ir.actions.act_window"].with_user(self.returns_user)
        action = action._for_xml_id("oms_returns.stock_picking_return_action")
        self.env[action["res_model"]].with_user(self.returns_user).search_count(
            [("return_id", "!=", False)]
        )
