# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.api import call_kw
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged

from .common_allocation import AllocationCommon

ALLOCATION_ORDER_FIELDS = [
    "oms_allocation_trace_ids",
    "oms_allocation_line_ids",
    "oms_has_backorder",
    "oms_has_allocation_rule",
]
WAREHOUSE_FIELDS = [
    "oms_is_store",
    "oms_ship_from_store",
    "oms_fulfilment_priority",
    "oms_safety_stock",
    "oms_daily_capacity",
    "oms_latitude",
    "oms_longitude",
]


@tagged("post_install", "-at_install")
class TestRpcAccess(AllocationCommon):
    """What a portal user, a salesman who sees his own orders only and a user of
    another company reach through RPC: every call goes through the public-method
    check and ``call_kw`` of ``/web/dataset/call_kw``, with an empty context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="oms_portal", groups="base.group_portal"
        )
        cls.own_salesman = new_test_user(
            cls.env, login="oms_own_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.oms_manager = new_test_user(
            cls.env,
            login="oms_rpc_manager",
            groups="oms_multichannel.group_oms_multichannel_manager",
        )
        cls.company_b = cls.env["res.company"].create({"name": "RPC Company B"})
        cls.user_b = new_test_user(
            cls.env,
            login="oms_rpc_user_b",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "sales_team.group_sale_salesman,stock.group_stock_user",
        )
        for warehouse in (cls.beijing, cls.shanghai):
            cls._stock(warehouse, cls.product_a, 5)
        # The portal customer's order, the salesman's own order and a colleague's.
        cls.portal_order = cls._order(
            [(cls.product_a, 1)], partner=cls.portal.partner_id
        )
        cls.own_order = cls._order([(cls.product_a, 1)])
        cls.own_order.user_id = cls.own_salesman
        cls.other_order = cls._order([(cls.product_a, 1)])
        (cls.portal_order | cls.own_order | cls.other_order).action_confirm()
        stock_model = cls.env["oms.channel.stock"]
        stock_model._oms_recompute(cls.channel, cls.product_a)
        cls.stock_row = stock_model.search([("channel_id", "=", cls.channel.id)])
        cls.override = cls.env["oms.channel.stock.override"].create(
            {"channel_id": cls.channel.id, "product_id": cls.product_b.id}
        )
        cls.drift = cls.env["oms.channel.stock.drift"].create(
            {"channel_id": cls.channel.id, "product_id": cls.product_a.id, "ats": 3}
        )
        cls.zone = cls.env["oms.allocation.zone"].create(
            {"rule_id": cls.rule.id, "name": "North"}
        )
        cls.trace = cls.other_order.oms_allocation_trace_ids
        cls.records = {
            "oms.channel": cls.channel,
            "oms.channel.stock": cls.stock_row,
            "oms.channel.stock.override": cls.override,
            "oms.channel.stock.drift": cls.drift,
            "oms.allocation.rule": cls.rule,
            "oms.allocation.zone": cls.zone,
            "oms.allocation.trace": cls.trace,
            "oms.allocation.candidate": cls.trace.candidate_ids[:1],
            "oms.allocation.line": cls.other_order.oms_allocation_line_ids[:1],
        }

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method`` as ``user`` the way an RPC request does."""
        records = self.env(user=user, context={}, su=False)[model]
        get_public_method(records, method)
        result = call_kw(records, method, list(args), kwargs)
        self.env.invalidate_all()
        return result

    def assertDenied(self, user, model, method, *args, **kwargs):
        with self.assertRaises(AccessError, msg="%s.%s" % (model, method)):
            self.rpc(user, model, method, *args, **kwargs)

    def test_every_record_above_exists(self):
        for model, record in self.records.items():
            self.assertEqual(len(record), 1, model)

    # Portal ---

    def test_portal_reads_no_oms_model(self):
        for model, record in self.records.items():
            self.assertDenied(self.portal, model, "search_read", [], ["id"])
            self.assertDenied(self.portal, model, "read", record.ids, ["id"])
        self.assertDenied(
            self.portal, "stock.warehouse", "read", self.beijing.ids, WAREHOUSE_FIELDS
        )

    def test_portal_reads_its_order_but_not_how_it_was_allocated(self):
        order = self.portal_order
        self.assertTrue(
            self.rpc(self.portal, "sale.order", "read", order.ids, ["name"])
        )
        for name in ALLOCATION_ORDER_FIELDS:
            self.assertDenied(self.portal, "sale.order", "read", order.ids, [name])
        for name in ("oms_backorder_qty", "oms_allocation_line_ids"):
            self.assertDenied(
                self.portal, "sale.order.line", "read", order.order_line.ids, [name]
            )
        # Nor through a search on them, nor in the list of fields.
        self.assertDenied(
            self.portal, "sale.order", "search", [("oms_has_backorder", "=", False)]
        )
        readable = self.rpc(self.portal, "sale.order", "fields_get")
        self.assertFalse(set(ALLOCATION_ORDER_FIELDS) & set(readable))

    def test_portal_calls_no_oms_action(self):
        order = self.portal_order
        self.assertDenied(self.portal, "sale.order", "action_oms_reallocate", order.ids)
        self.assertDenied(
            self.portal, "sale.order", "action_oms_allocation_whatif", order.ids
        )
        self.assertDenied(
            self.portal,
            "product.template",
            "action_oms_channel_availability",
            self.product_a.product_tmpl_id.ids,
        )
        self.assertDenied(
            self.portal, "oms.channel", "action_oms_push_stock", self.channel.ids
        )
        self.assertDenied(
            self.portal, "oms.allocation.whatif", "create", {"order_id": order.id}
        )
        # Private helpers are never reachable, whoever calls.
        self.assertDenied(
            self.portal, "oms.allocation.planner", "_simulate", order.id, self.rule.id
        )
        self.assertDenied(
            self.oms_manager, "oms.channel.stock", "_oms_recompute", [], []
        )

    # Salesman who sees his own orders only ---

    def test_salesman_reads_channels_and_availability_not_their_settings(self):
        user = self.own_salesman
        channels = self.rpc(user, "oms.channel", "search_read", [], [])
        self.assertIn(self.channel.id, [values["id"] for values in channels])
        self.assertNotIn("stock_override_ids", channels[0])
        self.assertNotIn("intake_ids", channels[0])
        rows = self.rpc(
            user,
            "oms.channel.stock",
            "search_read",
            [("channel_id", "=", self.channel.id)],
            ["product_id", "ats", "buffer_explanation"],
        )
        explanations = {row["product_id"][0]: row["buffer_explanation"] for row in rows}
        self.assertEqual(
            explanations,
            {
                self.product_a.id: "Fixed buffer of the channel: 0.",
                self.product_b.id: "Buffer 0 set on the product override (the "
                "channel's: 0).",
            },
        )
        for model in ("oms.channel.stock.override", "oms.channel.stock.drift"):
            self.assertDenied(user, model, "search_read", [], ["id"])
        self.assertDenied(user, "oms.channel", "write", self.channel.ids, {"code": "X"})
        self.assertDenied(
            user, "oms.channel.stock", "write", self.stock_row.ids, {"ats": 999}
        )
        self.assertDenied(
            user, "oms.allocation.rule", "write", self.rule.ids, {"name": "Mine"}
        )
        self.assertDenied(
            user,
            "stock.warehouse",
            "write",
            self.beijing.ids,
            {"oms_daily_capacity": 1},
        )

    def test_salesman_sees_allocations_of_his_own_orders_only(self):
        user = self.own_salesman
        traces = self.rpc(user, "oms.allocation.trace", "search_read", [], ["order_id"])
        self.assertEqual(
            {values["order_id"][0] for values in traces}, {self.own_order.id}
        )
        for model in ("oms.allocation.line", "oms.allocation.candidate"):
            found = self.rpc(user, model, "search", [])
            self.assertTrue(found, model)
            self.assertDenied(user, model, "read", self.records[model].ids, ["id"])
        self.assertDenied(user, "oms.allocation.trace", "read", self.trace.ids, ["id"])
        values = self.rpc(
            user, "sale.order", "read", self.own_order.ids, ALLOCATION_ORDER_FIELDS
        )[0]
        self.assertTrue(values["oms_allocation_trace_ids"])

    def test_salesman_calls_no_oms_action(self):
        user = self.own_salesman
        order = self.own_order
        for method in ("action_oms_reallocate", "action_oms_allocation_whatif"):
            self.assertDenied(user, "sale.order", method, order.ids)
        self.assertDenied(
            user,
            "product.template",
            "action_oms_channel_availability",
            self.product_a.product_tmpl_id.ids,
        )
        self.assertDenied(
            user, "oms.channel", "action_oms_push_stock", self.channel.ids
        )
        self.assertDenied(
            user, "oms.allocation.whatif", "create", {"order_id": order.id}
        )
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)

    # Administrator: allocation history and availability are not edited by hand ---

    def test_manager_cannot_rewrite_history_or_availability(self):
        user = self.oms_manager
        for model, vals in (
            ("oms.allocation.trace", {"summary": "Nothing happened"}),
            ("oms.allocation.candidate", {"reason": "Chosen by hand"}),
            ("oms.allocation.line", {"state": "failed"}),
        ):
            self.assertDenied(user, model, "write", self.records[model].ids, vals)
            self.assertDenied(user, model, "create", vals)
        self.assertDenied(
            user, "oms.channel.stock", "write", self.stock_row.ids, {"ats": 999}
        )
        # What the actions are for stays possible.
        self.rpc(user, "sale.order", "action_oms_allocation_whatif", self.own_order.ids)
        action = self.rpc(
            user,
            "product.template",
            "action_oms_channel_availability",
            self.product_a.product_tmpl_id.ids,
        )
        self.assertEqual(action["res_model"], "oms.channel.stock")

    # Another company ---

    def test_other_company_reads_and_calls_nothing_of_this_one(self):
        user = self.user_b
        for model, record in self.records.items():
            self.assertFalse(
                self.rpc(user, model, "search", [("id", "=", record.id)]), model
            )
            self.assertDenied(user, model, "read", record.ids, ["id"])
        self.assertDenied(
            user, "stock.warehouse", "read", self.beijing.ids, WAREHOUSE_FIELDS
        )
        self.assertDenied(
            user,
            "oms.channel.stock.override",
            "create",
            {"channel_id": self.channel.id, "product_id": self.product_c.id},
        )
        self.assertDenied(
            user,
            "oms.channel.stock.override",
            "write",
            self.override.ids,
            {"buffer": 9},
        )
        self.assertDenied(user, "oms.channel.stock.drift", "unlink", self.drift.ids)
        self.assertDenied(
            user, "oms.channel", "action_oms_push_stock", self.channel.ids
        )
        order = self.other_order
        self.assertDenied(user, "sale.order", "action_oms_reallocate", order.ids)
        self.assertDenied(user, "sale.order", "action_oms_allocation_whatif", order.ids)
        with self.assertRaises(AccessError):
            wizard_id = self.rpc(
                user, "oms.allocation.whatif", "create", {"order_id": order.id}
            )
            self.rpc(user, "oms.allocation.whatif", "action_run", [wizard_id])
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)
