# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.oms_multichannel.tests.common import menu_visible


@tagged("post_install", "-at_install")
class TestConnectorsSkeleton(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = "oms_marketplace_connectors.group_oms_marketplace_connectors"
        cls.group_user = cls.env.ref(f"{prefix}_user")
        cls.group_manager = cls.env.ref(f"{prefix}_manager")
        cls.menu = cls.env.ref("oms_marketplace_connectors.menu_oms_connectors")
        cls.connector_user = new_test_user(
            cls.env, login="oms_connector_user", groups=f"{prefix}_user"
        )
        cls.connector_manager = new_test_user(
            cls.env, login="oms_connector_manager", groups=f"{prefix}_manager"
        )

    def test_groups(self):
        self.assertIn(self.group_user, self.group_manager.implied_ids)
        self.assertIn(self.env.ref("base.user_admin"), self.group_manager.users)
        self.assertEqual(
            self.group_user.category_id.parent_id,
            self.env.ref("oms_multichannel.module_category_order_management"),
        )
        self.assertTrue(
            self.connector_manager.has_group("queue_job.group_queue_job_manager")
        )
        self.assertFalse(
            self.connector_user.has_group("queue_job.group_queue_job_manager")
        )

    def test_menu(self):
        self.assertEqual(
            self.menu.parent_id, self.env.ref("oms_multichannel.menu_oms_root")
        )
        self.assertEqual(
            {child.action.res_model for child in self.menu.child_id},
            {
                "oms.connector.account",
                "oms.connector.event",
                "oms.connector.product.binding",
                "oms.connector.location.binding",
                "oms.connector.partner.binding",
                "oms.connector.order.binding",
                "oms.connector.refund",
                "oms.channel",
                "queue.job",
                "oms.file.import.wizard",
                "oms.file.import.mapping",
            },
        )
        for child in self.menu.child_id:
            self.assertTrue(menu_visible(child, self.connector_manager))
        self.assertTrue(menu_visible(self.menu, self.connector_user))
        jobs = self.env.ref("oms_marketplace_connectors.menu_oms_connectors_jobs")
        self.assertFalse(menu_visible(jobs, self.connector_user))
        self.env["queue.job"].with_user(self.connector_manager).search_count([])
