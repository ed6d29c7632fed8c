# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon


class PortalCommon(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="returns_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="returns_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
        )
        cls.order = cls._create_order([(cls.product_a, 2, 33.33, 0.0)])
        cls.order.message_subscribe(partner_ids=cls.customer.ids)
        cls.order.user_id = cls.returns_manager
        cls.other_order = cls._create_order(
            [(cls.product_a, 1, 33.33, 0.0)], partner=cls.other_customer
        )
        cls.other_order.message_subscribe(partner_ids=cls.other_customer.ids)


@tagged("post_install", "-at_install")
class TestReturnPortal(PortalCommon):
    def _request(self, user, order, quantity=1):
        env = self.env(user=user)
        return env["oms.return"]._portal_request_return(
            order.with_env(env),
            {order.order_line.id: quantity},
            self.reason_mind.with_env(env),
            "Too big",
        )

    def test_portal_user_requests_return_of_own_order(self):
        ret = self._request(self.portal_user, self.order)
        self.assertEqual(ret.origin, "portal")
        self.assertEqual(ret.state, "draft")
        self.assertEqual(ret.partner_id, self.customer)
        self.assertEqual(ret.line_ids.quantity, 1.0)
        self.assertEqual(ret.line_ids.customer_comment, "Too big")
        # The order's salesperson follows the request up, not OdooBot.
        self.assertEqual(ret.user_id, self.returns_manager)
        # The customer sees the request, and only theirs.
        returns = self.env["oms.return"].with_user(self.portal_user).search([])
        self.assertEqual(returns, ret)
        self.assertFalse(
            self.env["oms.return"].with_user(self.other_portal_user).search([])
        )
        # An order without salesperson leaves the request to whoever takes it.
        self.other_order.user_id = False
        other = self._request(self.other_portal_user, self.other_order)
        self.assertFalse(other.user_id)

    def test_portal_user_cannot_return_another_customers_order(self):
        with self.assertRaises(AccessError):
            self._request(self.portal_user, self.other_order)
        self.assertFalse(
            self.env["oms.return"].search([("order_ids", "in", self.other_order.ids)])
        )

    def test_portal_request_with_hidden_or_archived_reason_refused(self):
        self.reason_mind.active = False
        with self.assertRaisesText(UserError, "choose a reason"):
            self._request(self.portal_user, self.order)
        self.reason_mind.write({"active": True, "portal_visible": False})
        with self.assertRaisesText(UserError, "choose a reason"):
            self._request(self.portal_user, self.order)

    def test_portal_request_breaking_policy_leaves_nothing(self):
        with self.assertRaisesText(UserError, "can still be returned"):
            self._request(self.portal_user, self.order, quantity=5)
        self.assertFalse(
            self.env["oms.return"].search([("order_ids", "in", self.order.ids)])
        )


@tagged("post_install", "-at_install")
class TestReturnPortalHttp(HttpCase, PortalCommon):
    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_request_return_through_portal_page(self):
        self.authenticate("returns_portal", "returns_portal")
        order_page = self.url_open(self.order.get_portal_url())
        self.assertIn(f"/my/orders/{self.order.id}/return", order_page.text)
        url = f"/my/orders/{self.order.id}/return"
        token = self._csrf(url)
        response = self.url_open(
            url,
            data={
                "csrf_token": token,
                f"qty_{self.order.order_line.id}": "1",
                "reason_id": str(self.reason_mind.id),
                "comment": "Sleeves too long",
            },
        )
        self.assertEqual(response.status_code, 200)
        ret = self.env["oms.return"].search([("order_ids", "in", self.order.ids)])
        self.assertEqual(ret.customer_comment, "Sleeves too long")
        self.assertEqual(ret.user_id, self.returns_manager)
        self.assertIn(f"/my/returns/{ret.id}", response.url)
        self.assertIn(ret.name, response.text)

    def test_portal_page_of_another_customers_order_redirects(self):
        self.authenticate("returns_portal", "returns_portal")
        response = self.url_open(f"/my/orders/{self.other_order.id}/return")
        self.assertNotIn("/return", response.url)
        self.assertNotIn("Request the Return", response.text)
