# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from types import SimpleNamespace
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools.misc import hmac as hmac_tool

# field names that would hold card data; none of ours may
CARD_FIELD = re.compile(r"(card_?num|cc_?num|\bpan\b|cvv|cvc|card_?code|expiry)", re.I)


@tagged("post_install", "-at_install")
class TestPhoneOrder(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.channel = cls.env["oms.channel"].create(
            {"name": "Phone Desk", "code": "PHONE_T", "channel_type": "phone"}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="phone_desk_salesman",
            # a phone desk creates the contacts of new callers
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
        )
        cls.portal = new_test_user(
            cls.env, login="phone_desk_portal", groups="base.group_portal"
        )
        partners = cls.env["res.partner"]
        cls.anna = partners.create({"name": "Anna Caller", "phone": "+49 30 1234-5678"})
        cls.anna_office = partners.create(
            {"name": "Anna Office", "mobile": "030 12345678", "email": "a@example.com"}
        )
        cls.bob = partners.create({"name": "Bob Other", "phone": "+49 30 1234-5679"})
        cls.product = cls.env["product.product"].create(
            {"name": "Phone product", "list_price": 42.0, "taxes_id": [(5, 0, 0)]}
        )

    def _request(self):
        # Odoo signs payment links with the request's environment: the button
        # runs in one, the test gives the signing its environment
        return patch("odoo.addons.payment.utils.request", SimpleNamespace(env=self.env))

    def _token(self, *values):
        return hmac_tool(
            self.env(su=True),
            "generate_access_token",
            "|".join(str(value) for value in values),
        )

    def _wizard(self, phone, user=None):
        wizard = Form(
            self.env["oms.phone.order.wizard"].with_user(user or self.salesman)
        )
        wizard.channel_id = self.channel
        wizard.phone = phone
        return wizard

    def test_finds_every_partner_with_that_number_in_any_format(self):
        wizard = self._wizard("0049 (30) 12345678")
        self.assertEqual(
            set(wizard.partner_ids.ids), {self.anna.id, self.anna_office.id}
        )
        self.assertEqual(wizard.partner_id, self.anna)
        self.assertNotIn(self.bob.id, wizard.partner_ids.ids)
        # too few digits: nobody, not everybody
        self.assertFalse(self._wizard("45").partner_ids)

    def test_quotation_of_the_phone_channel_then_payment_link(self):
        wizard = self._wizard("+49 30 12345678")
        wizard.partner_id = self.anna_office
        record = wizard.save()
        action = record.action_create_quotation()
        order = self.env["sale.order"].with_user(self.salesman).browse(action["res_id"])
        self.assertEqual(order.channel_id, self.channel)
        self.assertEqual(order.partner_id, self.anna_office)
        self.assertEqual(order.state, "draft")
        order.write(
            {
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 2})
                ]
            }
        )
        with self._request():
            order.action_oms_send_payment_link()
        self.assertEqual(order.state, "sent")
        message = order.message_ids.filtered(lambda m: "/payment/pay" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(self.anna_office.id, message.partner_ids.ids)
        link = re.search(r"href=['\"]([^'\"]+)['\"]", message.body).group(1)
        link = link.replace("&amp;", "&")
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        self.assertEqual(urlsplit(link).path, "/payment/pay")
        self.assertEqual(int(query["sale_order_id"]), order.id)
        self.assertEqual(float(query["amount"]), 84.0)
        self.assertEqual(
            query["access_token"],
            self._token(order.partner_invoice_id.id, 84.0, order.currency_id.id),
        )
        self.assertNotEqual(
            query["access_token"],
            self._token(order.partner_invoice_id.id, 1.0, order.currency_id.id),
        )

    def test_new_caller_becomes_a_customer(self):
        wizard = self._wizard("+1 555 000 1234")
        self.assertFalse(wizard.partner_ids)
        wizard.new_customer_name = "New Caller"
        action = wizard.save().action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.partner_id.name, "New Caller")
        self.assertEqual(order.partner_id.phone, "+1 555 000 1234")

    def test_nothing_to_create_without_a_customer(self):
        wizard = self._wizard("+1 555 000 1234").save()
        with self.assertRaisesRegex(UserError, "No customer has this number"):
            wizard.action_create_quotation()

    def test_portal_cannot_use_the_phone_desk(self):
        with self.assertRaises(AccessError):
            self.env["oms.phone.order.wizard"].with_user(self.portal).create(
                {"channel_id": self.channel.id, "phone": "+49 30 12345678"}
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.portal.partner_id.id,
                "channel_id": self.channel.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        with self.assertRaises(AccessError):
            order.with_user(self.portal).action_oms_send_payment_link()

    def test_saved_payment_methods_are_provider_tokens(self):
        wizard = self._wizard("+49 30 12345678")
        self.assertEqual(
            wizard._record._fields["payment_token_ids"].comodel_name, "payment.token"
        )

    def test_no_field_of_ours_holds_a_card_number(self):
        # fields our modules define are those with an xml id in them
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.model.fields"), ("module", "=like", "oms_%")]
        )
        fields = self.env["ir.model.fields"].browse(data.mapped("res_id"))
        self.assertTrue(fields)
        offending = [
            "%s.%s" % (field.model, field.name)
            for field in fields
            if CARD_FIELD.search(field.name)
        ]
        self.assertEqual(offending, [])
