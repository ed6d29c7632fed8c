# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.queue_job.job import identity_exact


class OmsForecastBatch(models.Model):
    """Products of one forecast run computed by one job; ``state`` is the
    run's watermark: a done batch is never computed again in that run."""

    _name = "oms.forecast.batch"
    _description = "Demand Forecast Batch"
    _order = "run_id desc, sequence"

    run_id = fields.Many2one(
        "oms.forecast.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    sequence = fields.Integer(required=True)
    product_ids = fields.Many2many("product.product", string="Products")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done")],
        default="pending",
        required=True,
        index=True,
    )
    series_count = fields.Integer(
        string="Series", help="Product and warehouse pairs forecast."
    )
    date_done = fields.Datetime()

    def _oms_enqueue(self):
        for batch in self:
            batch.with_delay(
                identity_key=identity_exact,
                description=self.env._(
                    "Demand forecast %(run)s, batch %(batch)s",
                    run=batch.run_id.name,
                    batch=batch.sequence + 1,
                ),
            )._oms_forecast_job()

    def _oms_forecast_job(self):
        """Forecast the batch's products (a queue_job); done batches are skipped,
        so a job run twice does nothing the second time.

        Computed figures only: the job runs as superuser whoever started the run
        (a manager's *Run Now*), in the batch's company.
        """
        batches = self.sudo()
        for batch in batches.filtered(lambda b: b.state != "done"):
            forecasts = batch.env["oms.demand.forecast"].with_company(batch.company_id)
            count = forecasts._oms_compute(
                batch.company_id,
                batch.product_ids.with_context(active_test=False),
                today=batch.run_id.date,
                run=batch.run_id,
            )
            batch.write(
                {
                    "state": "done",
                    "series_count": count,
                    "date_done": fields.Datetime.now(),
                }
            )
        batches.run_id._oms_finish()
