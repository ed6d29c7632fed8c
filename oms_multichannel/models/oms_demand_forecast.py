# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, time, timedelta

import numpy as np

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from oms_domain.errors import DomainError
from oms_domain.forecast import ForecastSettings, forecast_matrix
from oms_domain.replenishment import (
    ReorderPolicy,
    StoreStock,
    rebalance,
    reorder_figures,
)

METHODS = [
    ("ses", "Exponential smoothing"),
    ("snaive", "Seasonal naive"),
    ("sba", "Croston (SBA)"),
    ("croston", "Croston"),
    ("holt_winters", "Holt-Winters (weekly)"),
    ("holt_winters_yearly", "Holt-Winters (weekly and yearly)"),
    ("mean", "Mean (short history)"),
    ("none", "No history"),
]

# ir.config_parameter keys and their defaults
PARAMS = {
    "history_days": ("oms_multichannel.forecast_history_days", 730),
    "horizon_days": ("oms_multichannel.forecast_horizon_days", 28),
    "service_level": ("oms_multichannel.forecast_service_level", 0.95),
    "review_days": ("oms_multichannel.forecast_review_days", 7),
    "lead_time_days": ("oms_multichannel.forecast_lead_time_days", 7),
    "batch_size": ("oms_multichannel.forecast_batch_size", 500),
}


