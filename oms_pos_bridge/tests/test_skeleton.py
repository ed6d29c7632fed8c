# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.oms_multichannel.tests.common import menu_visible


@tagged("post_install", "-at_install")
class TestPosBridgeSkeleton(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_user = cls.env.ref("oms_pos_bridge.group_oms_pos_bridge_user")
        cls.group_manager = cls.env.ref("oms_pos_bridge.group_oms_pos_bridge_manager")
        cls.menu = cls.env.ref("oms_pos_bridge.menu_oms_pos")
        cls.store_user = new_test_user(
            cls.env,
            login="oms_store_user",
            groups="oms_pos_bridge.group_oms_pos_bridge_user",
        )
        cls.store_manager = new_test_user(
            cls.env,
            login="oms_store_manager",
            groups="oms_pos_bridge.group_oms_pos_bridge_manager",
        )

    def test_groups(self):
        self.assertIn(self.group_user, self.group_manager.implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), self.group_manager.users)
        self.assertEqual(
            self.group_user.category_id.parent_id,
            self.env.ref("oms_multichannel.module_category_order_management"),
        )
        self.assertTrue(self.store_user.has_group("point_of_sale.group_pos_user"))
        self.assertTrue(self.store_manager.has_group("point_of_sale.group_pos_manager"))

    def test_menu(self):
        self.assertEqual(
            self.menu.parent_id, self.env.ref("oms_multichannel.menu_oms_config")
        )
        self.assertEqual(
            {child.action.res_model for child in self.menu.child_id},
            {"oms.channel", "pos.config"},
        )
        for child in self.menu.child_id:
            self.assertTrue(menu_visible(child, self.store_manager))
        self.assertFalse(menu_visible(self.menu, self.store_user))
        self.env["pos.config"].with_user(self.store_manager).search_count([])
