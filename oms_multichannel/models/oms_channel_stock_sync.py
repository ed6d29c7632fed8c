# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
import time
from collections import defaultdict

from psycopg2 import OperationalError

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from oms_domain.sync import (
    StockExportError,
    StockLevel,
    batched,
    debounce_eta,
    truncate_detail,
    update_latency,
)

# Attempts of one short sync transaction that lost a race with a sale.
TRANSACTION_TRIES = 5
# Seconds a recompute-only job waits, so that a burst of changes (an order of
# many lines, a channel form saved) is recomputed in one run.
RECOMPUTE_DELAY = 2


class OmsChannel(models.Model):
    """The stock push of a channel: what to send, the calls, what was sent."""

    _inherit = "oms.channel"

    # Exporter registry and its bookkeeping.
    stock_export_type = fields.Selection(
        [("none", "No Stock Push")],
        string="Stock Push",
        required=True,
        default="none",
        copy=False,
        help="How available-to-sell quantities reach the channel. Connector "
        "modules add their own.",
    )
    stock_sync_debounce = fields.Integer(
        string="Push Delay (s)",
        default=60,
        help="Stock changes are collected for this long before one push.",
    )
    stock_sync_latency = fields.Float(
        string="Measured Sync Latency (s)",
        readonly=True,
        help="Average time from a stock change to the channel having it.",
    )
    stock_last_sync_at = fields.Datetime(string="Last Stock Push", readonly=True)
    stock_sync_failed_count = fields.Integer(
        string="Failed Pushes",
        readonly=True,
        help="Stock pushes that failed in a row; reset by the next success.",
    )
    stock_sync_last_error = fields.Text(
        string="Last Push Error",
        readonly=True,
        help="What failed, in one sentence; the channel's answer is in the "
        "error detail, for managers.",
    )
    stock_sync_last_error_at = fields.Datetime(string="Last Error On", readonly=True)
    stock_sync_last_error_detail = fields.Text(
        string="Last Error Detail",
        readonly=True,
        copy=False,
        groups="oms_multichannel.group_oms_multichannel_manager",
        help="Beginning of the channel's answer to the last failed push.",
    )
    stock_drift_count = fields.Integer(
        string="Drift at Last Reconciliation",
        readonly=True,
        help="Quantities the last full reconciliation found wrong on the channel "
        "although no change was pending.",
    )

    # Actions

    def action_oms_push_stock(self):
        """Recompute every product of the channel and push all quantities now."""
        # Public method: the sync below runs as superuser, so check the rights
        # the button's group stands for.
        self.check_access("write")
        for channel in self:
            channel._oms_sync_stock(mode="force")
        return True

    def action_oms_recompute_stock(self):
        """Recompute every available-to-sell figure of the channels now.

        Local work only (no call to the channel): done in this request. The
        channels that push stock get their push job for what changed.
        """
        self.check_access("read")
        self.env["oms.channel.stock"].check_access("read")
        if not self.env.user.has_group("oms_multichannel.group_oms_multichannel_user"):
            raise AccessError(
                self.env._("Only Order Management users may recompute availability.")
            )
        recomputed = 0
        for channel in self:
            summary, _rows = channel.sudo()._oms_stock_sync_read("force", export=False)
            recomputed += summary["recomputed"]
        pushing = self.filtered(lambda c: c.stock_export_type != "none")
        if pushing:
            pushing.sudo()._oms_stock_changed()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Available to sell recomputed for %s products.", recomputed
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # Extension points

    def _oms_stock_exporter(self):
        """Exporter that pushes this channel's stock, or ``None``.

        Registry by ``stock_export_type``: a connector module adds a selection
        value ``x`` and a method ``_oms_stock_exporter_x()`` returning an
        :class:`oms_domain.sync.StockExporter` (``batch_size`` and
        ``export(levels)``, raising ``StockExportError`` on failure). The
        exporter is built before the push and used outside any transaction
        that writes availability rows: give it plain values, not records.
        """
        self.ensure_one()
        factory = getattr(self, "_oms_stock_exporter_%s" % self.stock_export_type, None)
        return factory() if factory else None

    def _oms_stock_changed(self):
        """Called after pairs of these channels were marked dirty.

        Channels without stock push get a recompute-only job, one pending per
        channel, so that their figures follow stock and policy changes within
        seconds. ``oms_marketplace_connectors`` enqueues its debounced push job
        (which recomputes too) for the channels that push.
        """
        channels = self.filtered(lambda c: c.stock_export_type == "none")
        if not channels:
            return True
        # One query for all channels: most changes find their job waiting.
        keys = {"oms_stock_recompute:%s" % channel.id: channel for channel in channels}
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("identity_key", "in", list(keys)),
                    ("state", "in", ("wait_dependencies", "pending", "enqueued")),
                ]
            )
            .mapped("identity_key")
        )
        for key, channel in keys.items():
            if key not in waiting:
                channel._oms_enqueue_stock_recompute()
        return True

    def _oms_enqueue_stock_recompute(self):
        """Enqueue the channel's recompute-only job unless one is waiting."""
        self.ensure_one()
        return self.with_delay(
            eta=debounce_eta(fields.Datetime.now(), RECOMPUTE_DELAY),
            identity_key="oms_stock_recompute:%s" % self.id,
            description=self.env._("Recompute available to sell: %s", self.name),
        )._oms_recompute_channel_stock()

    def _oms_recompute_channel_stock(self):
        """Job: recompute the pairs of the channel flagged dirty."""
        self.ensure_one()
        summary = self._oms_sync_stock(mode="changed")
        return self.env._("%s products recomputed.", summary["recomputed"])

    def _oms_stock_error_message(self, error):
        """One translated sentence saying what failed, for the chatter and the
        channel form; never the channel's answer (see the error detail)."""
        return self.env["oms.domain.message"]._oms_message(
            "stock_export_%s" % error.code, {"status": error.status}
        )

    # The push

    def _oms_sync_stock(self, mode="changed"):
        """Recompute this channel's available-to-sell and push what changed.

        With an exporter, three steps, so that no row a sale or a stock move
        updates is held while waiting on the network:

        1. a short transaction of its own recomputes and reads what to send;
        2. the calls, outside any transaction that wrote availability rows;
        3. another short transaction records what the channel received. A pair
           changed since step 1 stays to recompute (``dirty``) or to push.

        Call it from a transaction that has not written this channel's
        availability rows (a job, a cron): steps 1 and 3 use their own
        cursors and would wait for it. Without exporter, only step 1 runs, in
        the current transaction.

        :param mode: ``"changed"`` recomputes the pairs marked dirty (the
            change-driven run); ``"full"`` recomputes every product and records
            drift (nightly reconciliation); ``"force"`` recomputes every product
            and pushes every quantity ("Push now").
        :return: summary dict: recomputed, pushed, calls, drift, error
        """
        self.ensure_one()
        channel = self.sudo()
        exporter = channel._oms_stock_exporter()
        if exporter is None:
            summary, _rows = channel._oms_stock_sync_read(mode, export=False)
            return summary
        summary, rows = channel._oms_stock_transaction(
            lambda ch: ch._oms_stock_sync_read(mode, export=True)
        )
        delivered, error = channel._oms_stock_sync_call(exporter, rows, summary)
        if delivered or not error:
            channel._oms_stock_transaction(
                lambda ch: ch._oms_stock_sync_record(delivered, succeeded=not error)
            )
        if error:
            summary["error"] = channel._oms_stock_error_message(error)
            channel._oms_stock_export_failed(error, summary)
        return summary

    def _oms_stock_sync_read(self, mode, export):
        """Step 1: recompute; return the summary and the rows to send.

        :return: ``(summary, rows)``, rows being plain tuples
            ``(row id, product id, sku, quantity, pending since)``
        """
        self.ensure_one()
        stock_model = self.env["oms.channel.stock"].sudo()
        if mode == "changed":
            products = stock_model.search(
                [("channel_id", "=", self.id), ("dirty", "=", True)]
            ).product_id
        else:
            products = self._oms_stock_products() | stock_model.search(
                [("channel_id", "=", self.id)]
            ).product_id.with_context(active_test=False)
        drift = stock_model._oms_recompute(self, products, record_drift=mode == "full")
        if mode == "full":
            self.stock_drift_count = len(drift)
        summary = {
            "recomputed": len(products),
            "pushed": 0,
            "calls": 0,
            "drift": len(drift),
            "error": False,
        }
        if not export:
            return summary, []
        domain = [("channel_id", "=", self.id)]
        if mode != "force":
            domain.append(("to_export", "=", True))
        lines = stock_model.search(domain, order="product_id")
        rows = [
            (
                line.id,
                line.product_id.id,
                line.product_id.default_code or "",
                line.ats,
                line.pending_since,
            )
            for line in lines
        ]
        return summary, rows

    def _oms_stock_sync_call(self, exporter, rows, summary):
        """Step 2: the calls, batch by batch, until one fails.

        :return: ``(delivered, error)``: ``(row id, quantity, delivered at,
            pending since)`` of what the channel took, and the
            ``StockExportError`` that stopped the push or ``None``
        """
        delivered = []
        for batch in batched(rows, exporter.batch_size):
            levels = [StockLevel(row[1], row[2], row[3]) for row in batch]
            try:
                left_out = set(exporter.export(levels) or ())
            except StockExportError as error:
                return delivered, error
            when = fields.Datetime.now()
            # What the channel could not take stays to push, never "pushed".
            taken = [
                (row_id, qty, when, since)
                for row_id, product_id, _sku, qty, since in batch
                if product_id not in left_out
            ]
            delivered += taken
            summary["calls"] += 1
            summary["pushed"] += len(taken)
        return delivered, None

    def _oms_stock_sync_record(self, delivered, succeeded):
        """Step 3: record what the channel received, then the run's outcome."""
        self.ensure_one()
        stock_model = self.env["oms.channel.stock"].sudo()
        by_when = defaultdict(dict)
        latencies = []
        for row_id, qty, when, since in delivered:
            by_when[when][row_id] = qty
            if since:
                latencies.append((when - since).total_seconds())
        for when, sent in by_when.items():
            stock_model.browse(list(sent))._oms_mark_exported(when, sent)
        if succeeded:
            last = max(by_when, default=fields.Datetime.now())
            self._oms_stock_export_succeeded(last, latencies)

    def _oms_stock_transaction(self, func):
        """``func(channel)`` in a transaction of its own, committed at return.

        Retried when it loses a race with a sale or a stock move (serialization
        failure); its result must be plain values, not records.
        """
        self.env.flush_all()
        for attempt in range(1, TRANSACTION_TRIES + 1):
            try:
                with self.env.registry.cursor() as cr:
                    env = self.env(cr=cr)
                    result = func(self.with_env(env))
                    # The transaction only knows its environments weakly:
                    # flush while this one is surely alive.
                    env.flush_all()
                break
            except OperationalError as error:
                if (
                    error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY
                    or attempt == TRANSACTION_TRIES
                ):
                    raise
                time.sleep(random.uniform(0.0, 0.1 * 2**attempt))
        # What this env cached predates the other transaction.
        self.env.invalidate_all()
        return result

    # Outcome

    def _oms_stock_export_succeeded(self, when, latencies):
        self.ensure_one()
        vals = {"stock_last_sync_at": when}
        if latencies:
            vals["stock_sync_latency"] = update_latency(
                self.stock_sync_latency, latencies
            )
        if self.stock_sync_failed_count:
            vals["stock_sync_failed_count"] = 0
            self.message_post(body=self.env._("Stock push works again."))
        self.write(vals)

    def _oms_stock_export_failed(self, error, summary):
        """Make a failed push visible on the channel; pairs stay to push.

        Connector modules override this to retry first (queue_job) and call
        ``super()`` once they give up. Recorded in a transaction of its own:
        the chatter gets a short sentence, the channel's answer goes to the
        managers' error detail.
        """
        self.ensure_one()
        self._oms_stock_transaction(
            lambda channel: channel._oms_stock_record_failure(error, summary)
        )

    def _oms_stock_record_failure(self, error, summary):
        self.ensure_one()
        message = self._oms_stock_error_message(error)
        self.write(
            {
                "stock_sync_failed_count": self.stock_sync_failed_count + 1,
                "stock_sync_last_error": message,
                "stock_sync_last_error_at": fields.Datetime.now(),
                "stock_sync_last_error_detail": truncate_detail(
                    error.detail or str(error)
                ),
            }
        )
        self.message_post(
            body=self.env._(
                "Stock push failed after %(pushed)s quantities: %(error)s.",
                pushed=summary["pushed"],
                error=message,
            )
        )
