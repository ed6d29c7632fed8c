# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import Form, new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestOrderScreens(OmsCommon):
    """What the order form and the dashboard show a back-office user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="oms_screen_salesman",
            groups="sales_team.group_sale_salesman,"
            "oms_multichannel.group_oms_multichannel_user",
        )

    def _form_arch(self, user):
        view = self.env["sale.order"].with_user(user).get_view(view_type="form")
        return etree.fromstring(view["arch"])

    def test_channel_is_near_the_top_and_defaulted_from_the_team(self):
        arch = self._form_arch(self.salesman)
        details = arch.xpath("//group[@name='order_details']")[0]
        self.assertEqual(details.xpath("./field")[0].get("name"), "channel_id")
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        form.team_id = self.team
        self.assertEqual(form.channel_id, self.channel)

    def test_channel_order_discounts_are_shown_without_the_discount_setting(self):
        self.assertFalse(self.salesman.has_group("sale.group_discount_per_so_line"))
        arch = self._form_arch(self.salesman)
        discounts = arch.xpath(
            "//field[@name='order_line']/list/field[@name='discount']"
        )
        self.assertEqual(len(discounts), 1)
        self.assertEqual(discounts[0].get("column_invisible"), "not parent.channel_id")
        data = self._order_data(
            lines=[
                {
                    "sku": "OMS-T-WIDGET",
                    "quantity": 1,
                    "unit_price": 89.0,
                    "discount_amount": 8.9,
                }
            ]
        )
        order = self._intake(data).sale_order_id
        self.assertAlmostEqual(order.order_line.discount, 10.0)

    def test_buyer_shown_on_orders_billed_to_the_generic_customer(self):
        generic = self.env["res.partner"].create({"name": "Marketplace Customer"})
        self.channel.write(
            {"customer_policy": "generic", "generic_partner_id": generic.id}
        )
        data = self._order_data()
        data["customer"] = dict(data["customer"], name="Chen Jie")
        order = self._intake(data).sale_order_id
        self.assertEqual(order.partner_id, generic)
        self.assertTrue(order.oms_buyer_address.startswith("Chen Jie\n"))
        self.assertIn("1 Main Street", order.oms_buyer_address)
        self.assertIn("Springfield", order.oms_buyer_address)
        own = self._intake(self._order_data(external_id="EXT-2"), channel=self._own())
        self.assertFalse(own.sale_order_id.oms_buyer_address)

    def _own(self):
        return self.env["oms.channel"].create(
            {"name": "Own Shop", "code": "OWN-SCR", "channel_type": "webshop"}
        )

    def test_exception_lists_show_no_sample_rows_nor_new_button(self):
        action = self.channel.with_user(self.oms_user).action_view_exceptions()
        view_id = action["views"][0][0]
        self.assertEqual(action["views"][0][1], "list")
        arch = etree.fromstring(
            self.env["sale.order"].get_view(view_id, "list")["arch"]
        )
        self.assertEqual(arch.get("sample"), "0")
        self.assertEqual(arch.get("create"), "0")
        self.assertIn("wait here until fixed", action["help"])

    def test_dashboard_counters_are_pluralised_and_styled_by_value(self):
        view = self.env["oms.channel"].get_view(
            self.env.ref("oms_multichannel.oms_channel_view_kanban").id, "kanban"
        )
        self.assertIn("record.exception_count.raw_value == 1", view["arch"])
        self.assertIn("record.exception_count.raw_value ? 'text-danger", view["arch"])
