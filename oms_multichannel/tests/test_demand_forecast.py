# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import common as odoo_test_common
from odoo.tests import new_test_user, tagged, users

# queue_job 18.0.4.1.x's test helpers import SETATTR_SOURCES, which only later
# Odoo 18.0 builds define (oms_marketplace_connectors/tests/common.py does the same)
if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    odoo_test_common.SETATTR_SOURCES = {}

# pylint: disable=wrong-import-position
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402

from oms_domain.errors import DomainError
from oms_domain.replenishment import ERROR_PARAMS, ReorderPolicy, reorder_figures

from .common import OmsCommon

# units sold per weekday (Monday first) at the main warehouse; the store sells half
WEEK = [4, 3, 3, 4, 6, 9, 7]
NOISE = [0, 1, -1, 2, -2]  # day after day, so that no week repeats the last
DAYS = 84


@tagged("post_install", "-at_install")
class TestDemandForecast(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["oms.demand.forecast"])
        cls.store = cls.env["stock.warehouse"].create(
            {"name": "Forecast Store", "code": "FCST"}
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.customer.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "delay": 10,
            }
        )
        orders = []
        cls.sold = {}  # (warehouse, day) -> units of the widget
        for back in range(DAYS, 0, -1):
            day = cls.today - timedelta(days=back)
            weekday_units = WEEK[day.weekday()] + NOISE[back % len(NOISE)]
            for warehouse, units in (
                (cls.warehouse, weekday_units),
                (cls.store, weekday_units // 2),
            ):
                cls.sold[(warehouse, day)] = units
                lines = [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": units})
                ]
                if back == 30 and warehouse == cls.warehouse:
                    # the gadget sold once, in the main warehouse
                    lines.append(
                        (0, 0, {"product_id": cls.product_b.id, "product_uom_qty": 2})
                    )
                orders.append(
                    {
                        "partner_id": cls.customer.id,
                        "warehouse_id": warehouse.id,
                        "date_order": datetime.combine(day, time(10)),
                        "order_line": lines,
                    }
                )
        cls.orders = cls.env["sale.order"].create(orders)
        # history only: no procurement needed, so the state is set directly
        cls.orders.write({"state": "sale"})
        cls.forecasts = cls.env["oms.demand.forecast"]
        cls.manager = new_test_user(
            cls.env,
            login="oms_forecast_manager",
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "stock.group_stock_manager",
        )

    def _compute(self, products=None):
        products = products or (self.product | self.product_b)
        return self.forecasts._oms_compute(self.company, products, today=self.today)

    def _ours(self):
        return [("product_id", "in", (self.product | self.product_b).ids)]

    def _forecast(self, product, warehouse):
        return self.forecasts.search(
            [("product_id", "=", product.id), ("warehouse_id", "=", warehouse.id)]
        )

    def test_daily_sales_per_warehouse_in_product_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.store.id,
                "date_order": datetime.combine(self.today - timedelta(days=1), time(9)),
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product_b.id,
                            "product_uom_qty": 2,
                            "product_uom": dozen.id,
                        },
                    )
                ],
            }
        )
        start = self.today - timedelta(days=DAYS)
        sales = self.forecasts._oms_daily_sales(
            self.company, (self.product | self.product_b).ids, start, self.today
        )
        main = sales[(self.product.id, self.warehouse.id)]
        self.assertEqual(len(main), DAYS)
        self.assertEqual(
            sum(main.values()),
            sum(
                units for (wh, _day), units in self.sold.items() if wh == self.warehouse
            ),
        )
        self.assertEqual(
            sales[(self.product_b.id, self.warehouse.id)], {DAYS - 30: 2.0}
        )
        # a draft order is no demand; confirmed, it counts in units (2 dozen)
        self.assertNotIn((self.product_b.id, self.store.id), sales)
        order.write({"state": "sale"})
        sales = self.forecasts._oms_daily_sales(
            self.company, self.product_b.ids, start, self.today
        )
        self.assertEqual(sales[(self.product_b.id, self.store.id)], {DAYS - 1: 24.0})

    def test_allocated_lines_count_at_their_warehouse(self):
        order = self.orders.filtered(lambda o: o.warehouse_id == self.warehouse)[-1]
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        trace = self.env["oms.allocation.trace"].create(
            {"order_id": order.id, "trigger": "reallocate"}
        )
        self.env["oms.allocation.line"].create(
            {
                "trace_id": trace.id,
                "order_id": order.id,
                "sale_line_id": line.id,
                "product_id": self.product.id,
                "warehouse_id": self.store.id,
                "quantity": line.product_uom_qty,
                "state": "allocated",
            }
        )
        day = (order.date_order.date() - (self.today - timedelta(days=DAYS))).days
        sales = self.forecasts._oms_daily_sales(
            self.company,
            self.product.ids,
            self.today - timedelta(days=DAYS),
            self.today,
        )
        self.assertNotIn(day, sales[(self.product.id, self.warehouse.id)])
        self.assertEqual(
            sales[(self.product.id, self.store.id)][day],
            line.product_uom_qty + self.sold[(self.store, order.date_order.date())],
        )

    def test_forecast_stored_with_error_and_suggestions(self):
        self.assertEqual(self._compute(), 3)
        main = self._forecast(self.product, self.warehouse)
        self.assertNotIn(main.method, ("holt_winters_yearly", "mean", "none"))
        self.assertEqual(main.history_days, DAYS)
        self.assertTrue(main.error_measured)
        self.assertLess(main.mase, 1.0)
        # the history repeats its week but for the noise: about sum(WEEK) / 7 a day
        self.assertAlmostEqual(main.daily_demand, sum(WEEK) / 7, delta=0.5)
        self.assertEqual(main.lead_time_days, 10)  # the vendor's delay
        self.assertEqual(main.service_level, 95.0)
        expected = reorder_figures(main.daily_demand, main.sigma, self._policy(10))
        self.assertEqual(main.reorder_point, expected.reorder_point)
        self.assertEqual(main.order_up_to, expected.order_up_to)
        self.assertGreater(main.order_up_to, main.reorder_point)
        store = self._forecast(self.product, self.store)
        self.assertLess(store.daily_demand, main.daily_demand)
        # one sale in 84 days: a forecast, no crash, tiny levels
        gadget = self._forecast(self.product_b, self.warehouse)
        self.assertEqual(gadget.history_demand, 2.0)
        self.assertLessEqual(gadget.daily_demand, 0.1)
        self.assertEqual(gadget.lead_time_days, 7)  # no vendor: the default
        # computing again updates the same records
        self.assertEqual(self._compute(), 3)
        self.assertEqual(self.forecasts.search_count(self._ours()), 3)

    def _policy(self, lead):
        return ReorderPolicy(0.95, lead_time_days=lead, review_days=7)

    def test_product_without_sales_has_no_forecast(self):
        other = self.env["product.product"].create({"name": "Never Sold"})
        self.assertEqual(self._compute(other), 0)
        self.assertFalse(self.forecasts.search([("product_id", "=", other.id)]))

    def test_refused_service_level_is_worded(self):
        self.env["ir.config_parameter"].set_param(
            "oms_multichannel.forecast_service_level", "1.5"
        )
        with self.assertRaisesRegex(UserError, "service level must be above 0"):
            self._compute()
        messages = self.env["oms.domain.message"]
        for code, names in ERROR_PARAMS.items():
            text = messages._oms_error_message(
                DomainError(code, **{name: 5 for name in names})
            )
            self.assertNotEqual(text, code)

    def test_orderpoint_shows_and_applies_the_suggestion(self):
        self._compute()
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "product_min_qty": 1,
                "product_max_qty": 2,
            }
        )
        forecast = self._forecast(self.product, self.warehouse)
        self.assertEqual(orderpoint.oms_forecast_id, forecast)
        self.assertEqual(orderpoint.oms_suggested_min, forecast.reorder_point)
        self.assertTrue(orderpoint.oms_suggestion_differs)
        # a stock user reads the suggestion but does not change reordering rules
        stock_user = new_test_user(
            self.env,
            login="oms_forecast_stock_user",
            groups="oms_multichannel.group_oms_multichannel_user",
        )
        with self.assertRaises(AccessError):
            orderpoint.with_user(stock_user).action_oms_apply_suggestion()
        orderpoint.with_user(self.manager).action_oms_apply_suggestion()
        self.assertEqual(orderpoint.product_min_qty, forecast.reorder_point)
        self.assertEqual(orderpoint.product_max_qty, forecast.order_up_to)
        orderpoint.invalidate_recordset()
        self.assertFalse(orderpoint.oms_suggestion_differs)

    def test_apply_creates_the_missing_reordering_rule(self):
        self._compute()
        forecast = self._forecast(self.product, self.store)
        forecast.with_user(self.manager).action_oms_apply_to_orderpoint()
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "=", self.product.id), ("warehouse_id", "=", self.store.id)]
        )
        self.assertEqual(orderpoint.product_min_qty, forecast.reorder_point)
        self.assertEqual(orderpoint.location_id, self.store.lot_stock_id)

    @users("oms_test_user")
    def test_users_read_managers_apply(self):
        self.env["oms.demand.forecast"].sudo()._oms_compute(
            self.company, self.product, today=self.today
        )
        forecasts = self.env["oms.demand.forecast"].search(self._ours())
        self.assertEqual(len(forecasts), 2)
        self.assertTrue(forecasts.mapped("mase"))
        with self.assertRaises(AccessError):
            forecasts.write({"reorder_point": 1})
        with self.assertRaises(AccessError):
            forecasts.action_oms_apply_to_orderpoint()
        with self.assertRaises(AccessError):
            forecasts.action_oms_rebalance()
        with self.assertRaises(AccessError):
            self.env["oms.forecast.run"].action_oms_run_now()

    def test_other_company_forecasts_are_not_seen(self):
        self._compute()
        other = self.env["res.company"].create({"name": "Forecast Elsewhere"})
        user = new_test_user(
            self.env,
            login="oms_forecast_other",
            groups="oms_multichannel.group_oms_multichannel_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.env["oms.demand.forecast"].with_user(user).search([]))
        self.assertEqual(len(self.env["oms.demand.forecast"].search(self._ours())), 3)

    def test_rebalancing_drafts_a_transfer_before_buying(self):
        self._compute()
        main = self._forecast(self.product, self.warehouse)
        store = self._forecast(self.product, self.store)
        self._set_stock(self.product, main.order_up_to + 40)  # 40 to spare
        forecasts = (main | store).with_user(self.manager)
        action = forecasts.action_oms_rebalance()
        picking = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(len(picking), 1)
        self.assertTrue(picking.oms_rebalancing)
        self.assertEqual(picking.state, "draft")
        self.assertEqual(picking.location_id, self.warehouse.lot_stock_id)
        self.assertEqual(picking.location_dest_id, self.store.lot_stock_id)
        self.assertEqual(picking.move_ids.product_uom_qty, min(store.order_up_to, 40))
        # the product is on an open rebalancing transfer: nothing more suggested
        with self.assertRaises(UserError):
            forecasts.action_oms_rebalance()

    def test_nightly_run_in_batches_resumes_where_it_stopped(self):
        self.env["ir.config_parameter"].set_param(
            "oms_multichannel.forecast_batch_size", "1"
        )
        runs = self.env["oms.forecast.run"]
        with trap_jobs() as trap:
            runs._oms_schedule(self.company)
            run = runs.search([("company_id", "=", self.company.id)], limit=1)
            # one product per batch; other products of the database may sell too
            trap.assert_jobs_count(run.batch_count)
        self.assertEqual(run.state, "running")
        ours = run.batch_ids.filtered(
            lambda b: b.product_ids & (self.product | self.product_b)
        )
        self.assertEqual(len(ours), 2)
        first = ours[0]
        first._oms_forecast_job()
        self.assertEqual(first.state, "done")
        self.assertEqual(run.state, "running")
        # the other jobs were lost: the next cron call enqueues only what is left
        with trap_jobs() as trap:
            runs._cron_oms_forecast()
            trap.assert_enqueued_job(ours[1]._oms_forecast_job)
            self.assertNotIn(
                first,
                self.env["oms.forecast.batch"].browse(
                    [job.recordset.id for job in trap.enqueued_jobs]
                ),
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(ours.mapped("state"), ["done", "done"])
        self.assertEqual(run.state, "done")
        self.assertGreaterEqual(run.series_count, 3)
        self.assertEqual(len(self.forecasts.search(self._ours())), 3)
        # done, and less than a day old: no other run for this company
        with trap_jobs() as trap:
            runs._oms_schedule(self.company)
            trap.assert_jobs_count(0)
        # a done batch run again does nothing
        computed = self.forecasts.search(self._ours()).mapped("computed_at")
        first._oms_forecast_job()
        self.assertEqual(
            self.forecasts.search(self._ours()).mapped("computed_at"), computed
        )

    def test_a_manager_runs_it_now(self):
        runs = self.env["oms.forecast.run"]
        with trap_jobs() as trap:
            runs.with_user(self.manager).action_oms_run_now()
            run = runs.search([("company_id", "=", self.company.id)], limit=1)
            trap.assert_jobs_count(run.batch_count)
            trap.perform_enqueued_jobs()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(self.forecasts.search(self._ours())), 3)
        self.assertEqual(self._forecast(self.product, self.warehouse).run_id, run)
