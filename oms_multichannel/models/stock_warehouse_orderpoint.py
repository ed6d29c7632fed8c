# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    oms_forecast_id = fields.Many2one(
        "oms.demand.forecast",
        string="Demand Forecast",
        compute="_compute_oms_forecast_id",
        search="_search_oms_forecast_id",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    oms_suggested_min = fields.Float(
        string="Suggested Min",
        related="oms_forecast_id.reorder_point",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    oms_suggested_max = fields.Float(
        string="Suggested Max",
        related="oms_forecast_id.order_up_to",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    oms_forecast_mase = fields.Float(
        string="MASE",
        related="oms_forecast_id.mase",
        groups="oms_multichannel.group_oms_multichannel_user",
    )
    oms_suggestion_differs = fields.Boolean(
        compute="_compute_oms_forecast_id",
        groups="oms_multichannel.group_oms_multichannel_user",
    )

    @api.depends("product_id", "warehouse_id", "product_min_qty", "product_max_qty")
    def _compute_oms_forecast_id(self):
        forecasts = self.env["oms.demand.forecast"].search(
            [
                ("product_id", "in", self.product_id.ids),
                ("warehouse_id", "in", self.warehouse_id.ids),
            ]
        )
        by_key = {(f.product_id.id, f.warehouse_id.id): f for f in forecasts}
        for orderpoint in self:
            forecast = by_key.get(
                (orderpoint.product_id.id, orderpoint.warehouse_id.id),
                forecasts.browse(),
            )
            orderpoint.oms_forecast_id = forecast
            orderpoint.oms_suggestion_differs = bool(forecast) and (
                forecast.reorder_point != orderpoint.product_min_qty
                or forecast.order_up_to != orderpoint.product_max_qty
            )

    def _search_oms_forecast_id(self, operator, value):
        """Rules of the (product, warehouse) pairs of the forecasts matched; the
        registry finds through it the rules whose suggestion a forecast's change
        touches."""
        if operator not in ("in", "not in", "=", "!=", "any", "not any"):
            return NotImplemented
        Forecast = self.env["oms.demand.forecast"]
        if operator in ("any", "not any"):
            forecasts = Forecast.search(value)
        elif value is False or value is None:
            forecasts, operator = (
                Forecast.search([]),
                ("not in" if operator in ("=", "in") else "in"),
            )
        else:
            forecasts = Forecast.browse(value if isinstance(value, list) else [value])
        pairs = {(f.product_id.id, f.warehouse_id.id) for f in forecasts.exists()}
        ids = []
        if pairs:
            candidates = self.with_context(active_test=False).search(
                [("product_id", "in", [p for p, _w in pairs])]
            )
            ids = [
                op.id
                for op in candidates
                if (op.product_id.id, op.warehouse_id.id) in pairs
            ]
        negative = operator in ("not in", "!=", "not any")
        return [("id", "not in" if negative else "in", ids)]

    def action_oms_apply_suggestion(self):
        """Take the forecast's suggested min and max as the rule's own."""
        for orderpoint in self.filtered("oms_forecast_id"):
            orderpoint._oms_apply_levels(orderpoint.oms_forecast_id)
        return True

    def _oms_apply_levels(self, forecast):
        self.ensure_one()
        self.write(
            {
                "product_min_qty": forecast.reorder_point,
                "product_max_qty": forecast.order_up_to,
            }
        )
