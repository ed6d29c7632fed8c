# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import warnings

from odoo.tests import new_test_user, tagged

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestForecastTwoCompanies(OmsCommon):
    """Company B's warehouses never appear in company A's suggestions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Forecast Company B"})
        cls.store_a = cls.env["stock.warehouse"].create(
            {"name": "Store A", "code": "STA", "company_id": cls.company.id}
        )
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.store_b = cls.env["stock.warehouse"].create(
            {"name": "Store B", "code": "STB", "company_id": cls.company_b.id}
        )
        Forecast = cls.env["oms.demand.forecast"]
        cls.forecasts = Forecast
        for warehouse, company in (
            (cls.warehouse, cls.company),
            (cls.store_a, cls.company),
            (cls.warehouse_b, cls.company_b),
            (cls.store_b, cls.company_b),
        ):
            cls.forecasts |= Forecast.create(
                {
                    "product_id": cls.product.id,
                    "warehouse_id": warehouse.id,
                    "company_id": company.id,
                    "reorder_point": 10,
                    "order_up_to": 20,
                    "daily_demand": 2,
                }
            )
        # Company B's central warehouse has plenty to spare, A's has some.
        cls._set_stock(cls.product, 200, cls.warehouse_b.lot_stock_id)
        cls._set_stock(cls.product, 40, cls.warehouse.lot_stock_id)
        cls.manager = new_test_user(
            cls.env,
            login="oms_forecast_two_companies",
            groups="oms_multichannel.group_oms_multichannel_manager,"
            "stock.group_stock_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.company_b).ids)],
        )

    def test_rebalancing_stays_within_each_company(self):
        forecasts = self.forecasts.with_user(self.manager).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        action = forecasts.action_oms_rebalance()
        pickings = self.env["stock.picking"].search(action["domain"])
        routes = {
            (p.location_id.warehouse_id, p.location_dest_id.warehouse_id)
            for p in pickings
        }
        self.assertIn((self.warehouse, self.store_a), routes)
        self.assertIn((self.warehouse_b, self.store_b), routes)
        for source, destination in routes:
            self.assertEqual(source.company_id, destination.company_id)
            self.assertEqual(
                pickings.filtered(
                    lambda p, s=source: p.location_id.warehouse_id == s
                ).company_id,
                source.company_id,
            )

    def test_company_a_suggestions_never_name_company_b(self):
        forecasts_a = self.forecasts.filtered(lambda f: f.company_id == self.company)
        action = forecasts_a.with_user(self.manager).action_oms_rebalance()
        pickings = self.env["stock.picking"].search(action["domain"])
        warehouses = (
            pickings.location_id.warehouse_id | pickings.location_dest_id.warehouse_id
        )
        self.assertEqual(warehouses, self.warehouse | self.store_a)
        self.assertEqual(pickings.company_id, self.company)

    def test_orderpoint_suggestion_found_by_its_forecast(self):
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product.id,
                "warehouse_id": self.store_a.id,
                "location_id": self.store_a.lot_stock_id.id,
                "company_id": self.company.id,
            }
        )
        forecast = self.forecasts.filtered(lambda f: f.warehouse_id == self.store_a)
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        self.assertIn(
            orderpoint, Orderpoint.search([("oms_forecast_id", "=", forecast.id)])
        )
        self.assertIn(orderpoint, Orderpoint.search([("oms_forecast_id", "!=", False)]))
        self.assertNotIn(
            orderpoint, Orderpoint.search([("oms_forecast_id", "=", False)])
        )
        self.assertEqual(orderpoint.oms_suggested_min, 10)
        forecast.reorder_point = 12  # the rule's suggestion follows
        self.assertEqual(orderpoint.oms_suggested_min, 12)
        self.assertTrue(orderpoint.oms_suggestion_differs)

    def test_no_dependency_warning_on_the_suggestion(self):
        field = self.env["stock.warehouse.orderpoint"]._fields["oms_forecast_id"]
        self.assertTrue(field._description_searchable)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for name in ("oms_suggested_min", "oms_suggested_max", "oms_forecast_mase"):
                other = self.env["stock.warehouse.orderpoint"]._fields[name]
                list(other.resolve_depends(self.env.registry))
        self.assertFalse(
            [w for w in caught if "should be searchable" in str(w.message)]
        )
