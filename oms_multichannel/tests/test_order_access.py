# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import OmsCommon

# OMS fields of orders and lines only employees may read.
INTERNAL_ORDER_FIELDS = (
    "oms_exception",
    "intake_id",
    "oms_allocation_trace_ids",
    "oms_allocation_line_ids",
    "oms_has_backorder",
    "oms_has_allocation_rule",
)
INTERNAL_LINE_FIELDS = ("oms_backorder_qty", "oms_allocation_line_ids")


@tagged("post_install", "-at_install")
class TestOrderAccess(OmsCommon):
    """Orders' OMS fields and actions called the way RPC calls them:
    ``with_user(user)`` then ``read`` / ``search_read`` / ``search`` /
    ``write`` / the public method, with plain arguments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="oms_access_portal",
            email="portal.buyer@example.com",
            groups="base.group_portal",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="oms_access_salesman",
            groups="sales_team.group_sale_salesman",
        )
        # Refused for stock: the exception quotes the stock figures.
        cls.channel.write({"auto_confirm": True, "stock_block_oversell": True})
        cls._set_stock(cls.product_b, 1)
        data = {
            "external_id": "ACCESS-1",
            "currency": cls.company.currency_id.name,
            "customer": {
                "name": "Portal Buyer",
                "email": "portal.buyer@example.com",
                "street": "1 Main Street",
                "city": "Springfield",
                "country_code": "US",
            },
            "lines": [
                {"sku": "OMS-T-WIDGET", "quantity": 2, "unit_price": 10.0},
                {"sku": "OMS-T-GADGET", "quantity": 1, "unit_price": 30.0},
            ],
        }
        cls.intake = cls.env["oms.order.intake"].intake_order(cls.channel, data)
        cls.order = cls.intake.sale_order_id
        cls.order.user_id = cls.salesman
        cls.order.message_subscribe(cls.portal.partner_id.ids)

    def test_setup(self):
        self.assertEqual(self.order.partner_id, self.portal.partner_id)
        self.assertIn("available", self.order.oms_exception)
        self.assertEqual(self.order.oms_state, "exception")

    # Portal -------------------------------------------------------------------

    def test_portal_reads_its_order_but_no_internal_field(self):
        order = self.order.with_user(self.portal)
        # The customer's own view of the order: status and channel reference.
        row = order.read(["name", "oms_state", "channel_order_ref"])[0]
        self.assertEqual(row["oms_state"], "exception")
        for name in INTERNAL_ORDER_FIELDS:
            with self.assertRaises(AccessError, msg=name):
                order.read([name])
        # fields_get lists what RPC clients may read: not these.
        orders = self.env["sale.order"].with_user(self.portal)
        self.assertFalse(set(INTERNAL_ORDER_FIELDS) & set(orders.fields_get()))
        with self.assertRaises(AccessError):
            orders.search_read([("id", "=", self.order.id)], ["oms_exception"])
        rows = orders.search_read([("id", "=", self.order.id)], ["name"])
        self.assertEqual([row["id"] for row in rows], self.order.ids)
        # Nor can a domain probe the reason's text.
        with self.assertRaises(AccessError):
            orders.search([("oms_exception", "ilike", "available")])
        with self.assertRaises(AccessError):
            orders.search_count([("intake_id.exception_reason", "!=", False)])

    def test_portal_reads_no_internal_field_of_its_lines(self):
        lines = self.order.order_line.with_user(self.portal)
        self.assertTrue(lines.read(["name"]))
        for name in INTERNAL_LINE_FIELDS:
            with self.assertRaises(AccessError, msg=name):
                lines.read([name])
        self.assertFalse(set(INTERNAL_LINE_FIELDS) & set(lines.fields_get()))

    def test_portal_cannot_clear_or_retry(self):
        order = self.order.with_user(self.portal)
        with self.assertRaises(AccessError):
            order.write({"oms_exception": False})
        with self.assertRaises(AccessError):
            order.action_oms_clear_exception()
        with self.assertRaises(AccessError):
            self.intake.with_user(self.portal).action_retry()
        with self.assertRaises(AccessError):
            self.env["oms.order.intake"].with_user(self.portal).search_read(
                [], ["exception_reason"]
            )
        self.assertTrue(self.order.oms_exception)

    def test_portal_chatter_shows_no_exception_note(self):
        self.env.cr.precommit.run()  # post the tracking messages
        notes = self.order.message_ids.sudo().filtered(
            lambda m: "Exception:" in str(m.body)
        )
        self.assertTrue(notes)
        self.assertTrue(notes.subtype_id.internal)
        self.assertNotIn("None", str(notes.body))
        messages = (
            self.env["mail.message"]
            .with_user(self.portal)
            .search([("model", "=", "sale.order"), ("res_id", "=", self.order.id)])
        )
        self.assertFalse(messages & notes)

    # Salesman -----------------------------------------------------------------

    def test_salesman_sees_the_exception_but_cannot_clear_it(self):
        order = self.order.with_user(self.salesman)
        self.assertIn("available", order.read(["oms_exception"])[0]["oms_exception"])
        for vals in (
            {"oms_exception": False},
            {"oms_exception": "checked"},
            {"intake_id": False},
            {"channel_payment_status": "paid"},
            {"oms_delivered_date": fields.Datetime.now()},
        ):
            with self.assertRaises(AccessError, msg=vals):
                order.write(vals)
        with self.assertRaises(AccessError):
            order.action_oms_clear_exception()
        with self.assertRaises(AccessError):
            order.action_oms_mark_delivered()
        with self.assertRaisesRegex(UserError, "in exception"):
            order.action_confirm()
        # Everything else of the order stays the salesman's to edit.
        order.write({"client_order_ref": "Phoned the customer"})
        self.assertEqual(self.order.client_order_ref, "Phoned the customer")
        self.assertEqual(self.order.oms_state, "exception")

    def test_salesman_cannot_create_orders_with_oms_fields(self):
        orders = self.env["sale.order"].with_user(self.salesman)
        vals = {"partner_id": self.customer.id, "user_id": self.salesman.id}
        self.assertTrue(orders.create(vals))
        for extra in (
            {"oms_exception": "held"},
            {"intake_id": self.intake.id},
            {"channel_payment_status": "paid"},
        ):
            with self.assertRaises(AccessError, msg=extra):
                orders.create(dict(vals, **extra))

    def test_salesman_cannot_reach_intakes(self):
        intakes = self.env["oms.order.intake"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            intakes.browse(self.intake.id).action_retry()
        with self.assertRaises(AccessError):
            intakes.browse(self.intake.id).read(["normalized"])
        with self.assertRaises(AccessError):
            intakes.intake_order_by_code("TWEB", self._order_data("SALESMAN-1"))
        with self.assertRaises(AccessError):
            self.env["oms.order.intake.payload"].with_user(self.salesman).search_read(
                [], ["payload"]
            )

    # OMS user -----------------------------------------------------------------

    def test_oms_user_clears_the_exception_and_retries(self):
        intake = self.intake.with_user(self.oms_user)
        self.assertTrue(intake.read(["payload", "exception_reason"]))
        self.assertTrue(intake.payload_ids.read(["payload"]))
        self._set_stock(self.product, 2)
        intake.action_retry()
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.oms_exception)
        order = self.order.with_user(self.oms_user)
        order.write({"oms_exception": "Call the customer first"})
        self.assertEqual(self.order.oms_state, "exception")
        order.action_oms_clear_exception()
        self.assertFalse(self.order.oms_exception)
        self.assertNotEqual(self.order.oms_state, "exception")
