# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class OmsForecastRun(models.Model):
    """One nightly recomputation of a company's demand forecasts.

    It is cut into batches of products, each a queue_job of its own; a batch
    records when it is done, so a run interrupted (server restart, job lost or
    failed) resumes with the batches still pending at the next cron call
    instead of starting again.
    """

    _name = "oms.forecast.run"
    _description = "Demand Forecast Run"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    date = fields.Date(
        required=True, readonly=True, help="Day the history runs up to (excluded)."
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")],
        default="running",
        required=True,
        readonly=True,
        index=True,
    )
    batch_ids = fields.One2many("oms.forecast.batch", "run_id", readonly=True)
    batch_count = fields.Integer(compute="_compute_progress")
    batch_done_count = fields.Integer(
        compute="_compute_progress", string="Batches Done"
    )
    series_count = fields.Integer(compute="_compute_progress", string="Series Forecast")
    date_done = fields.Datetime(readonly=True)

    @api.depends("batch_ids.state", "batch_ids.series_count")
    def _compute_progress(self):
        for run in self:
            run.batch_count = len(run.batch_ids)
            done = run.batch_ids.filtered(lambda b: b.state == "done")
            run.batch_done_count = len(done)
            run.series_count = sum(done.mapped("series_count"))

    # Actions

    @api.model
    def action_oms_run_now(self):
        """Start (or resume) the forecast of the user's companies now."""
        self.env["oms.demand.forecast"]._oms_check_manager()
        self.sudo()._oms_schedule(self.env.companies, force=True)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Forecast Runs"),
            "res_model": "oms.forecast.run",
            "view_mode": "list,form",
        }

    # Business methods

    @api.model
    def _cron_oms_forecast(self):
        """Nightly: resume unfinished runs, start a run for companies whose last
        one is older than 20 hours."""
        self._oms_schedule(self.env["res.company"].search([]))

    @api.model
    def _oms_schedule(self, companies, force=False):
        today = fields.Date.context_today(self)
        for company in companies:
            running = self.search(
                [("company_id", "=", company.id), ("state", "=", "running")]
            )
            if running:
                running._oms_enqueue_pending()
                continue
            last = self.search([("company_id", "=", company.id)], limit=1)
            if (
                not force
                and last
                and last.create_date > fields.Datetime.now() - timedelta(hours=20)
            ):
                continue
            self._oms_start(company, today)._oms_enqueue_pending()

    @api.model
    def _oms_start(self, company, today):
        """A run with its batches: products sold or forecast in the company."""
        batch_size = self.env["oms.demand.forecast"]._oms_settings()["batch_size"]
        product_ids = self._oms_products(company, today)
        batches = [
            product_ids[i : i + batch_size]
            for i in range(0, len(product_ids), batch_size)
        ]
        return self.create(
            {
                "name": "%s %s" % (company.name, today),
                "company_id": company.id,
                "date": today,
                "batch_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": index,
                            "company_id": company.id,
                            "product_ids": [(6, 0, ids)],
                        },
                    )
                    for index, ids in enumerate(batches)
                ],
                "state": "running" if batches else "done",
            }
        )

    @api.model
    def _oms_products(self, company, today):
        """Ids of products sold in the history window, or already forecast."""
        settings = self.env["oms.demand.forecast"]._oms_settings()
        start = today - timedelta(days=settings["history_days"])
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT DISTINCT sol.product_id
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
             WHERE so.state = 'sale' AND so.company_id = %(company)s
               AND so.date_order >= %(start)s AND sol.product_id IS NOT NULL
             UNION
            SELECT product_id FROM oms_demand_forecast
             WHERE company_id = %(company)s
            """,
            {"company": company.id, "start": start},
        )
        ids = {row[0] for row in self.env.cr.fetchall()}
        if "pos.order.line" in self.env:
            self.env.cr.execute(
                """
                SELECT DISTINCT pol.product_id
                  FROM pos_order_line pol JOIN pos_order po ON po.id = pol.order_id
                 WHERE po.company_id = %s AND po.date_order >= %s
                """,
                (company.id, start),
            )
            ids.update(row[0] for row in self.env.cr.fetchall())
        return sorted(ids)

    def _oms_enqueue_pending(self):
        for run in self:
            pending = run.batch_ids.filtered(lambda b: b.state != "done")
            if not pending:
                run._oms_finish()
            for batch in pending:
                batch._oms_enqueue()

    def _oms_finish(self):
        for run in self:
            if run.state != "done" and all(
                batch.state == "done" for batch in run.batch_ids
            ):
                run.write({"state": "done", "date_done": fields.Datetime.now()})
