# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, fields, models

from oms_domain import json_text


class OmsOrderIntakePayload(models.Model):
    """One version of a channel order's payload, as received.

    Every distinct payload a channel sends for an order is kept, in the order
    received; sending the same bytes again only counts it. The text is what
    people read; when it cannot hold the payload exactly (bytes that are not
    UTF-8, NUL characters), the exact bytes are kept as a file beside it.
    """

    _name = "oms.order.intake.payload"
    _description = "Channel Order Payload Received"
    _order = "intake_id, id desc"
    _rec_name = "received_date"

    intake_id = fields.Many2one(
        "oms.order.intake", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        related="intake_id.company_id",
        store=True,
        index=True,
        readonly=True,
        precompute=True,
    )
    received_date = fields.Datetime(
        "First Received", required=True, readonly=True, default=fields.Datetime.now
    )
    last_received_date = fields.Datetime(
        "Last Received", required=True, readonly=True, default=fields.Datetime.now
    )
    receive_count = fields.Integer(
        "Times Received",
        default=1,
        readonly=True,
        help="How many times the channel sent exactly this payload.",
    )
    payload = fields.Text(
        readonly=True,
        help="The payload as text. When 'Exact Text' is off, the channel sent "
        "bytes this text cannot hold exactly: download the exact file.",
    )
    payload_file = fields.Binary(
        "Exact Payload",
        attachment=True,
        readonly=True,
        help="The bytes exactly as received, kept when the text is not exact.",
    )
    payload_filename = fields.Char(compute="_compute_payload_filename")
    is_exact = fields.Boolean("Exact Text", readonly=True, default=True)
    size = fields.Integer("Size (bytes)", readonly=True)
    sha256 = fields.Char("SHA-256", readonly=True, index=True)
    normalized = fields.Text(
        "Normalized Order as Received",
        readonly=True,
        help="The normalized order sent with this payload, before any fix.",
    )

    @api.depends("intake_id.external_id")
    def _compute_payload_filename(self):
        for record in self:
            record.payload_filename = "payload-%s-%s.bin" % (
                record.intake_id.id or 0,
                record.id or 0,
            )

    @api.model
    def _record_received(self, intake, raw, data, first=False):
        """Keep one receipt of ``raw`` (an :class:`oms_domain.RawPayload`) and
        of the normalized ``data`` it came with.

        The same bytes and normalized order as the latest version only count
        again. Runs under the intake's row lock, so concurrent receipts of the
        same order never interleave. ``first``: the intake was just created,
        there is no earlier version to look for.
        """
        normalized = json_text(data)
        latest = (
            self.browse()
            if first
            else self.search([("intake_id", "=", intake.id)], limit=1)
        )
        now = fields.Datetime.now()
        if latest and latest.sha256 == raw.sha256 and latest.normalized == normalized:
            latest.write(
                {"receive_count": latest.receive_count + 1, "last_received_date": now}
            )
            return latest
        return self.create(
            {
                "intake_id": intake.id,
                "received_date": now,
                "last_received_date": now,
                "payload": raw.text,
                "payload_file": (
                    False if raw.exact else base64.b64encode(raw.data).decode()
                ),
                "is_exact": raw.exact,
                "size": len(raw.data),
                "sha256": raw.sha256,
                "normalized": normalized,
            }
        )

    def _exact_bytes(self):
        """The payload exactly as received."""
        self.ensure_one()
        if self.is_exact:
            return (self.payload or "").encode("utf-8")
        return base64.b64decode(self.payload_file or b"")