class OmsDemandForecast(models.Model):
    _name = "oms.demand.forecast"
    _description = "Demand Forecast"
    _order = "horizon_demand desc, id"

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse / Store",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="warehouse_id.company_id", store=True, index=True
    )
    run_id = fields.Many2one("oms.forecast.run", ondelete="set null", readonly=True)
    method = fields.Selection(METHODS, readonly=True)
    error_measured = fields.Boolean(
        readonly=True,
        help="The history varied enough to measure the forecast error on a "
        "backtest; without it MASE and RMSSE mean nothing.",
    )
    mase = fields.Float(
        string="MASE",
        digits=(16, 2),
        readonly=True,
        help="Mean absolute scaled error of the chosen method on the last backtest "
        "window: below 1, it errs less than repeating last week's sales did in "
        "the history.",
    )
    naive_mase = fields.Float(
        string="MASE of Seasonal Naive",
        digits=(16, 2),
        readonly=True,
        help="The same measure for repeating last week's sales, the baseline.",
    )
    rmsse = fields.Float(
        string="RMSSE",
        digits=(16, 2),
        readonly=True,
        help="Root mean squared scaled error: the measure for products that sell "
        "on few days, where MASE favours forecasting nothing.",
    )
    daily_demand = fields.Float(
        digits="Product Unit of Measure", readonly=True, string="Per Day"
    )
    horizon_demand = fields.Float(
        digits="Product Unit of Measure", readonly=True, string="Forecast"
    )
    horizon_days = fields.Integer(readonly=True, string="Forecast Days")
    sigma = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        string="Daily Error (σ)",
        help="Standard deviation of the daily forecast error, measured on the "
        "backtests; the safety stock is computed from it.",
    )
    history_days = fields.Integer(readonly=True)
    history_demand = fields.Float(
        digits="Product Unit of Measure", readonly=True, string="Sold in History"
    )
    lead_time_days = fields.Float(readonly=True, string="Lead Time (days)")
    service_level = fields.Float(readonly=True, string="Service Level (%)")
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    reorder_point = fields.Float(
        digits="Product Unit of Measure", readonly=True, string="Suggested Min"
    )
    order_up_to = fields.Float(
        digits="Product Unit of Measure", readonly=True, string="Suggested Max"
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "product_warehouse_unique",
            "unique(product_id, warehouse_id)",
            "One forecast per product and warehouse.",
        )
    ]

    @api.depends("product_id", "warehouse_id")
    def _compute_display_name(self):
        for forecast in self:
            forecast.display_name = "%s @ %s" % (
                forecast.product_id.display_name,
                forecast.warehouse_id.name,
            )

    # Actions

    def action_oms_apply_to_orderpoint(self):
        """Write the suggested min and max on the reordering rules (created when
        missing), as the merchant's decision."""
        self._oms_check_manager()
        orderpoints = self.env["stock.warehouse.orderpoint"]
        existing = self._oms_orderpoints()
        to_create = []
        for forecast in self:
            found = existing.get((forecast.product_id.id, forecast.warehouse_id.id))
            if found:
                found._oms_apply_levels(forecast)
                orderpoints |= found
            else:
                to_create.append(forecast._prepare_orderpoint_vals())
        if to_create:
            orderpoints |= orderpoints.create(to_create)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reordering Rules"),
            "res_model": "stock.warehouse.orderpoint",
            "view_mode": "list,form",
            "domain": [("id", "in", orderpoints.ids)],
        }

    def action_oms_rebalance(self):
        """Draft transfers from warehouses with excess to those about to run out,
        for the products of these forecasts."""
        self._oms_check_manager()
        pickings = self._oms_create_rebalancing()
        if not pickings:
            raise UserError(
                self.env._(
                    "No warehouse has stock of these products to spare for one "
                    "that is about to run out."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rebalancing Transfers"),
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", pickings.ids)],
        }

    # Business methods

    @api.model
    def _oms_settings(self):
        """The forecast's parameters (ir.config_parameter), checked."""
        get = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for name, (key, default) in PARAMS.items():
            try:
                values[name] = type(default)(get(key, default))
            except ValueError:
                values[name] = default
        values["history_days"] = max(values["history_days"], 1)
        values["horizon_days"] = max(values["horizon_days"], 1)
        values["batch_size"] = max(values["batch_size"], 1)
        return values

    @api.model
    def _oms_compute(self, company, products, today=None, run=None):
        """Forecast ``products`` in every warehouse of ``company`` where they sold
        (or have a forecast), and store the figures. Returns the series count."""
        settings = self._oms_settings()
        today = today or fields.Date.context_today(self)
        end = today  # today is not over: the history stops yesterday
        start = end - timedelta(days=settings["history_days"])
        days = (end - start).days
        sales = self._oms_daily_sales(company, products.ids, start, end)
        existing = {
            (f.product_id.id, f.warehouse_id.id): f
            for f in self.search(
                [("company_id", "=", company.id), ("product_id", "in", products.ids)]
            )
        }
        keys = sorted(set(sales) | set(existing))
        if not keys:
            return 0
        # days before the batch's first sale are left out of the matrix
        first = min((min(series) for series in sales.values() if series), default=0)
        matrix = np.zeros((len(keys), days - first))
        for row, key in enumerate(keys):
            for day, quantity in sales.get(key, {}).items():
                matrix[row, day - first] = quantity
        result = forecast_matrix(
            matrix,
            ForecastSettings(horizon=settings["horizon_days"]),
        )
        lead_times = self._oms_lead_times(company, products, settings)
        try:
            base_policy = ReorderPolicy(
                service_level=settings["service_level"],
                lead_time_days=settings["lead_time_days"],
                review_days=settings["review_days"],
            )
        except DomainError as error:
            raise UserError(
                self.env["oms.domain.message"]._oms_error_message(error)
            ) from error
        now = fields.Datetime.now()
        to_create = []
        for row, key in enumerate(keys):
            series = result.series(row)
            policy = ReorderPolicy(
                service_level=base_policy.service_level,
                lead_time_days=lead_times.get(key[0], base_policy.lead_time_days),
                review_days=base_policy.review_days,
            )
            figures = reorder_figures(series.mean_daily, series.sigma, policy)
            vals = self._prepare_forecast_vals(key, series, figures, policy)
            vals.update(
                history_demand=float(matrix[row].sum()),
                computed_at=now,
                run_id=run.id if run else False,
            )
            if key in existing:
                existing[key].write(vals)
            else:
                to_create.append(vals)
        if to_create:
            self.create(to_create)
        return len(keys)

    def _prepare_forecast_vals(self, key, series, figures, policy):
        """Values of one forecast record; ``series`` is an
        ``oms_domain.forecast.SeriesForecast``, ``figures`` its reorder figures."""
        measured = series.mase is not None
        return {
            "product_id": key[0],
            "warehouse_id": key[1],
            "method": series.method,
            "error_measured": measured,
            "mase": series.mase if measured else 0.0,
            "naive_mase": series.naive_mase or 0.0,
            "rmsse": series.rmsse or 0.0,
            "daily_demand": series.mean_daily,
            "horizon_demand": series.total,
            "horizon_days": len(series.daily),
            "sigma": series.sigma,
            "history_days": series.history_days,
            "lead_time_days": policy.lead_time_days,
            "service_level": policy.service_level * 100.0,
            "safety_stock": figures.safety_stock,
            "reorder_point": figures.reorder_point,
            "order_up_to": figures.order_up_to,
        }

    @api.model
    def _oms_daily_sales(self, company, product_ids, start, end):
        """``{(product_id, warehouse_id): {day index: quantity}}`` sold from
        ``start`` (day 0) to the day before ``end``, in the product's unit.

        Confirmed sale order lines of every channel count at the warehouse they
        were allocated to (the order's warehouse when not allocated); paid point
        of sale orders at their shop's warehouse, refunds negative.
        """
        if not product_ids:
            return {}
        for model in ("sale.order", "sale.order.line", "oms.allocation.line"):
            self.env[model].flush_model()
        if "pos.order.line" in self.env:
            self.env["pos.order"].flush_model()
            self.env["pos.order.line"].flush_model()
        params = {
            "company": company.id,
            "products": list(product_ids),
            "start": datetime.combine(start, time.min),
            "end": datetime.combine(end, time.min),
            "day0": start,
        }
        queries = [
            """
            WITH line AS (
                SELECT sol.id, sol.product_id, so.warehouse_id,
                       so.date_order::date - %(day0)s AS day,
                       sol.product_uom_qty / line_uom.factor * product_uom.factor
                           AS quantity
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
                  JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
                 WHERE so.state = 'sale'
                   AND so.company_id = %(company)s
                   AND sol.product_id = ANY(%(products)s)
                   AND so.date_order >= %(start)s AND so.date_order < %(end)s
            ), allocated AS (
                SELECT al.sale_line_id, al.warehouse_id, SUM(al.quantity) AS quantity
                  FROM oms_allocation_line al
                  JOIN line ON line.id = al.sale_line_id
                 WHERE al.state IN ('allocated', 'incoming', 'backorder')
                   AND al.warehouse_id IS NOT NULL
              GROUP BY al.sale_line_id, al.warehouse_id
            )
            SELECT line.product_id,
                   COALESCE(allocated.warehouse_id, line.warehouse_id),
                   line.day,
                   SUM(COALESCE(allocated.quantity, line.quantity))
              FROM line
         LEFT JOIN allocated ON allocated.sale_line_id = line.id
             WHERE COALESCE(allocated.warehouse_id, line.warehouse_id) IS NOT NULL
          GROUP BY 1, 2, 3
            """
        ]
        if "pos.order.line" in self.env:
            queries.append(self._oms_pos_sales_query())
        sales = defaultdict(dict)
        for query in queries:
            self.env.cr.execute(query, params)
            for product_id, warehouse_id, day, quantity in self.env.cr.fetchall():
                series = sales[(product_id, warehouse_id)]
                series[day] = series.get(day, 0.0) + (quantity or 0.0)
        return dict(sales)

    @api.model
    def _oms_pos_sales_query(self):
        """Point of sale lines by shop warehouse; lines that settle a sale order
        (pos_sale) are already counted with the order."""
        settled = ""
        if "sale_order_origin_id" in self.env["pos.order.line"]._fields:
            settled = "AND pol.sale_order_origin_id IS NULL"
        return (
            """
            SELECT pol.product_id, spt.warehouse_id,
                   po.date_order::date - %%(day0)s, SUM(pol.qty)
              FROM pos_order_line pol
              JOIN pos_order po ON po.id = pol.order_id
              JOIN pos_session ps ON ps.id = po.session_id
              JOIN pos_config pc ON pc.id = ps.config_id
              JOIN stock_picking_type spt ON spt.id = pc.picking_type_id
             WHERE po.state IN ('paid', 'done', 'invoiced')
               AND po.company_id = %%(company)s
               AND pol.product_id = ANY(%%(products)s)
               AND po.date_order >= %%(start)s AND po.date_order < %%(end)s
               AND spt.warehouse_id IS NOT NULL
               %s
          GROUP BY 1, 2, 3
        """
            % settled
        )

    @api.model
    def _oms_lead_times(self, company, products, settings):
        """``{product_id: days}``: the delay of the product's first vendor."""
        sellers = self.env["product.supplierinfo"].search(
            [
                ("company_id", "in", (company.id, False)),
                "|",
                ("product_id", "in", products.ids),
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
            ],
            order="sequence, id",
        )
        lead_times = {}
        for product in products:
            for seller in sellers:
                if seller.product_id == product or (
                    not seller.product_id
                    and seller.product_tmpl_id == product.product_tmpl_id
                ):
                    lead_times[product.id] = float(seller.delay)
                    break
        return lead_times

    def _oms_orderpoints(self):
        """``{(product_id, warehouse_id): orderpoint}`` of these forecasts."""
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [
                ("product_id", "in", self.product_id.ids),
                ("warehouse_id", "in", self.warehouse_id.ids),
            ],
            order="id",
        )
        found = {}
        for orderpoint in orderpoints:
            found.setdefault(
                (orderpoint.product_id.id, orderpoint.warehouse_id.id), orderpoint
            )
        return found

    def _prepare_orderpoint_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "warehouse_id": self.warehouse_id.id,
            "location_id": self.warehouse_id.lot_stock_id.id,
            "company_id": self.company_id.id,
            "product_min_qty": self.reorder_point,
            "product_max_qty": self.order_up_to,
        }

    def _oms_create_rebalancing(self):
        """Draft internal transfers, one per (from, to) warehouse pair, for the
        products of these forecasts; products already on an open rebalancing
        transfer are left alone."""
        busy = (
            self.env["stock.move"]
            .search(
                [
                    ("picking_id.oms_rebalancing", "=", True),
                    ("state", "not in", ("done", "cancel")),
                    ("product_id", "in", self.product_id.ids),
                ]
            )
            .product_id
        )
        moves = defaultdict(list)
        for company in self.company_id:
            forecasts = self.search(
                [
                    ("company_id", "=", company.id),
                    ("product_id", "in", (self.product_id - busy).ids),
                ]
            )
            free = self._oms_free_stock(forecasts)
            by_product = defaultdict(list)
            for forecast in forecasts:
                by_product[forecast.product_id].append(forecast)
            for product, rows in by_product.items():
                stocks = [
                    StoreStock(
                        location=f.warehouse_id,
                        on_hand=free.get((product.id, f.warehouse_id.id), 0.0),
                        reorder_point=f.reorder_point,
                        order_up_to=f.order_up_to,
                        daily_demand=f.daily_demand,
                    )
                    for f in rows
                ]
                for transfer in rebalance(stocks):
                    moves[(transfer.source, transfer.destination)].append(
                        (product, transfer.quantity)
                    )
        pickings = self.env["stock.picking"]
        for (source, destination), lines in moves.items():
            pickings |= pickings.create(
                self._prepare_rebalancing_picking_vals(source, destination, lines)
            )
        return pickings

    def _oms_free_stock(self, forecasts):
        """``{(product_id, warehouse_id): free quantity}`` (on hand less reserved)."""
        free = {}
        for warehouse in forecasts.warehouse_id:
            products = forecasts.filtered(
                lambda f, w=warehouse: f.warehouse_id == w
            ).product_id
            for product in products.with_context(warehouse_id=warehouse.id):
                free[(product.id, warehouse.id)] = product.free_qty
        return free

    @api.model
    def _prepare_rebalancing_picking_vals(self, source, destination, lines):
        return {
            "picking_type_id": source.int_type_id.id,
            "location_id": source.lot_stock_id.id,
            "location_dest_id": destination.lot_stock_id.id,
            "company_id": source.company_id.id,
            "origin": self.env._("Rebalancing to %s", destination.name),
            "oms_rebalancing": True,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": product.display_name,
                        "product_id": product.id,
                        "product_uom": product.uom_id.id,
                        "product_uom_qty": quantity,
                        "location_id": source.lot_stock_id.id,
                        "location_dest_id": destination.lot_stock_id.id,
                        "company_id": source.company_id.id,
                    },
                )
                for product, quantity in lines
            ],
        }

    def _oms_check_manager(self):
        """Buttons are shown to managers only; the method checks it again."""
        if not self.env.user.has_group(
            "oms_multichannel.group_oms_multichannel_manager"
        ):
            raise AccessError(
                self.env._("Only Order Management administrators apply forecasts.")
            )
