# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_allocation import AllocationCommon


@tagged("post_install", "-at_install")
class TestAllocation(AllocationCommon):
    # The Shanghai / Beijing scenario -----------------------------------------------

    def test_beijing_has_it_ships_from_beijing(self):
        for warehouse in self.warehouses:
            self._stock(warehouse, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        self.assertEqual(self._deliveries(order), {self.beijing: {self.product_a: 2}})
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.location_id, self.beijing.lot_stock_id)
        trace = self._last_trace(order)
        self.assertEqual(trace.rule_id, self.rule)
        self.assertEqual(trace.trigger, "confirm")
        chosen = self._candidate(trace, self.beijing)
        self.assertEqual(chosen.status, "chosen")
        shanghai = self._candidate(trace, self.shanghai)
        self.assertEqual(shanghai.status, "lost")
        self.assertIn("Farther from the customer", shanghai.reason)
        self.assertIn("5 available", shanghai.stock_snapshot)
        self.assertGreater(chosen.score, shanghai.score)
        self.assertEqual(order.oms_allocation_line_ids.warehouse_id, self.beijing)
        self.assertFalse(order.oms_has_backorder)

    def test_beijing_lacks_ships_from_shanghai(self):
        self._stock(self.beijing, self.product_a, 1)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 2}})
        beijing = self._candidate(self._last_trace(order), self.beijing)
        self.assertIn("Cannot ship the whole order", beijing.reason)
        self.assertIn("Test Shanghai can", beijing.reason)

    def test_neither_has_all_splits_in_two_pickings(self):
        self._stock(self.beijing, self.product_a, 2)
        self._stock(self.shanghai, self.product_b, 3)
        order = self._confirm(self._order([(self.product_a, 2), (self.product_b, 3)]))
        self.assertEqual(
            self._deliveries(order),
            {
                self.beijing: {self.product_a: 2},
                self.shanghai: {self.product_b: 3},
            },
        )
        self.assertEqual(len(order.picking_ids), 2)
        self.assertTrue(all(p.state == "assigned" for p in order.picking_ids))
        # Delivered quantities still add up on the sale lines.
        for picking in order.picking_ids:
            picking.button_validate()
        self.assertEqual(order.order_line.mapped("qty_delivered"), [2.0, 3.0])

    def test_nowhere_held_then_allocated_by_cron_after_receipt(self):
        order = self._confirm(self._order([(self.product_c, 4)]))
        self.assertFalse(order.picking_ids)
        line = order.order_line
        self.assertEqual(line.oms_backorder_qty, 4)
        self.assertTrue(order.oms_has_backorder)
        self.assertEqual(order.oms_allocation_line_ids.state, "backorder")
        # Nothing arrived: the job keeps holding it.
        self.env["oms.allocation.rule"]._cron_allocate_backorders()
        self.assertFalse(order.picking_ids)
        self._receive(self.shanghai, self.product_c, 10)
        self.env["oms.allocation.rule"]._cron_allocate_backorders()
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_c: 4}})
        self.assertEqual(line.oms_backorder_qty, 0)
        self.assertFalse(order.oms_has_backorder)
        self.assertEqual(self._last_trace(order).trigger, "cron")
        states = order.oms_allocation_line_ids.mapped("state")
        self.assertEqual(sorted(states), ["allocated", "replaced"])

    def test_cron_reaches_lines_beyond_those_still_waiting(self):
        waiting = self._confirm(self._order([(self.product_c, 4)]))
        later = self._confirm(self._order([(self.product_b, 1)]))
        self._stock(self.shanghai, self.product_b, 5)
        # One line per batch: the first still waits, the second is served.
        self.env["oms.allocation.rule"]._cron_allocate_backorders(limit=1)
        self.assertTrue(waiting.oms_has_backorder)
        self.assertEqual(self._deliveries(later), {self.shanghai: {self.product_b: 1}})

    def test_held_line_released_when_its_rule_is_archived(self):
        order = self._confirm(self._order([(self.product_c, 4)]))
        self.rule.active = False
        self._stock(self.central, self.product_c, 10)
        self.env["oms.allocation.rule"]._cron_allocate_backorders()
        # Standard flow: the order's warehouse ships it, nothing is held any more.
        self.assertEqual(self._deliveries(order), {self.central: {self.product_c: 4}})
        self.assertFalse(order.order_line.oms_backorder_qty)
        self.assertFalse(order.oms_has_backorder)
        self.assertEqual(order.oms_allocation_line_ids.state, "replaced")

    def test_held_quantity_cancelled_by_lower_quantity(self):
        self._stock(self.beijing, self.product_a, 2)
        order = self._confirm(self._order([(self.product_a, 5)]))
        line = order.order_line
        self.assertEqual(line.oms_backorder_qty, 3)
        line.product_uom_qty = 2
        self.assertFalse(line.oms_backorder_qty)
        self.assertEqual(
            sorted(line.oms_allocation_line_ids.mapped("state")),
            ["allocated", "replaced"],
        )

    def test_partly_available_ships_part_and_holds_rest(self):
        self._stock(self.central, self.product_a, 1)
        order = self._confirm(self._order([(self.product_a, 3)]))
        self.assertEqual(self._deliveries(order), {self.central: {self.product_a: 1}})
        self.assertEqual(order.order_line.oms_backorder_qty, 2)
        self._stock(self.beijing, self.product_a, 5)
        order.with_user(self.oms_user).action_oms_reallocate()
        deliveries = self._deliveries(order)
        self.assertEqual(sum(deliveries[self.beijing].values()), 3)
        self.assertNotIn(self.central, deliveries)
        self.assertEqual(order.order_line.oms_backorder_qty, 0)
        self.assertEqual(self._last_trace(order).trigger, "reallocate")

    def test_reallocate_is_for_order_management_users(self):
        self._stock(self.central, self.product_a, 1)
        order = self._confirm(self._order([(self.product_a, 3)]))
        self._stock(self.beijing, self.product_a, 5)
        with self.assertRaisesRegex(AccessError, "Order Management users"):
            order.with_user(self.salesman).action_oms_reallocate()
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)
        self.assertEqual(self._deliveries(order), {self.central: {self.product_a: 1}})
        self.assertEqual(order.order_line.oms_backorder_qty, 2)

    def test_backorder_to_earliest_incoming_receipt(self):
        self.rule.backorder_policy = "incoming"
        soon = fields.Datetime.now() + timedelta(days=2)
        later = fields.Datetime.now() + timedelta(days=9)
        self._planned_receipt(self.central, self.product_c, 5, later)
        self._planned_receipt(self.shanghai, self.product_c, 5, soon)
        order = self._confirm(self._order([(self.product_c, 2)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_c: 2}})
        self.assertEqual(order.picking_ids.state, "confirmed")
        allocation = order.oms_allocation_line_ids
        self.assertEqual(allocation.state, "incoming")
        self.assertEqual(allocation.expected_date, soon)
        self.assertFalse(order.order_line.oms_backorder_qty)

    # Store limits ---

    def test_store_safety_stock(self):
        self.beijing.oms_safety_stock = 2
        self._stock(self.beijing, self.product_a, 3)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 2}})
        order = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(self._deliveries(order), {self.beijing: {self.product_a: 1}})
        # One left in Beijing, kept for walk-in customers.
        order = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 1}})
        reason = self._candidate(self._last_trace(order), self.beijing).reason
        self.assertIn("walk-in customers", reason)

    def test_holds_of_other_features_are_subtracted(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        hold = {(self.product_a.id, self.beijing.lot_stock_id.id): 4.0}

        def held(model, products, locations):
            return dict(hold)

        with patch.object(type(self.env["oms.channel"]), "_oms_held_quantities", held):
            order = self._confirm(self._order([(self.product_a, 2)]))
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 2}})
        snapshot = self._candidate(self._last_trace(order), self.beijing)
        self.assertIn("1 available", snapshot.stock_snapshot)

    def test_store_not_shipping(self):
        self.beijing.oms_ship_from_store = False
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.central, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(self._deliveries(order), {self.central: {self.product_a: 1}})
        beijing = self._candidate(self._last_trace(order), self.beijing)
        self.assertEqual(beijing.status, "ineligible")

    def test_daily_capacity(self):
        self.beijing.oms_daily_capacity = 2
        self._stock(self.beijing, self.product_a, 10)
        self._stock(self.shanghai, self.product_a, 10)
        # Two orders in one batch fill Beijing; a third, later, goes to Shanghai.
        first = self._confirm(
            self._order([(self.product_a, 1)]) | self._order([(self.product_a, 1)])
        )
        for order in first:
            self.assertEqual(list(self._deliveries(order)), [self.beijing])
        third = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(list(self._deliveries(third)), [self.shanghai])
        beijing = self._candidate(self._last_trace(third), self.beijing)
        self.assertEqual(beijing.status, "ineligible")
        self.assertIn("2 of 2 orders", beijing.reason)

    def test_cancelled_order_frees_daily_capacity(self):
        self.beijing.oms_daily_capacity = 1
        self._stock(self.beijing, self.product_a, 10)
        self._stock(self.shanghai, self.product_a, 10)
        first = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(list(self._deliveries(first)), [self.beijing])
        first._action_cancel()
        second = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(list(self._deliveries(second)), [self.beijing])

    # Re-allocation ---

    def test_cancelled_store_picking_goes_to_next_best(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_id.warehouse_id, self.beijing)
        picking.with_user(self.store_user).action_cancel()
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(self._deliveries(order), {self.shanghai: {self.product_a: 2}})
        trace = self._last_trace(order)
        self.assertEqual(trace.trigger, "store_failed")
        self.assertEqual(self._candidate(trace, self.beijing).status, "ineligible")
        failed = order.oms_allocation_line_ids.filtered(lambda a: a.state == "failed")
        self.assertEqual(failed.warehouse_id, self.beijing)

    def test_store_short_pick_without_backorder_goes_to_next_best(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 3)]))
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.with_user(self.store_user).with_context(
            cancel_backorder=True
        )._action_done()
        self.assertEqual(picking.state, "done")
        deliveries = self._deliveries(order)
        self.assertEqual(deliveries[self.shanghai], {self.product_a: 2})
        self.assertEqual(order.order_line.qty_delivered, 1)

    def test_two_step_store_cancelled_pick_goes_to_next_best(self):
        # The pick of a pick + ship store goes to its output location, not to
        # the customer: it is still the store's delivery.
        self.beijing.delivery_steps = "pick_ship"
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        self.assertEqual(self._shipping(order), {self.beijing: 2})
        pick = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.beijing.pick_type_id
        )
        pick.with_user(self.store_user).action_cancel()
        self.assertEqual(self._shipping(order), {self.shanghai: 2})
        failed = order.oms_allocation_line_ids.filtered(lambda a: a.state == "failed")
        self.assertEqual(failed.warehouse_id, self.beijing)

    def test_two_step_waiting_pick_is_not_promised_again(self):
        self.beijing.delivery_steps = "pick_ship"
        self._stock(self.beijing, self.product_a, 3)
        move = self.env["stock.move"].create(
            {
                "name": "Waiting pick",
                "product_id": self.product_a.id,
                "product_uom_qty": 5,
                "product_uom": self.product_a.uom_id.id,
                "location_id": self.beijing.lot_stock_id.id,
                "location_dest_id": self.beijing.wh_output_stock_loc_id.id,
                "location_final_id": self.env.ref("stock.stock_location_customers").id,
                "picking_type_id": self.beijing.pick_type_id.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        self.assertEqual(move.quantity, 3)
        available = self.beijing._oms_available_by_location(self.product_a)
        # 3 on hand, all reserved, and 2 more waited for.
        self.assertEqual(available[self.beijing.id, self.product_a.id], -2)

    def test_cancelled_order_is_not_reallocated(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        order._action_cancel()
        self.assertEqual(order.picking_ids.mapped("state"), ["cancel"])
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)

    def test_quantity_change_on_confirmed_order(self):
        self._stock(self.beijing, self.product_a, 3)
        self._stock(self.shanghai, self.product_a, 10)
        order = self._confirm(self._order([(self.product_a, 3)]))
        line = order.order_line
        line.product_uom_qty = 2
        self.assertEqual(self._deliveries(order), {self.beijing: {self.product_a: 2}})
        # Beijing has one left, the rest of an increase comes from Shanghai.
        line.product_uom_qty = 6
        self.assertEqual(
            self._deliveries(order),
            {self.beijing: {self.product_a: 2}, self.shanghai: {self.product_a: 4}},
        )
        self.assertEqual(self._last_trace(order).trigger, "change")
        order._action_cancel()
        self.assertFalse(order.oms_has_backorder)

    def test_quantity_decrease_does_not_fail_the_location(self):
        self._stock(self.beijing, self.product_a, 5)
        self._stock(self.shanghai, self.product_a, 10)
        order = self._confirm(self._order([(self.product_a, 3)]))
        line = order.order_line
        line.product_uom_qty = 1
        self.assertEqual(self._shipping(order), {self.beijing: 1})
        self.assertFalse(
            line.oms_allocation_line_ids.filtered(lambda a: a.state == "failed")
        )
        # Beijing still has the 4 more units: it ships the increase too.
        line.product_uom_qty = 5
        self.assertEqual(self._shipping(order), {self.beijing: 5})

    # Standard behaviour ---

    def test_channel_without_rule_keeps_standard(self):
        self._stock(self.shanghai, self.product_a, 5)
        order = self._confirm(
            self._order([(self.product_a, 2)], channel=self.channel_plain)
        )
        self.assertEqual(self._deliveries(order), {self.central: {self.product_a: 2}})
        self.assertFalse(order.oms_allocation_trace_ids)
        # Cancelling its picking does not re-route anything either.
        order.picking_ids.action_cancel()
        self.assertFalse(self._deliveries(order))

    def test_order_without_channel_keeps_standard(self):
        order = self._order([(self.product_a, 1)])
        order.channel_id = False
        self._confirm(order)
        self.assertEqual(list(self._deliveries(order)), [order.warehouse_id])
        self.assertFalse(order.oms_allocation_trace_ids)

    # What-if ---

    def test_whatif_changes_nothing(self):
        self._stock(self.beijing, self.product_a, 5)
        order = self._confirm(self._order([(self.product_a, 2)]))
        # Beijing's free stock goes to walk-in customers meanwhile.
        self._stock(self.beijing, self.product_a, -3)
        self._stock(self.shanghai, self.product_a, 5)
        action = order.with_user(self.oms_user).action_oms_allocation_whatif()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.oms_user)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard_form.rule_id, self.rule)
        wizard = wizard_form.save()
        wizard.action_run()
        # Its own reservation in Beijing counts for it: Beijing still wins.
        self.assertIn("Test Beijing: 2", wizard.result)
        self.assertIn("Farther from the customer", wizard.result)
        self.assertEqual(len(order.oms_allocation_trace_ids), 1)
        self.assertEqual(list(self._deliveries(order)), [self.beijing])

    def test_buttons_only_where_they_can_act(self):
        def shown(order):
            arch = etree.fromstring(
                order.with_user(self.oms_user).get_views([(False, "form")])["views"][
                    "form"
                ]["arch"]
            )
            names = ("action_oms_reallocate", "action_oms_allocation_whatif")
            buttons = {
                button.get("name"): button.get("invisible")
                for button in arch.iter("button")
                if button.get("name") in names
            }
            values = order.read(
                ["state", "locked", "oms_state", "oms_has_backorder"]
                + ["oms_has_allocation_rule", "oms_allocation_trace_ids"]
            )[0]
            return {
                name
                for name, invisible in buttons.items()
                if not safe_eval(invisible, values)
            }

        both = {"action_oms_reallocate", "action_oms_allocation_whatif"}
        draft = self._order([(self.product_a, 1)])
        self.assertEqual(shown(draft), {"action_oms_allocation_whatif"})
        self._stock(self.central, self.product_a, 3)
        order = self._confirm(self._order([(self.product_a, 1)]))
        self.assertEqual(shown(order), both)
        # Shipped in full: nothing left to plan.
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.oms_state, "shipped")
        self.assertEqual(shown(order), set())
        cancelled = self._confirm(self._order([(self.product_a, 1)]))
        cancelled._action_cancel()
        self.assertEqual(shown(cancelled), set())
        plain = self._confirm(
            self._order([(self.product_a, 1)], channel=self.channel_plain)
        )
        self.assertFalse(plain.oms_has_allocation_rule)
        self.assertEqual(shown(plain), set())

    # Constant queries ---

    def test_stock_reading_constant_queries(self):
        products = self.product_a | self.product_b | self.product_c
        for warehouse in self.warehouses:
            for product in products:
                self._stock(warehouse, product, 3)
        self.env.flush_all()

        def count(warehouses, products):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            warehouses._oms_available_by_location(products)
            warehouses._oms_incoming_by_location(products)
            warehouses._oms_capacity_used()
            return self.env.cr.sql_log_count - before

        self.assertEqual(
            count(self.beijing, self.product_a), count(self.warehouses, products)
        )

    def test_batch_planning_constant_queries(self):
        products = self.product_a | self.product_b | self.product_c
        for warehouse in self.warehouses:
            for product in products:
                self._stock(warehouse, product, 50)
        small = self._order([(self.product_a, 1)])
        big = self.env["sale.order"]
        for partner in (self.customer_beijing, self.customer_shanghai) * 3:
            big |= self._order(
                [(self.product_a, 1), (self.product_b, 2), (self.product_c, 1)],
                partner=partner,
            )
        (small | big).state = "sale"
        self.env.flush_all()
        planner = self.env["oms.allocation.planner"]

        def count(orders):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            lines, quantities, rules = planner._lines_to_plan(orders.order_line)
            plans, _warehouses = planner._compute_plans(lines, quantities, rules)
            self.assertEqual(len(plans), len(orders))
            return self.env.cr.sql_log_count - before

        count(small)  # ormcached lookups (xml ids of optional routes) warm up
        self.assertEqual(count(small), count(big))

    # Helpers ---

    def _shipping(self, order):
        """{warehouse: quantity} of the order's live moves towards the customer
        that start a delivery (the pick in multi-step routes)."""
        result = {}
        for move in order.order_line.move_ids.filtered(
            lambda m: m.state != "cancel" and m._oms_is_customer_delivery()
        ):
            warehouse = move.location_id.warehouse_id
            result[warehouse] = result.get(warehouse, 0.0) + move.product_uom_qty
        return result

    def _receive(self, warehouse, product, qty):
        picking = self._planned_receipt(warehouse, product, qty, fields.Datetime.now())
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _planned_receipt(self, warehouse, product, qty, date):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "scheduled_date": date,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                            "date": date,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking
