# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.queue_job.exception import RetryableJobError

from oms_domain.retry import retry_delay
from oms_domain.sync import debounce_eta


class OmsChannel(models.Model):
    """Stock pushes as queue jobs: coalesced, debounced, retried."""

    # One file per capability: the jobs apart from the HTTP exporter
    # (oms_channel_http_stock.py), which other connectors do without.
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    stock_sync_max_retries = fields.Integer(
        string="Push Attempts",
        default=5,
        help="Attempts of a stock push job before the failure is recorded on the "
        "channel; 429 and 5xx answers and timeouts are retried with back-off.",
    )

    @api.constrains("stock_export_type", "stock_sync_max_retries")
    def _check_stock_sync_max_retries(self):
        for channel in self.filtered(lambda c: c.stock_export_type != "none"):
            if channel.stock_sync_max_retries < 1:
                raise ValidationError(
                    self.env._(
                        "Channel %s: at least one push attempt is needed.",
                        channel.display_name,
                    )
                )

    def action_oms_push_stock(self):
        # Pushing thousands of products is a job, not a request.
        self.check_access("write")
        queued = self.filtered(lambda c: c.stock_export_type != "none")
        for channel in queued:
            channel._oms_enqueue_stock_sync(mode="force", delay=0)
        super(OmsChannel, self - queued).action_oms_push_stock()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("The stock push is queued."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_oms_stock_reconcile(self):
        """Nightly: recompute every product of every pushing channel, push the
        differences and record the drift, one job per channel."""
        for channel in self.search([("stock_export_type", "!=", "none")]):
            channel._oms_enqueue_stock_sync(mode="full", delay=0)

    def _oms_stock_changed(self):
        res = super()._oms_stock_changed()
        for channel in self.filtered(lambda c: c.stock_export_type != "none"):
            channel._oms_enqueue_stock_sync()
        return res

    def _oms_enqueue_stock_sync(self, mode="changed", delay=None):
        """Enqueue the channel's sync job unless one is already waiting.

        The identity key coalesces every change of a channel into one pending
        job; the eta (the channel's push delay) lets a burst of changes end up
        in one run.
        """
        self.ensure_one()
        delay = self.stock_sync_debounce if delay is None else delay
        return self.with_delay(
            eta=debounce_eta(fields.Datetime.now(), delay),
            identity_key="oms_stock_sync:%s:%s" % (self.id, mode),
            max_retries=self.stock_sync_max_retries,
            description=self.env._(
                "Stock push (%(mode)s): %(channel)s", mode=mode, channel=self.name
            ),
        )._oms_sync_channel_stock(mode=mode)

    def _oms_sync_channel_stock(self, mode="changed"):
        """Job: recompute the channel's available-to-sell and push it.

        See ``oms.channel._oms_sync_stock`` for the modes and its transactions:
        the job's own transaction writes nothing a sale waits for. Retryable
        failures raise ``RetryableJobError`` while attempts remain, then are
        recorded on the channel.
        """
        self.ensure_one()
        summary = self._oms_sync_stock(mode=mode)
        return self.env._(
            "%(recomputed)s products recomputed, %(pushed)s quantities pushed in "
            "%(calls)s calls, %(drift)s drift. %(error)s",
            recomputed=summary["recomputed"],
            pushed=summary["pushed"],
            calls=summary["calls"],
            drift=summary["drift"],
            error=summary["error"] or "",
        )

    def _oms_stock_export_failed(self, error, summary):
        attempt, max_retries = self._oms_job_attempt()
        if error.retryable and attempt and attempt < max_retries:
            # The short technical message only: the job's result is logged.
            raise RetryableJobError(
                str(error), seconds=retry_delay(attempt, error.retry_after)
            )
        return super()._oms_stock_export_failed(error, summary)

    def _oms_job_attempt(self):
        """(attempt number, max attempts) of the running job, or (None, None)."""
        uuid = self.env.context.get("job_uuid")
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)])
        if not job:
            return None, None
        # queue_job stores the retry counter after the attempt: this is the next.
        return job.retry + 1, job.max_retries or float("inf")
