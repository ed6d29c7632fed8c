# Copyright 2026 OMS Multichannel contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Orders of every connector type: intake, bindings, cancellations, refunds."""

import json

from odoo import models
from odoo.exceptions import UserError


class OmsConnectorAccount(models.Model):
    _inherit = "oms.connector.account"

    def _oms_take_order(self, mapped, raw):
        """Take in one mapped order (webhook or polling) exactly once.

        :param mapped: object with ``external_id``, ``name``, ``normalized``,
            ``updated_at``, ``cancelled_at``, ``financial_status``,
            ``customer_id`` and ``refunds`` (see ``oms_domain.shopify``)
        :param raw: the platform's payload as received (str, bytes or dict)
        :return: ``"done"``, or ``"ignored"`` for an update older than the one
            already taken in
        """
        self.ensure_one()
        binding_model = self.env["oms.connector.order.binding"].sudo()
        binding = binding_model.search(
            [("account_id", "=", self.id), ("external_id", "=", mapped.external_id)]
        )
        if (
            binding.external_updated_at
            and mapped.updated_at
            and mapped.updated_at < binding.external_updated_at
        ):
            return "ignored"
        intake = (
            self.env["oms.order.intake"]
            .sudo()
            .with_company(self.company_id)
            .intake_order(self.channel_id, mapped.normalized, raw)
        )
        vals = {
            "intake_id": intake.id,
            "name": mapped.name,
            "external_updated_at": mapped.updated_at,
            "cancelled_at": mapped.cancelled_at,
            "financial_status": mapped.financial_status,
        }
        if binding:
            binding.write(vals)
        else:
            # The intake row lock serializes two takes of this order: no race.
            binding = binding_model.create(
                dict(vals, account_id=self.id, external_id=mapped.external_id)
            )
        self._oms_bind_customer(mapped.customer_id, intake.sale_order_id)
        self._oms_record_platform_refunds(binding, mapped.refunds)
        if mapped.cancelled_at:
            self._oms_cancel_from_platform(binding)
        return "done"

    def _oms_bind_customer(self, customer_id, order):
        if not customer_id or not order:
            return
        model = self.env["oms.connector.partner.binding"].sudo()
        if not model.search_count(
            [("account_id", "=", self.id), ("external_id", "=", customer_id)], limit=1
        ):
            model.create(
                {
                    "account_id": self.id,
                    "external_id": customer_id,
                    "partner_id": order.partner_id.id,
                }
            )

    def _oms_record_platform_refunds(self, binding, refunds):
        refund_model = self.env["oms.connector.refund"].sudo()
        known = set(
            refund_model.search(
                [("account_id", "=", self.id), ("order_binding_id", "=", binding.id)]
            ).mapped("external_id")
        )
        order = binding.sale_order_id
        for refund in refunds:
            if not refund.external_id or refund.external_id in known:
                continue
            refund_model.create(
                {
                    "account_id": self.id,
                    "external_id": refund.external_id,
                    "order_binding_id": binding.id,
                    "origin": "platform",
                    "amount": refund.amount,
                    "currency": refund.currency,
                    "note": refund.note[:250],
                    "refunded_at": refund.created_at,
                }
            )
            if order:
                order.message_post(
                    body=self.env._(
                        "%(account)s refunded %(amount)s %(currency)s to the "
                        "customer (%(note)s). Check the invoice and the stock.",
                        account=self.name,
                        amount=refund.amount,
                        currency=refund.currency,
                        note=refund.note or "-",
                    )
                )

    def _oms_cancel_from_platform(self, binding):
        """Cancel the sale order the platform cancelled, when nothing left."""
        order = binding.sale_order_id
        if not order or order.state == "cancel":
            return
        shipped = order.picking_ids.filtered(lambda p: p.state == "done")
        reason = False
        if shipped:
            reason = self.env._(
                "Cancelled on %s, but goods already left: handle it by hand.",
                self.name,
            )
        else:
            try:
                with self.env.cr.savepoint():
                    order.with_context(disable_cancel_warning=True)._action_cancel()
            except UserError as error:
                reason = self.env._(
                    "Cancelled on %(account)s, but Odoo refused: %(error)s",
                    account=self.name,
                    error=str(error),
                )
        if reason:
            order.oms_exception = reason
            order.message_post(body=reason)
        else:
            order.message_post(
                body=self.env._("Cancelled on %s: cancelled here too.", self.name)
            )

    def _oms_record_failed_payload(self, topic, key, payload, message):
        """Keep a payload we could not map as a failed event (nothing lost)."""
        event_model = self.env["oms.connector.event"].sudo()
        event = event_model.search(
            [("account_id", "=", self.id), ("delivery_id", "=", key)]
        )
        vals = {
            "state": "failed",
            "error": message,
            "body": json.dumps(payload, sort_keys=True, default=str),
        }
        if event:
            event.write(vals)
            return event
        return event_model.create(
            dict(vals, account_id=self.id, delivery_id=key, topic=topic)
        )

    def _oms_queue_return_refund(self, values):
        """Record and queue the refund of a settled return, per order."""
        self.ensure_one()
        refund_model = self.env["oms.connector.refund"].sudo()
        queued = False
        by_order = {}
        for line in values.get("lines") or []:
            by_order.setdefault(line.get("order_id"), []).append(line)
        for order_id, lines in by_order.items():
            binding = (
                self.env["oms.connector.order.binding"]
                .sudo()
                .search(
                    [("account_id", "=", self.id), ("sale_order_id", "=", order_id)],
                    limit=1,
                )
            )
            if not binding:
                continue
            return_ref = "%s:%s" % (values.get("reference"), order_id)
            if refund_model.search_count(
                [("account_id", "=", self.id), ("return_ref", "=", return_ref)]
            ):
                queued = True
                continue
            items = self._oms_line_items_of(binding, lines)
            refund = refund_model.create(
                {
                    "account_id": self.id,
                    "order_binding_id": binding.id,
                    "origin": "odoo",
                    "state": "pending",
                    "return_ref": return_ref,
                    "currency": values.get("currency"),
                    "note": values.get("reference"),
                    "amount": "%.2f" % sum(line.get("amount") or 0 for line in lines),
                    "lines_json": json.dumps(items),
                }
            )
            self._oms_delay(
                "fulfilments",
                "oms_refund:%s" % refund.id,
                self.env._("Refund %(ref)s to %(account)s")
                % {"ref": values.get("reference"), "account": self.name},
                record=refund,
            )._oms_push()
            queued = True
        return queued

    def _oms_line_items_of(self, binding, lines):
        """[(external line id, quantity)] of returned lines, through the SKUs
        of the normalized order the intake kept."""
        normalized = json.loads(binding.intake_id.sudo().normalized or "{}")
        by_sku = {}
        for line in normalized.get("lines") or []:
            if isinstance(line, dict) and line.get("external_line_id"):
                by_sku.setdefault(line.get("sku"), line["external_line_id"])
        items = []
        for line in lines:
            external = by_sku.get(line.get("sku"))
            if external and line.get("quantity"):
                items.append((external, int(line["quantity"])))
        return items
