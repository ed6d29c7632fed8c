# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from oms_domain import IntakeCode, IntakeProblem

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestIntake(OmsCommon):
    def test_same_order_twice_gives_one_order(self):
        first = self._intake(self._order_data())
        second = self._intake(self._order_data())
        self.assertEqual(first, second)
        self.assertEqual(first.state, "done")
        self.assertEqual(first.attempt_count, 2)
        orders = self.env["sale.order"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(len(orders), 1)
        self.assertEqual(orders.channel_order_ref, "EXT-1")
        self.assertEqual(orders.amount_total, 50.0)
        self.assertEqual(orders.channel_payment_status, "paid")
        self.assertEqual(orders.oms_state, "new")

    def test_resubmission_updates_a_draft_order(self):
        intake = self._intake(self._order_data())
        data = self._order_data(
            lines=[{"sku": "OMS-T-WIDGET", "quantity": 5, "unit_price": 10.0}]
        )
        self._intake(data)
        order = intake.sale_order_id
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.product_uom_qty, 5)

    def test_resubmission_after_confirmation_flags_changed_lines(self):
        intake = self._intake(self._order_data())
        order = intake.sale_order_id
        order.action_confirm()
        self._intake(self._order_data(payment_status="refunded"))
        self.assertEqual(order.channel_payment_status, "refunded")
        self.assertEqual(intake.state, "done")
        self._intake(
            self._order_data(
                lines=[{"sku": "OMS-T-WIDGET", "quantity": 9, "unit_price": 10.0}]
            )
        )
        self.assertEqual(intake.state, "exception")
        self.assertIn("after it was confirmed", order.oms_exception)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [2.0, 1.0])

    def test_auto_confirm(self):
        self.channel.auto_confirm = True
        order = self._intake(self._order_data()).sale_order_id
        self.assertEqual(order.state, "sale")

    def test_auto_confirm_refused_for_stock_keeps_the_order_in_exception(self):
        self.channel.write({"auto_confirm": True, "stock_block_oversell": True})
        self._set_stock(self.product_b, 1)
        intake = self._intake(self._order_data())  # 2 widgets, none in stock
        order = intake.sale_order_id
        self.assertEqual(intake.state, "exception")
        self.assertIn("Not enough available to sell", intake.exception_reason)
        self.assertEqual((order.state, order.oms_state), ("draft", "exception"))
        self.assertIn("OMS Widget", order.oms_exception)
        # The stock arrives and the channel sends the order again.
        self._set_stock(self.product, 2)
        self._intake(self._order_data())
        self.assertEqual((intake.state, order.state), ("done", "sale"))
        self.assertFalse(order.oms_exception)

    def test_unknown_sku_keeps_order_in_exception_until_fixed(self):
        self.channel.auto_confirm = True
        data = self._order_data(
            lines=[
                {"sku": "OMS-T-WIDGET", "quantity": 1, "unit_price": 10.0},
                {"sku": "NEW-SKU", "quantity": 3, "unit_price": 4.0, "name": "Socks"},
            ]
        )
        intake = self._intake(data, raw=json.dumps({"from": "channel", "id": 1}))
        order = intake.sale_order_id
        self.assertEqual(intake.state, "exception")
        self.assertIn("Unknown SKU NEW-SKU", intake.exception_reason)
        self.assertEqual(order.oms_state, "exception")
        self.assertEqual(order.state, "draft", "an exception is never auto-confirmed")
        note = order.order_line.filtered(lambda line: line.display_type)
        self.assertIn("NEW-SKU", note.name)
        self.assertEqual(json.loads(intake.payload), {"from": "channel", "id": 1})
        # Staff create the product, then retry from the Exceptions menu.
        self.env["product.product"].create(
            {"name": "Socks", "default_code": "NEW-SKU", "taxes_id": [(5, 0, 0)]}
        )
        intake.action_retry()
        self.assertEqual(intake.state, "done")
        self.assertFalse(order.oms_exception)
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.amount_total, 22.0)

    def test_unknown_currency_keeps_the_payload(self):
        intake = self._intake(self._order_data(currency="XTS"), raw=b'{"raw": 1}')
        self.assertEqual(intake.state, "exception")
        self.assertIn("Unknown currency XTS", intake.exception_reason)
        self.assertFalse(intake.sale_order_id)
        self.assertEqual(intake.payload, '{"raw": 1}')
        # Fix the normalized order by hand and retry.
        fixed = json.loads(intake.normalized)
        fixed["currency"] = self.company.currency_id.name
        intake.normalized = json.dumps(fixed)
        intake.action_retry()
        self.assertEqual(intake.state, "done")
        self.assertTrue(intake.sale_order_id)

    def test_missing_address_is_an_exception(self):
        data = self._order_data(
            customer={"name": "No Address", "email": "noaddr@example.com"}
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertIn("shipping address", intake.exception_reason)
        self.assertEqual(intake.sale_order_id.oms_state, "exception")

    def test_totals_mismatch_is_an_exception(self):
        intake = self._intake(self._order_data(total="50.00"))
        self.assertEqual(intake.state, "done")
        intake = self._intake(self._order_data("EXT-2", total="55.00"))
        self.assertEqual(intake.state, "exception")
        self.assertIn("differs from Odoo's total", intake.exception_reason)

    def test_taxes_discounts_and_shipping(self):
        tax = self.env["account.tax"].create(
            {"name": "OMS VAT 20", "amount": 20.0, "type_tax_use": "sale"}
        )
        data = self._order_data(
            lines=[
                {
                    "sku": "OMS-T-WIDGET",
                    "quantity": 3,
                    "unit_price": 10.0,
                    "discount_amount": 3.0,
                    "tax_rates": [20],
                }
            ],
            shipping_amount=5.0,
            shipping_tax_rates=[20],
            shipping_method="Express",
            total="38.40",
        )
        intake = self._intake(data)
        order = intake.sale_order_id
        self.assertEqual(intake.state, "done", intake.exception_reason)
        product_line = order.order_line.filtered(
            lambda line: line.product_id == self.product
        )
        self.assertEqual(product_line.discount, 10.0)
        self.assertEqual(product_line.tax_id.amount, tax.amount)
        shipping = order.order_line - product_line
        self.assertEqual(shipping.product_id, self.channel.shipping_product_id)
        self.assertEqual(shipping.name, "Express")
        self.assertAlmostEqual(order.amount_total, 38.40)

    def test_unknown_tax_rate_is_an_exception(self):
        data = self._order_data(
            lines=[
                {
                    "sku": "OMS-T-WIDGET",
                    "quantity": 1,
                    "unit_price": 10.0,
                    "tax_rates": [13.37],
                }
            ]
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertIn("13.37", intake.exception_reason)

    def test_customer_matched_by_email(self):
        data = self._order_data(
            customer={
                "name": "Ada C.",
                "email": "ADA@example.com",
                "street": "9 Elm Road",
                "city": "Springfield",
                "country_code": "US",
            }
        )
        order = self._intake(data).sale_order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id.parent_id, self.customer)
        self.assertEqual(order.partner_shipping_id.type, "delivery")
        # Odoo gave the first contact's address to the customer; the same
        # address again creates no new contact.
        again = self._intake(dict(data, external_id="EXT-9")).sale_order_id
        self.assertEqual(again.partner_shipping_id.street, "9 Elm Road")
        self.assertEqual(len(self.customer.child_ids), 1)

    def test_new_customer_created_at_their_shipping_address(self):
        # The channel sends a customer without an address (Shopify's customer
        # object) and ships to them: the new contact lives there, no child.
        data = self._order_data(
            customer={"name": "Lin New", "email": "lin.new@example.com"},
            shipping_address={
                "name": "Lin New",
                "street": "5 Harbour Lane",
                "city": "Springfield",
                "zip": "12345",
                "country_code": "US",
            },
        )
        order = self._intake(data).sale_order_id
        self.assertEqual(order.partner_id.email, "lin.new@example.com")
        self.assertEqual(order.partner_id.street, "5 Harbour Lane")
        self.assertEqual(order.partner_shipping_id, order.partner_id)
        self.assertFalse(order.partner_id.child_ids)

    def test_generic_customer_policy(self):
        generic = self.env["res.partner"].create({"name": "Marketplace buyer"})
        self.channel.write(
            {"customer_policy": "generic", "generic_partner_id": generic.id}
        )
        order = self._intake(self._order_data()).sale_order_id
        self.assertEqual(order.partner_id, generic)
        self.assertEqual(order.partner_shipping_id.parent_id, generic)
        self.assertEqual(order.partner_shipping_id.city, "Springfield")

    def test_malformed_payloads_are_kept_not_dropped(self):
        intake = self._intake({"lines": "not a list"}, raw="<<garbage>>")
        self.assertEqual(intake.state, "exception")
        self.assertTrue(intake.external_id.startswith("sha256:"))
        self.assertEqual(intake.payload, "<<garbage>>")
        self.assertEqual(
            self._intake({"lines": "not a list"}, raw="<<garbage>>"), intake
        )
        broken = self._intake(self._order_data(lines="x"))
        self.assertIn("must be a list", broken.exception_reason)

    def test_intake_by_code_and_rights(self):
        intake_id = (
            self.env["oms.order.intake"]
            .with_user(self.oms_user)
            .intake_order_by_code("TWEB", self._order_data())
        )
        intake = self.env["oms.order.intake"].browse(intake_id)
        self.assertEqual(intake.state, "done", intake.exception_reason)
        portal = new_test_user(self.env, login="oms_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["oms.order.intake"].with_user(portal).intake_order(
                self.channel.with_user(portal), self._order_data("EXT-P")
            )

    def test_resent_payloads_are_all_kept(self):
        intake = self._intake(self._order_data(), raw=b'{"v": 1}')
        self._intake(self._order_data(), raw=b'{"v": 1}')
        self.assertEqual(intake.payload_ids.receive_count, 2)
        self._intake(self._order_data(payment_status="refunded"), raw=b'{"v": 2}')
        self.assertEqual(intake.payload_count, 2)
        self.assertEqual(intake.payload, '{"v": 2}')
        first, second = intake.payload_ids.sorted("id")
        self.assertEqual((first.payload, second.payload), ('{"v": 1}', '{"v": 2}'))
        self.assertEqual(json.loads(first.normalized)["payment_status"], "paid")
        self.assertEqual(json.loads(second.normalized)["payment_status"], "refunded")
        self.assertEqual(first.receive_count, 2)

    def test_non_utf8_bytes_are_kept_exactly(self):
        raw = b"\xff\xfeorder \x00 caf\xe9"
        intake = self._intake(self._order_data(), raw=raw)
        received = intake.payload_ids
        self.assertFalse(received.is_exact)
        self.assertEqual(base64.b64decode(received.payload_file), raw)
        self.assertEqual(received._exact_bytes(), raw)
        self.assertIn("order", received.payload)
        self.assertEqual(received.size, len(raw))
        # Text with NUL characters cannot be stored as text either.
        text = "null \x00 inside"
        intake = self._intake(self._order_data("EXT-NUL"), raw=text)
        self.assertEqual(intake.payload_ids._exact_bytes(), text.encode())

    def test_payloads_that_are_not_orders_end_in_exception(self):
        for data in ([1, 2, 3], "just a string", None, 42, {"external_id": {}}):
            intake = self._intake(data)
            self.assertEqual(intake.state, "exception", data)
            self.assertTrue(intake.exception_reason)
            self.assertTrue(intake.payload_ids, data)
        intake = self._intake(["a", "list"])
        self.assertIn("must be a JSON object", intake.exception_reason)
        self.assertEqual(json.loads(intake.payload), ["a", "list"])

    def test_non_finite_and_absurd_numbers_end_in_exception(self):
        cases = {
            "NaN": {"lines": [{"sku": "OMS-T-WIDGET", "quantity": "NaN"}]},
            "inf": {
                "lines": [
                    {"sku": "OMS-T-WIDGET", "quantity": 1, "unit_price": float("inf")}
                ]
            },
            "Infinity": {"total": "Infinity"},
            "1e400": {"shipping_amount": "1e400"},
            "huge": {"lines": [{"sku": "OMS-T-WIDGET", "quantity": 10**40}]},
        }
        for number, (label, change) in enumerate(cases.items()):
            intake = self._intake(self._order_data("NUM-%s" % number, **change))
            self.assertEqual(intake.state, "exception", label)
            self.assertRegex(intake.exception_reason, "finite|out of range", label)
        # json.loads reads 1e400 as infinity: a raw JSON text too.
        raw = '{"external_id": "RAW-INF", "total": 1e400}'
        intake = self._intake(json.loads(raw), raw=raw)
        self.assertEqual(intake.payload, raw)
        self.assertIn("not a finite number", intake.exception_reason)

    def test_huge_strings_are_kept_and_cut(self):
        name = "N" * 200_000
        data = self._order_data(
            "E" * 5000,
            customer=dict(self._order_data()["customer"], name=name),
            lines=[{"sku": "S" * 10_000, "quantity": 1, "unit_price": 1}],
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertTrue(intake.external_id.startswith("sha256:"))
        self.assertIn(name, intake.payload)
        self.assertIn("only the first 1000 were kept", intake.exception_reason)
        self.assertEqual(len(intake.sale_order_id.partner_id.name), 1000)
        self.assertEqual(self._intake(data), intake, "the hash is the identity")

    def test_line_known_by_variant_id_only_waits_for_a_product(self):
        data = self._order_data(
            lines=[{"external_variant_id": "V-77", "quantity": 1, "unit_price": 5}]
        )
        intake = self._intake(data)
        self.assertEqual(intake.state, "exception")
        self.assertIn("variant id “V-77”", intake.exception_reason)
        self.assertIn("V-77", intake.sale_order_id.order_line.name)

    def test_edited_normalized_order_that_is_not_json(self):
        intake = self._intake(self._order_data(currency="XTS"))
        intake.with_user(self.oms_user).normalized = "{not json"
        intake.with_user(self.oms_user).action_retry()
        self.assertEqual(intake.state, "exception")
        self.assertIn("not valid JSON", intake.exception_reason)

    def test_problems_are_worded_in_the_users_language(self):
        intake = self.env["oms.order.intake"]
        problem = IntakeProblem(
            IntakeCode.NOT_TEXT, {"field": "sku", "line": 2, "type": "array"}
        )
        self.assertEqual(
            intake._intake_problem_message(problem),
            "Line 2: “sku” must be text, not: a list.",
        )
        unknown = IntakeProblem("connector_code", {"x": 1})
        self.assertIn("connector_code", intake._intake_problem_message(unknown))
        # Missing parameters never raise.
        self.assertTrue(
            intake._intake_problem_message(IntakeProblem(IntakeCode.OUT_OF_RANGE))
        )

    def test_channel_given_as_an_id_or_junk(self):
        intake = self.env["oms.order.intake"].intake_order(
            self.channel.id, self._order_data("BY-ID")
        )
        self.assertEqual(intake.channel_id, self.channel)
        for junk in (None, "TWEB", [self.channel.id], 0, 10**9):
            with self.assertRaises(UserError):
                self.env["oms.order.intake"].intake_order(junk, self._order_data())

    def test_intake_workflow_fields_change_through_the_service_only(self):
        intake = self._intake(self._order_data(currency="XTS"))
        as_user = intake.with_user(self.oms_user)
        for vals in (
            {"state": "done"},
            {"exception_reason": False},
            {"sale_order_id": False},
            {"external_id": "OTHER"},
        ):
            with self.assertRaises(AccessError):
                as_user.write(vals)
        as_user.normalized = intake.normalized  # fixing the order is allowed
        self.assertEqual(intake.state, "exception")
