# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import tagged

from .common_allocation import AllocationCommon


@tagged("post_install", "-at_install")
class TestAllocationScreens(AllocationCommon):
    """What the allocation trace and the what-if show."""

    def test_trace_hides_distance_without_coordinates(self):
        self.customer_beijing.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        self._stock(self.beijing, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 1)]))
        trace = self._last_trace(order)
        self.assertFalse(trace.show_distance)
        view = self.env["oms.allocation.trace"].get_view(
            self.env.ref("oms_multichannel.oms_allocation_trace_view_form").id, "form"
        )
        arch = etree.fromstring(view["arch"])
        distance = arch.xpath(
            "//field[@name='candidate_ids']//field[@name='distance_km']"
        )
        self.assertEqual(
            distance[0].get("column_invisible"), "not parent.show_distance"
        )
        score = self.env["oms.allocation.candidate"]._fields["score"]
        self.assertIn("higher is better", score.string)

    def test_trace_shows_distance_with_coordinates(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 1)]))
        trace = self._last_trace(order)
        self.assertEqual(
            trace.show_distance, any(trace.candidate_ids.mapped("distance_km"))
        )

    def test_whatif_compares_current_plan_with_plan_now(self):
        self._stock(self.beijing, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        self._stock(self.beijing, self.product_a, -5)
        self._stock(self.shanghai, self.product_a, 5)
        wizard = (
            self.env["oms.allocation.whatif"]
            .with_user(self.oms_user)
            .create({"order_id": order.id})
        )
        wizard.action_run()
        html = str(wizard.result)
        self.assertIn("Current plan", html)
        self.assertIn("If allocated now", html)
        self.assertNotIn("Rule: ", html)
        self.assertNotIn("<th>Held</th>", html)
        # Beijing's own reservation still counts for the order: no change.
        self.assertIn("Test Beijing: 2", html)
