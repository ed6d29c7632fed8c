# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What portal users, salesmen, returns users and managers can do with returns
through RPC: the ORM called the way ``/web/dataset/call_kw`` calls it
(``with_user(user)``, public methods, JSON-compatible arguments)."""

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ReturnsCommon

# Staff-only fields: a customer must not read them on their own returns.
INTERNAL_RETURN_FIELDS = [
    "note",
    "user_id",
    "policy_override",
    "channel_id",
    "picking_ids",
    "picking_count",
    "scrap_count",
    "credit_note_ids",
    "credit_note_count",
    "exchange_order_id",
    "restocking_fee",
    "return_shipping_fee",
    "refund_amount",
    "cost_amount",
    "activity_ids",
]
INTERNAL_LINE_FIELDS = [
    "channel_id",
    "condition",
    "disposition",
    "inspection_state",
    "move_ids",
    "scrap_ids",
    "credit_line_ids",
    "exchange_line_id",
    "refund_amount",
    "cost_amount",
]
# What the portal pages show, read by the customer's own rights.
PORTAL_RETURN_FIELDS = [
    "name",
    "state",
    "request_date",
    "warehouse_id",
    "customer_comment",
    "resolution",
    "line_ids",
    "access_url",
]
PORTAL_LINE_FIELDS = ["order_id", "product_id", "quantity", "reason_id"]


class AccessCommon(ReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="returns_access_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="returns_access_salesman",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.order = cls._create_order(
            [(cls.product_a, 5, 33.33, 0.0), (cls.product_b, 2, 19.99, 0.0)]
        )
        cls.line_a, cls.line_b = cls.order.order_line
        cls.channel.write(
            {
                "restocking_fee_percent": 10.0,
                "return_shipping_fee": 4.95,
                "return_shipping_cost": 7.5,
            }
        )
        # Settled: credit note, fees, value and cost on the lines.
        cls.settled = cls._create_return(
            [(cls.line_a, 1, cls.reason_mind), (cls.line_b, 1, cls.reason_defect)],
            note="<p>Customer already returned twice this year.</p>",
        )
        cls.settled.action_approve()
        cls.settled.action_receive()
        cls.settled.action_settle()
        cls.draft = cls._create_return([(cls.line_a, 1, cls.reason_wrong)])


@tagged("post_install", "-at_install")
class TestReturnAccessPortal(AccessCommon):
    def test_portal_reads_only_what_the_portal_shows(self):
        returns = self.env["oms.return"].with_user(self.portal_user)
        # search_read([], fields): their returns, public fields
        rows = returns.search_read([], PORTAL_RETURN_FIELDS)
        self.assertEqual({row["id"] for row in rows}, {self.settled.id, self.draft.id})
        settled = next(row for row in rows if row["id"] == self.settled.id)
        self.assertEqual(settled["state"], "done")
        self.assertEqual(settled["warehouse_id"][0], self.central.id)
        lines = self.env["oms.return.line"].with_user(self.portal_user)
        rows = lines.search_read(
            [("return_id", "=", self.settled.id)], PORTAL_LINE_FIELDS
        )
        self.assertEqual(len(rows), 2)
        # read() without fields: every field the user may read, none internal
        everything = returns.browse(self.settled.id).read()[0]
        for name in INTERNAL_RETURN_FIELDS:
            self.assertNotIn(name, everything)
        self.assertIn("state", everything)
        everything = lines.browse(self.settled.line_ids.ids).read()[0]
        for name in INTERNAL_LINE_FIELDS:
            self.assertNotIn(name, everything)
        self.assertIn("quantity", everything)
        # fields_get() does not even describe them
        self.assertFalse(set(INTERNAL_RETURN_FIELDS) & set(returns.fields_get()))
        self.assertFalse(set(INTERNAL_LINE_FIELDS) & set(lines.fields_get()))

    def test_portal_cannot_read_internal_fields(self):
        ret = self.env["oms.return"].with_user(self.portal_user).browse(self.settled.id)
        for name in INTERNAL_RETURN_FIELDS:
            with self.subTest(field=name), self.assertRaises(AccessError):
                ret.read([name])
        with self.assertRaises(AccessError):
            ret.search_read([], ["name", "cost_amount"])
        with self.assertRaises(AccessError):
            ret.search([("note", "ilike", "twice")])
        lines = (
            self.env["oms.return.line"]
            .with_user(self.portal_user)
            .browse(self.settled.line_ids.ids)
        )
        for name in INTERNAL_LINE_FIELDS:
            with self.subTest(field=name), self.assertRaises(AccessError):
                lines.read([name])
        with self.assertRaises(AccessError):
            lines.search_read([], ["product_id", "refund_amount"])
        # The values do exist for staff.
        self.assertTrue(self.settled.cost_amount)
        self.assertTrue(self.settled.credit_note_ids)

    def test_portal_cannot_change_or_process_returns(self):
        ret = self.env["oms.return"].with_user(self.portal_user).browse(self.draft.id)
        with self.assertRaises(AccessError):
            ret.write({"customer_comment": "changed"})
        for method in ("action_approve", "action_reject", "action_cancel"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(ret, method)()
        with self.assertRaises(AccessError):
            ret.browse(self.settled.id).action_settle()
        line = ret.line_ids
        with self.assertRaises(AccessError):
            line.action_inspect_restock()
        with self.assertRaises(AccessError):
            self.env["oms.return"].with_user(self.portal_user).create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": self.line_b.id,
                                "quantity": 1,
                                "reason_id": self.reason_wrong.id,
                            }
                        )
                    ],
                }
            )
        order = self.order.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            order.action_oms_create_return()
        self.assertEqual(self.draft.state, "draft")

    def test_salesman_has_no_access_to_returns(self):
        with self.assertRaises(AccessError):
            self.env["oms.return"].with_user(self.salesman).search_read([], ["name"])
        with self.assertRaises(AccessError):
            self.order.with_user(self.salesman).read(["oms_return_count"])
        with self.assertRaises(AccessError):
            self.order.with_user(self.salesman).action_oms_create_return()
        with self.assertRaises(AccessError):
            self.draft.with_user(self.salesman).action_approve()


@tagged("post_install", "-at_install")
class TestReturnWorkflowFields(AccessCommon):
    def test_returns_user_cannot_write_workflow_fields(self):
        ret = self.draft.with_user(self.returns_user)
        move = self.settled.credit_note_ids
        forbidden = {
            "state": "done",
            "date_received": fields.Datetime.now(),
            "date_done": fields.Datetime.now(),
            "restocking_fee": 0.0,
            "return_shipping_fee": 1.0,
            "refund_amount": 99.0,
            "cost_amount": 0.0,
            "credit_note_ids": [Command.link(move.id)],
            "exchange_order_id": self.order.id,
            "commercial_partner_id": self.other_customer.id,
            "currency_id": self.env.ref("base.EUR").id,
        }
        for name, value in forbidden.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                ret.write({name: value})
        self.assertEqual(self.draft.state, "draft")
        self.assertFalse(self.draft.credit_note_ids)
        # A context flag sent over RPC does not open the gate.
        with self.assertRaises(AccessError):
            ret.with_context(oms_return_workflow=True).write({"state": "approved"})
        # What the user may edit stays editable.
        ret.write({"customer_comment": "Too small", "note": "<p>call back</p>"})
        self.assertEqual(self.draft.customer_comment, "Too small")

    def test_returns_user_cannot_write_workflow_fields_of_lines(self):
        lines = self.settled.line_ids.with_user(self.returns_user)
        forbidden = {
            "state": "draft",
            "qty_received": 5.0,
            "inspection_state": "pending",
            "refund_amount": 0.0,
            "cost_amount": 0.0,
            "credit_line_ids": [Command.clear()],
            "exchange_line_id": self.line_a.id,
            "commercial_partner_id": self.other_customer.id,
            "company_id": self.env["res.company"].create({"name": "Other Co"}).id,
            "order_id": self.order.id,
            "product_id": self.product_b.id,
        }
        for name, value in forbidden.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                lines.write({name: value})
        # Through the return's one2many as well.
        with self.assertRaises(AccessError):
            self.draft.with_user(self.returns_user).write(
                {
                    "line_ids": [
                        Command.update(self.draft.line_ids.id, {"state": "done"})
                    ]
                }
            )
        self.assertEqual(self.settled.line_ids.mapped("state"), ["done", "done"])
        self.assertEqual(self.settled.line_ids.mapped("qty_received"), [1.0, 1.0])

    def test_manager_cannot_write_workflow_fields_either(self):
        ret = self.settled.with_user(self.returns_manager)
        with self.assertRaises(AccessError):
            ret.write({"credit_note_ids": [Command.clear()]})
        with self.assertRaises(AccessError):
            ret.write({"state": "received"})
        with self.assertRaises(AccessError):
            ret.line_ids.write({"refund_amount": 0.0})
        self.assertEqual(self.settled.state, "done")
        self.assertEqual(len(self.settled.credit_note_ids), 1)

    def test_create_starts_from_draft(self):
        Return = self.env["oms.return"].with_user(self.returns_user)
        vals = {
            "partner_id": self.customer.id,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": self.line_a.id,
                        "quantity": 1,
                        "reason_id": self.reason_wrong.id,
                    }
                )
            ],
        }
        for name, value in {
            "state": "done",
            "restocking_fee": 3.0,
            "credit_note_ids": [Command.link(self.settled.credit_note_ids.id)],
        }.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                Return.create({**vals, name: value})
        line_vals = dict(vals["line_ids"][0][2], return_id=self.draft.id)
        with self.assertRaises(AccessError):
            self.env["oms.return.line"].with_user(self.returns_user).create(
                {**line_vals, "inspection_state": "restocked"}
            )
        # A context default (a JSON-RPC context can carry one) is ignored...
        ret = Return.with_context(default_state="done").create(vals)
        self.assertEqual(ret.state, "draft")
        # ... and a personal default refused.
        self.env["ir.default"].with_user(self.returns_user).set(
            "oms.return", "state", "done", user_id=True
        )
        with self.assertRaises(AccessError):
            Return.create(vals)
        # Nothing in the way of a plain draft.
        self.assertEqual(Return.create({**vals, "state": "draft"}).state, "draft")

    def test_actions_still_move_the_workflow(self):
        user_ret = self.draft.with_user(self.returns_user)
        user_ret.action_approve()
        self.assertEqual(self.draft.state, "approved")
        user_ret.action_receive()
        self.assertEqual(self.draft.state, "received")
        self.assertTrue(self.draft.date_received)
        with self.assertRaises(AccessError):
            user_ret.action_settle()
        self.draft.with_user(self.returns_manager).action_settle()
        self.assertEqual(self.draft.state, "done")
        self.assertTrue(self.draft.credit_note_ids)
        self.assertTrue(self.draft.line_ids.credit_line_ids)
        self.assertTrue(self.draft.refund_amount)
        # Policy exceptions are the manager's, in the method too.
        late = self._create_return([(self.line_b, 1, self.reason_wrong)])
        with self.assertRaises(AccessError):
            late.with_user(self.returns_user).write({"policy_override": True})
        late.with_user(self.returns_manager).write({"policy_override": True})
        self.assertTrue(late.policy_override)

    def test_inspection_actions_as_returns_user(self):
        ret = self._create_return([(self.line_b, 1, self.reason_damaged)])
        ret.action_approve()
        ret.action_receive()
        line = ret.line_ids.with_user(self.returns_user)
        self.assertEqual(line.inspection_state, "pending")
        with self.assertRaises(AccessError):
            line.write({"inspection_state": "restocked"})
        line.action_inspect_restock()
        self.assertEqual(ret.line_ids.inspection_state, "restocked")


@tagged("post_install", "-at_install")
class TestReturnAccessJsonRpc(HttpCase, AccessCommon):
    """The same through Odoo's JSON-RPC endpoint, and the portal pages."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http")
    def test_portal_json_rpc(self):
        self.authenticate("returns_access_portal", "returns_access_portal")
        rows = self._call("oms.return", "search_read", [[], ["name", "state"]])
        self.assertEqual(
            sorted(row["id"] for row in rows), sorted((self.settled | self.draft).ids)
        )
        for name in ("note", "cost_amount", "restocking_fee", "user_id"):
            with self.subTest(field=name), self.assertRaises(JsonRpcException) as err:
                self._call("oms.return", "read", [self.settled.ids, [name]])
            self.assertEqual(err.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as err:
            self._call(
                "oms.return.line", "read", [self.settled.line_ids.ids, ["cost_amount"]]
            )
        self.assertEqual(err.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as err:
            self._call("oms.return", "action_approve", [self.draft.ids])
        self.assertEqual(err.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as err:
            self._call("oms.return", "_oms_workflow_write", [self.draft.ids, {}])
        self.assertEqual(self.draft.state, "draft")

    @mute_logger("odoo.http")
    def test_returns_user_json_rpc(self):
        self.authenticate("returns_user", "returns_user")
        for context in ({}, {"oms_return_workflow": True}):
            with (
                self.subTest(context=context),
                self.assertRaises(JsonRpcException) as err,
            ):
                self._call(
                    "oms.return",
                    "write",
                    [self.draft.ids, {"state": "done"}],
                    {"context": context},
                )
            self.assertEqual(err.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(self.draft.state, "draft")
        self._call("oms.return", "action_approve", [self.draft.ids])
        self.assertEqual(self.draft.state, "approved")

    def test_portal_pages_still_show_returns(self):
        self.authenticate("returns_access_portal", "returns_access_portal")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        listing = self.url_open("/my/returns")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.settled.name, listing.text)
        self.assertIn(self.draft.name, listing.text)
        page = self.url_open(self.settled.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.settled.name, page.text)
        self.assertIn(self.central.name, page.text)
        self.assertIn(self.reason_defect.name, page.text)
        self.assertNotIn("returned twice this year", page.text)
